/**
 * Combining the K member networks of one pixel (an ensemble against LM's local minima,
 * the BPANN paper's "trapped in a local minimum"): members whose score is far above the
 * ensemble's are discarded as diverged, the rest averaged; their spread is the pixel's sd.
 */

/** A member is diverged when its score exceeds this many times the median score of the pixel's members. */
export const DIVERGED_FACTOR = 2;

/**
 * Which members to keep (1) or discard (0): a score that is not finite, or above
 * DIVERGED_FACTOR × the median of the finite scores, marks a diverged member. The best
 * member is always kept. Returns the number kept.
 */
export function keepMembers(score: ArrayLike<number>, keep: Uint8Array): number {
  const finite = Array.from(score)
    .filter(Number.isFinite)
    .sort((a, b) => a - b);
  keep.fill(0, 0, score.length);
  if (finite.length === 0) return 0;
  const h = finite.length >> 1;
  const median = finite.length % 2 === 1 ? finite[h] : (finite[h - 1] + finite[h]) / 2;
  const limit = Math.max(DIVERGED_FACTOR * median, finite[0]);
  let kept = 0;
  for (let m = 0; m < score.length; m++) {
    if (Number.isFinite(score[m]) && score[m] <= limit) {
      keep[m] = 1;
      kept++;
    }
  }
  return kept;
}

/**
 * Mean and sample standard deviation (n − 1) over the kept members of `pred`
 * [member][sample] (m samples each), into mean[s] and sd[s]. sd is NaN with fewer than
 * two kept members; both are NaN where a kept member's output is NaN (a missing input).
 * One kept member: mean is its output exactly.
 */
export function memberMeanSd(pred: Float64Array, keep: Uint8Array, members: number, m: number, mean: Float64Array, sd: Float64Array): void {
  let kept = 0;
  for (let k = 0; k < members; k++) kept += keep[k];
  for (let s = 0; s < m; s++) {
    let sum = 0;
    for (let k = 0; k < members; k++) if (keep[k]) sum += pred[k * m + s];
    const mu = sum / kept;
    let sq = 0;
    for (let k = 0; k < members; k++) {
      if (!keep[k]) continue;
      const d = pred[k * m + s] - mu;
      sq += d * d;
    }
    mean[s] = mu;
    sd[s] = kept > 1 ? Math.sqrt(sq / (kept - 1)) : NaN;
  }
}
