import { fastKernel } from '../../../kernels/bpann/fast.js';
import { inProcessTrainer, workerTrainer } from '../../methods/bpann/trainer.js';
import type { BpannBackend } from './bpann-backend.js';

/** The typed-array kernel over worker threads (in this thread when threads = 1): runs everywhere. */
export const jsBpannBackend: BpannBackend = {
  name: 'js',
  kernel: 'bpann',
  rank: 20,
  label: 'the js kernel',
  fallbackNote: 'same results to float rounding, slower',
  available: async () => ({ ok: true, detail: 'typed arrays on worker threads (this thread with --threads 1)' }),
  openKernel: async () => fastKernel,
  // one thread needs no worker, and only the in-process kernel keeps the training curve (site mode)
  openRunner: async (threads) => (threads === 1 ? inProcessTrainer(fastKernel) : workerTrainer(threads)),
};
