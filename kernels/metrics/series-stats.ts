/** Statistics of one series, NaN values skipped. */

/**
 * Coefficient of variation std/mean, with the population std (divide by n) as in the
 * BPANN/EnKF paper's eq. 7. Welford in float64. NaN for an empty series or zero mean.
 */
export function coefficientOfVariation(x: ArrayLike<number>): number {
  let n = 0;
  let mean = 0;
  let m2 = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (Number.isNaN(v)) continue;
    n++;
    const d = v - mean;
    mean += d / n;
    m2 += d * (v - mean);
  }
  if (n === 0 || mean === 0) return NaN;
  return Math.sqrt(m2 / n) / mean;
}

/**
 * The q-quantile (0 ≤ q ≤ 1) by linear interpolation between order statistics
 * (Hyndman & Fan type 7, the default of R and numpy): h = (n − 1)·q.
 * NaN for a series with no valid value; RangeError for q outside [0, 1].
 */
export function quantile(x: ArrayLike<number>, q: number): number {
  if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile: q = ${q} is outside [0, 1]`);
  const sorted = Float64Array.from(x)
    .filter((v) => !Number.isNaN(v))
    .sort();
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}
