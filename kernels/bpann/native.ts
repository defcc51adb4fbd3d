import { nativeAddon } from '../native/load.js';
import { fastKernel } from './fast.js';
import { BPANN_DEFAULTS, defaultErrorGoal, PARAMS_PER_NETWORK, type BpannKernel } from './types.js';

export interface NativeBpannOptions {
  /** Threads over networks (default: every hardware thread). */
  readonly threads?: number;
  /** SIMD path (default: the CPU's best; tests pick each). */
  readonly simd?: string;
}

/**
 * The C++ BPANN trainers (kernels/native/src/bpann/): gradient descent and
 * Levenberg–Marquardt with the same stops, validation holdout and outputs as the JS
 * kernel, float64, 8 samples per SIMD block, networks split over threads. Results do
 * not depend on the thread count. A run that asks for `history` is delegated to the JS
 * kernel (the per-step MSE trace is a diagnostic, not a hot path). Null when the addon is
 * not available.
 */
export function nativeBpannKernel(options: NativeBpannOptions = {}): BpannKernel | null {
  const addon = nativeAddon();
  if (!addon || typeof addon.bpannTrain !== 'function') return null; // an addon built before this kernel
  const threads = options.threads ?? addon.hardwareThreads;
  const simd = options.simd ?? addon.simd;
  return {
    name: `native-${simd}`,
    train(batch, params, opts = {}) {
      if (opts.history) return fastKernel.train(batch, params, opts);
      const trainer = opts.trainer ?? BPANN_DEFAULTS.trainer;
      if (params.length < batch.networks * PARAMS_PER_NETWORK) throw new RangeError('bpann: params is shorter than networks imply');
      const steps = new Int32Array(batch.networks);
      const mse = new Float64Array(batch.networks);
      addon.bpannTrain(
        batch.x, batch.y, batch.count, batch.holdout ?? new Int32Array(batch.networks), batch.networks, batch.maxSamples, params,
        trainer === 'lm' ? 1 : 0, opts.learningRate ?? BPANN_DEFAULTS.learningRate, opts.iterations ?? BPANN_DEFAULTS.iterations,
        opts.errorGoal ?? defaultErrorGoal(trainer), steps, mse, threads, simd,
      );
      return { steps, mse };
    },
  };
}
