import { inProcessTrainer } from '../../methods/bpann/trainer.js';
import { tfjsBackendOf } from '../tfjs.js';
import type { BpannBackend } from './bpann-backend.js';

/** The tfjs tensor core, in this thread, gradient descent only. */
export const tfjsBpannBackend: BpannBackend = tfjsBackendOf(
  'bpann',
  async () => (await import('../../../kernels/bpann/tfjs.js')).tfjsBpannKernel,
  (kernel) => inProcessTrainer(kernel),
);
