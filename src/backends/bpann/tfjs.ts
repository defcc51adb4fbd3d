import { tfjsBpannKernel } from '../../../kernels/bpann/tfjs.js';
import { inProcessTrainer } from '../../methods/bpann/trainer.js';
import { startTfjs, tfjsAvailability, TFJS_VARIANTS } from '../tfjs.js';
import type { BpannBackend } from './bpann-backend.js';

/** The tfjs tensor core, in this thread, gradient descent only. */
export const tfjsBpannBackend: BpannBackend = {
  name: 'tfjs',
  kernel: 'bpann',
  rank: 40,
  label: 'the tfjs kernel',
  available: tfjsAvailability,
  variants: () => TFJS_VARIANTS,
  async openKernel({ variant } = {}) {
    await startTfjs(variant);
    return tfjsBpannKernel;
  },
  async openRunner(_threads, log) {
    await startTfjs(undefined, log);
    return inProcessTrainer(tfjsBpannKernel);
  },
};
