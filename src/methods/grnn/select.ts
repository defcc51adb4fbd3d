import type { GrnnKernel, GrnnTrainingSet } from '../../../kernels/grnn/types.js';
import { pairStats } from '../../../kernels/metrics/pair-stats.js';
import { selectFold } from './folds.js';

export interface ModelSelection {
  /** Index of the chosen σ in the candidate list. */
  readonly sigmaIndex: number;
  /** Subset held out by the kept GRNN (it trained on the others). */
  readonly fold: number;
  /** Test R of the kept GRNN. */
  readonly testR: number;
  /** testR[fold * sigmas + s] of every candidate. */
  readonly testRs: Float64Array;
  /**
   * (y − ŷ)² of every sample (in set order) as predicted when its subset was held out,
   * at the chosen σ: the honest out-of-sample errors the uncertainty is built from.
   */
  readonly heldOutSq: Float32Array;
}

/**
 * K-fold model selection (SPEC §3 step 4). For each subset k a GRNN trains on the
 * others and predicts subset k for every candidate σ in one kernel call. σ is the
 * candidate with the best mean test R over the subsets (a single subset's R is too
 * noisy to pick a spread from); the kept GRNN is then the one with the highest test R
 * at that σ, as in the paper. Undefined R (a constant subset) counts as worst.
 */
export function selectModel(
  set: GrnnTrainingSet,
  fold: Uint8Array,
  subsets: number,
  sigmas: readonly number[],
  kernel: GrnnKernel,
  tolerance = 0,
): ModelSelection {
  const s = sigmas.length;
  const testRs = new Float64Array(subsets * s);
  // squared held-out residual of sample i at candidate si: sq[si * n + i]
  const sq = new Float32Array(s * set.n);
  for (let k = 0; k < subsets; k++) {
    const train = selectFold(set, fold, k, false);
    const test = selectFold(set, fold, k, true);
    const predicted = kernel.predict(train, test.x, test.n, sigmas, tolerance);
    for (let si = 0; si < s; si++) {
      testRs[k * s + si] = pairStats(predicted.subarray(si * test.n, (si + 1) * test.n), test.y).r;
      for (let i = 0, j = 0; i < set.n; i++) {
        if (fold[i] !== k) continue;
        const r = test.y[j] - predicted[si * test.n + j++];
        sq[si * set.n + i] = r * r;
      }
    }
  }
  let sigmaIndex = 0;
  let bestMean = -Infinity;
  for (let si = 0; si < s; si++) {
    let sum = 0;
    for (let k = 0; k < subsets; k++) sum += orWorst(testRs[k * s + si]);
    if (sum / subsets > bestMean) [bestMean, sigmaIndex] = [sum / subsets, si];
  }
  let best = 0;
  for (let k = 1; k < subsets; k++) {
    if (orWorst(testRs[k * s + sigmaIndex]) > orWorst(testRs[best * s + sigmaIndex])) best = k;
  }
  const heldOutSq = sq.slice(sigmaIndex * set.n, (sigmaIndex + 1) * set.n);
  return { sigmaIndex, fold: best, testR: testRs[best * s + sigmaIndex], testRs, heldOutSq };
}

/** R is in [−1, 1]; an undefined one ranks below all of them. */
function orWorst(r: number): number {
  return Number.isNaN(r) ? -2 : r;
}
