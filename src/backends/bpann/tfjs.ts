import { tfjsBpannKernel } from '../../../kernels/bpann/tfjs.js';
import { inProcessTrainer } from '../../methods/bpann/trainer.js';
import { tfjsBackendOf } from '../tfjs.js';
import type { BpannBackend } from './bpann-backend.js';

/** The tfjs tensor core, in this thread, gradient descent only. */
export const tfjsBpannBackend: BpannBackend = tfjsBackendOf('bpann', tfjsBpannKernel, (kernel) => inProcessTrainer(kernel));
