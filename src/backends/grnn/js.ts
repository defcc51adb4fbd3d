import { fastKernel } from '../../../kernels/grnn/fast.js';
import { workerExecutor } from '../../methods/grnn/executor.js';
import type { GrnnBackend } from './grnn-backend.js';

/** The typed-array kernel on worker threads, one window per task: runs everywhere. */
export const jsGrnnBackend: GrnnBackend = {
  name: 'js',
  kernel: 'grnn',
  rank: 20,
  label: 'the js kernel',
  fallbackNote: 'about 40× slower, same results to float rounding',
  available: async () => ({ ok: true, detail: 'typed arrays on worker threads' }),
  openKernel: async () => fastKernel,
  openRunner: async (threads) => workerExecutor(threads),
};
