import { nativeAddon } from '../native/load.js';
import type { NativeGrnnOptions } from './native.js';
import type { GrnnKernel, GrnnTrainingSet } from './types.js';

/** Default bound on |truncated − brute force| / |brute force| (issue 16). */
export const DEFAULT_GRNN_REL_TOL = 1e-7;

export interface TruncatedGrnnOptions extends NativeGrnnOptions {
  /** Relative error bound; 0 is the brute-force kernel itself (the same bytes as nativeGrnnKernel). */
  readonly relTol?: number;
}

/**
 * The native GRNN kernel summing, per query and σ, only the training samples whose
 * Gaussian weight can matter: samples binned in a k-d tree, leaves within a cut distance
 * kept, and the cut pushed out until the weight the others could add provably moves the
 * prediction by at most relTol of it (bound and proof in
 * kernels/native/src/grnn/grnn-truncated-kernel.h). Distances are computed once per
 * query/sample pair and shared by every σ. The same bytes on every SIMD path and thread
 * count. Null when the addon is not available.
 */
export function nativeTruncatedGrnnKernel(options: TruncatedGrnnOptions = {}): GrnnKernel | null {
  const addon = nativeAddon();
  if (!addon) return null;
  const threads = options.threads ?? addon.hardwareThreads;
  const simd = options.simd ?? addon.simd;
  const relTol = options.relTol ?? DEFAULT_GRNN_REL_TOL;
  if (!(relTol >= 0)) throw new RangeError(`relTol must be ≥ 0, got ${relTol}`);
  if (relTol === 0) {
    return {
      name: `native-${simd}`,
      predict: (train, query, m, sigmas) =>
        addon.grnnPredict(train.x, train.y, train.n, train.d, query, m, Float64Array.from(sigmas), threads, simd),
      predictWithSecond: (train, second, query, m, sigma) =>
        addon.grnnPredict(train.x, train.y, train.n, train.d, query, m, Float64Array.of(sigma), threads, simd, second),
    };
  }
  return {
    name: `native-truncated-${simd}`,
    predict: (train, query, m, sigmas) =>
      addon.grnnPredictTruncated(train.x, train.y, train.n, train.d, query, m, Float64Array.from(sigmas), threads, simd, relTol),
    predictWithSecond: (train, second, query, m, sigma) =>
      addon.grnnPredictTruncated(train.x, train.y, train.n, train.d, query, m, Float64Array.of(sigma), threads, simd, relTol, second),
  };
}

/** How much one truncated call summed: kept samples per σ (over all queries) and distances computed. */
export interface TruncatedGrnnStats {
  readonly kept: Float64Array;
  readonly distances: number;
}

/** The truncated kernel's work on one call (the bench's pruned fractions); throws without the addon. */
export function nativeTruncatedStats(
  train: GrnnTrainingSet,
  query: Float32Array,
  m: number,
  sigmas: readonly number[],
  options: TruncatedGrnnOptions = {},
): TruncatedGrnnStats {
  const addon = nativeAddon();
  if (!addon) throw new Error('the native addon is not available');
  const counts = new Float64Array(sigmas.length + 1);
  addon.grnnPredictTruncated(
    train.x, train.y, train.n, train.d, query, m, Float64Array.from(sigmas),
    options.threads ?? addon.hardwareThreads, options.simd ?? addon.simd, options.relTol ?? DEFAULT_GRNN_REL_TOL, null, counts,
  );
  return { kept: counts.slice(0, sigmas.length), distances: counts[sigmas.length] };
}
