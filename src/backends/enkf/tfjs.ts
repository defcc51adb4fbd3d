import { tfjsEnkfKernel } from '../../../kernels/enkf/tfjs.js';
import { startTfjs, tfjsAvailability, TFJS_VARIANTS } from '../tfjs.js';
import type { EnkfBackend } from './enkf-backend.js';

/** The tfjs tensor core, in this thread. */
export const tfjsEnkfBackend: EnkfBackend = {
  name: 'tfjs',
  kernel: 'enkf',
  rank: 40,
  label: 'the tfjs kernel',
  available: tfjsAvailability,
  variants: () => TFJS_VARIANTS,
  async openKernel({ variant } = {}) {
    await startTfjs(variant);
    return tfjsEnkfKernel;
  },
  async openRunner(_threads, log) {
    await startTfjs(undefined, log);
    return tfjsEnkfKernel;
  },
};
