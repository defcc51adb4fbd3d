import { nativeAddon } from '../native/load.js';
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
 * kernel, float64, 8 samples per SIMD block, networks split over threads, the per-step
 * MSE recorded when `history` is asked for. Results do not depend on the thread count.
 * Null when the addon is not available.
 */
export function nativeBpannKernel(options: NativeBpannOptions = {}): BpannKernel | null {
  const addon = nativeAddon();
  if (!addon || typeof addon.bpannTrain !== 'function') return null; // an addon built before this kernel
  const threads = options.threads ?? addon.hardwareThreads;
  const simd = options.simd ?? addon.simd;
  return {
    name: `native-${simd}`,
    train(batch, params, opts = {}) {
      const trainer = opts.trainer ?? BPANN_DEFAULTS.trainer;
      if (params.length < batch.networks * PARAMS_PER_NETWORK) throw new RangeError('bpann: params is shorter than networks imply');
      const steps = new Int32Array(batch.networks);
      const mse = new Float64Array(batch.networks);
      const iterations = opts.iterations ?? BPANN_DEFAULTS.iterations;
      const history = opts.history ? new Float32Array(batch.networks * iterations).fill(NaN) : undefined;
      addon.bpannTrain(
        batch.x,
        batch.y,
        batch.count,
        batch.holdout ?? new Int32Array(batch.networks),
        batch.networks,
        batch.maxSamples,
        params,
        trainer === 'lm' ? 1 : 0,
        opts.learningRate ?? BPANN_DEFAULTS.learningRate,
        iterations,
        opts.errorGoal ?? defaultErrorGoal(trainer),
        steps,
        mse,
        history ?? null,
        threads,
        simd,
      );
      return { steps, mse, history };
    },
  };
}
