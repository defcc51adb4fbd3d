import { nativeAddon } from '../native/load.js';
import type { GrnnKernel } from './types.js';

export interface NativeGrnnOptions {
  /** Threads over queries (default: every hardware thread). */
  readonly threads?: number;
  /** SIMD path (default: the CPU's best; tests pick each). */
  readonly simd?: string;
}

/**
 * The C++ GRNN kernel (kernels/native/src/grnn/): the same formula and nearest-distance
 * shift as the reference, float32 with a polynomial exp, one distance pass per query for
 * every σ, queries split over threads. Training samples are put in k-d order so that,
 * with a tolerance, blocks of 16 far samples are skipped (exact truncation: the dropped
 * weight is bounded after the sums and the σ summed again in full when the bound exceeds
 * the tolerance). Results do not depend on the thread count. Null when the addon is not
 * available.
 */
export function nativeGrnnKernel(options: NativeGrnnOptions = {}): GrnnKernel | null {
  const addon = nativeAddon();
  if (!addon) return null;
  const threads = options.threads ?? addon.hardwareThreads;
  const simd = options.simd ?? addon.simd;
  return {
    name: `native-${simd}`,
    predict: (train, query, m, sigmas, tolerance) =>
      addon.grnnPredict(train.x, train.y, train.n, train.d, query, m, Float64Array.from(sigmas), threads, simd, null, tolerance),
    predictWithSecond: (train, second, query, m, sigma, tolerance) =>
      addon.grnnPredict(train.x, train.y, train.n, train.d, query, m, Float64Array.of(sigma), threads, simd, second, tolerance),
  };
}
