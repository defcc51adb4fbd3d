import type { BpannKernel } from '../../../kernels/bpann/types.js';
import type { BpannTrainer } from '../../methods/bpann/trainer.js';
import type { Backend } from '../backend.js';

/** A BPANN backend: its kernel, and the trainer a run trains batches of networks with. */
export type BpannBackend = Backend<BpannKernel, BpannTrainer>;
