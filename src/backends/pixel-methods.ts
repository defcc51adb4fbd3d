import { availableParallelism } from 'node:os';
import type { EnkfKernel } from '../../kernels/enkf/types.js';
import type { PixelMethodBackendChoice } from '../config/pixel-method-config.js';
import type { Logger } from '../log.js';
import type { BpannTrainer } from '../methods/bpann/trainer.js';
import { BPANN_BACKENDS, ENKF_BACKENDS } from './registry.js';
import { openBackend } from './select.js';

/**
 * The BPANN trainer of a --backend choice (src/backends/bpann/). `auto`: the C++ addon
 * when it built, else the typed-array kernel over worker threads. Networks are
 * independent and seeded per pixel, so the choice and the thread count change no number
 * beyond float rounding between implementations. A fallback is a BACKEND_FALLBACK
 * warning on `log` that says why.
 */
export function bpannTrainerFor(choice: PixelMethodBackendChoice, threads = availableParallelism(), log?: Logger): Promise<BpannTrainer> {
  return openBackend(BPANN_BACKENDS, choice, threads, log);
}

/** The EnKF kernel of a --backend choice (src/backends/enkf/): `auto` is the addon when built, else the typed-array kernel. */
export function enkfKernelFor(choice: PixelMethodBackendChoice, threads = availableParallelism(), log?: Logger): Promise<EnkfKernel> {
  return openBackend(ENKF_BACKENDS, choice, threads, log);
}
