import type { GrnnKernel, GrnnTrainingSet } from '../../../kernels/grnn/types.js';

/**
 * The kept GRNN's predictions and their uncertainty (docs/methods.md "Uncertainty"): the local
 * held-out error, i.e. the prediction's Gaussian weights applied to each of its training
 * samples' squared residual when that sample's subset was held out in model selection,
 *
 *   sd(q)² = Σ wᵢ(q)·rᵢ² / Σ wᵢ(q),  wᵢ(q) = exp(−‖q − xᵢ‖² / 2σ²).
 *
 * It is large where the neighbouring samples were badly predicted out of sample, which
 * is where the training data are sparse (a held-out sample at the edge of the data is an
 * extrapolation); as σ → ∞ it becomes the RMS of the held-out residuals (the
 * cross-validation RMSE). Kernels with predictWithSecond give both in one distance pass;
 * the others are called twice, the same formula either way.
 */
export function predictWithSd(
  kept: GrnnTrainingSet,
  keptHeldOutSq: Float32Array,
  queries: Float32Array,
  m: number,
  sigma: number,
  kernel: GrnnKernel,
  tolerance = 0,
): { prediction: Float32Array; sd: Float32Array } {
  let prediction: Float32Array;
  let sd: Float32Array;
  if (kernel.predictWithSecond) {
    const both = kernel.predictWithSecond(kept, keptHeldOutSq, queries, m, sigma, tolerance);
    prediction = both.slice(0, m);
    sd = both.slice(m, 2 * m);
  } else {
    prediction = kernel.predict(kept, queries, m, [sigma], tolerance);
    sd = kernel.predict({ ...kept, y: keptHeldOutSq }, queries, m, [sigma], tolerance);
  }
  // weights and targets are ≥ 0; max() guards float rounding of a sum of zeros
  for (let j = 0; j < m; j++) sd[j] = Math.sqrt(Math.max(0, sd[j]));
  return { prediction, sd };
}
