import type { GrnnKernel, GrnnTrainingSet } from '../../../kernels/grnn/types.js';

/**
 * Per-query uncertainty of a window's GRNN (README "Uncertainty"): the local held-out
 * error, i.e. the same Gaussian weights as the prediction applied to every training
 * sample's squared residual when its subset was held out in model selection,
 *
 *   sd(q)² = Σ wᵢ(q)·rᵢ² / Σ wᵢ(q),  wᵢ(q) = exp(−‖q − xᵢ‖² / 2σ²),
 *
 * computed by the GRNN kernel itself with targets rᵢ² (so every backend gives it). It is
 * large where the neighbouring samples were badly predicted out of sample, which is
 * where the training data are sparse (a held-out sample at the edge of the data is an
 * extrapolation); as σ → ∞ it becomes the window's cross-validation RMSE.
 */
export function localHeldOutSd(
  set: GrnnTrainingSet,
  heldOutSq: Float32Array,
  queries: Float32Array,
  m: number,
  sigma: number,
  kernel: GrnnKernel,
): Float32Array {
  const variance = kernel.predict({ ...set, y: heldOutSq }, queries, m, [sigma]);
  // weights and targets are ≥ 0; max() guards float rounding of a sum of zeros
  for (let j = 0; j < m; j++) variance[j] = Math.sqrt(Math.max(0, variance[j]));
  return variance;
}
