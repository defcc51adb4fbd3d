import { tfjsKernel } from '../../../kernels/grnn/tfjs.js';
import { inProcessExecutor } from '../../methods/grnn/executor.js';
import { startTfjs, tfjsAvailability, TFJS_VARIANTS } from '../tfjs.js';
import type { GrnnBackend } from './grnn-backend.js';

/** The tfjs tensor core (libtensorflow, else WebAssembly, else plain JS), windows one at a time in this thread. */
export const tfjsGrnnBackend: GrnnBackend = {
  name: 'tfjs',
  kernel: 'grnn',
  rank: 40,
  label: 'the tfjs kernel',
  available: tfjsAvailability,
  variants: () => TFJS_VARIANTS,
  async openKernel({ variant } = {}) {
    await startTfjs(variant);
    return tfjsKernel;
  },
  async openRunner(_threads, log) {
    return inProcessExecutor(tfjsKernel, `tfjs-${await startTfjs(undefined, log)}`);
  },
};
