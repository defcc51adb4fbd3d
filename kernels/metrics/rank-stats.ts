import { normalTwoSidedP } from './distributions.js';
import { pearsonPValue } from './pearson-p-value.js';

/**
 * Rank correlations of paired samples without NaN (filter first), as scipy.stats
 * spearmanr and kendalltau compute them (the functions pytesmo wraps).
 */
export interface RankCorrelation {
  /** The coefficient; NaN when n < 3 or a side is constant. */
  value: number;
  /** Two-sided p-value under independence; NaN whenever value is. */
  pValue: number;
}

const NO_CORRELATION: RankCorrelation = { value: NaN, pValue: NaN };

/** First index in ascending `sorted` whose value is ≥ v (lower bound). */
function lowerBound(sorted: Float64Array, v: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index in ascending `sorted` whose value is > v (upper bound). */
function upperBound(sorted: Float64Array, v: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Ranks 1…n, ties sharing the average of their ranks (scipy rankdata 'average'). A typed
 * array's native sort and two binary searches per value: no comparator callbacks, which
 * cost seconds on a pooled grid's half a million pairs.
 */
export function averageRanks(x: ArrayLike<number>): Float64Array {
  return averageOf(rankCounts(x));
}

/**
 * For each value, how many values are below it and how many are at most it: the average
 * rank is (below + upTo + 1)/2, and `below` orders the values with ties kept equal.
 */
export interface RankCounts {
  below: Float64Array;
  upTo: Float64Array;
}

export function rankCounts(x: ArrayLike<number>): RankCounts {
  const sorted = Float64Array.from(x).sort();
  const below = new Float64Array(x.length);
  const upTo = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    below[i] = lowerBound(sorted, x[i]);
    upTo[i] = upperBound(sorted, x[i]);
  }
  return { below, upTo };
}

function averageOf(c: RankCounts): Float64Array {
  const ranks = new Float64Array(c.below.length);
  for (let i = 0; i < ranks.length; i++) ranks[i] = (c.below[i] + c.upTo[i] + 1) / 2;
  return ranks;
}

/** Pearson r of two equal-length arrays (two-pass, float64). */
function pearson(a: Float64Array, b: Float64Array): number {
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i];
    mb += b[i];
  }
  ma /= n;
  mb /= n;
  let saa = 0;
  let sbb = 0;
  let sab = 0;
  for (let i = 0; i < n; i++) {
    const da = a[i] - ma;
    const db = b[i] - mb;
    saa += da * da;
    sbb += db * db;
    sab += da * db;
  }
  if (!(saa > 0 && sbb > 0)) return NaN;
  return Math.max(-1, Math.min(1, sab / Math.sqrt(saa * sbb)));
}

/** Spearman ρ: Pearson r of the average ranks; p from Student t with n − 2 df (as scipy). */
export function spearman(x: ArrayLike<number>, y: ArrayLike<number>, counts?: readonly [RankCounts, RankCounts]): RankCorrelation {
  if (x.length !== y.length) throw new RangeError(`spearman: ${x.length} and ${y.length} values`);
  if (x.length < 3) return NO_CORRELATION;
  const [cx, cy] = counts ?? [rankCounts(x), rankCounts(y)];
  const rho = pearson(averageOf(cx), averageOf(cy));
  return { value: rho, pValue: pearsonPValue(rho, x.length) };
}

/** Tie sums over runs of t equal values: Σ t(t−1)/2, Σ t(t−1)(t−2), Σ t(t−1)(2t+5). */
interface Ties {
  pairs: number;
  v0: number;
  v1: number;
}

/** Tie sums of an ascending array (runs of equal values). */
function tiesOfSorted(v: ArrayLike<number>): Ties {
  const t: Ties = { pairs: 0, v0: 0, v1: 0 };
  for (let i = 0; i < v.length; ) {
    let j = i + 1;
    while (j < v.length && v[j] === v[i]) j++;
    const c = j - i;
    t.pairs += (c * (c - 1)) / 2;
    t.v0 += c * (c - 1) * (c - 2);
    t.v1 += c * (c - 1) * (2 * c + 5);
    i = j;
  }
  return t;
}

/** Sorts a[lo, hi) ascending by merging through `tmp`, returning the number of inversions (strict >). */
function mergeCountInversions(a: Float64Array, tmp: Float64Array, lo: number, hi: number): number {
  if (hi - lo < 2) return 0;
  const mid = (lo + hi) >>> 1;
  let inv = mergeCountInversions(a, tmp, lo, mid) + mergeCountInversions(a, tmp, mid, hi);
  let i = lo;
  let j = mid;
  let k = lo;
  while (i < mid && j < hi) {
    if (a[j] < a[i]) {
      inv += mid - i;
      tmp[k++] = a[j++];
    } else tmp[k++] = a[i++];
  }
  while (i < mid) tmp[k++] = a[i++];
  while (j < hi) tmp[k++] = a[j++];
  a.set(tmp.subarray(lo, hi), lo);
  return inv;
}

/**
 * Kendall τ-b in O(n log n) (Knight 1966, as scipy): pairs sorted by (x, y), discordant
 * pairs counted as the inversions of y by merge sort, ties of x, y and both removed:
 * τ_b = (C − D)/√((N − Tx)(N − Ty)), N = n(n−1)/2. The p-value is scipy's asymptotic
 * one, z = (C − D)/√var with the tie-corrected variance
 * var = (m(2n+5) − Σx₁ − Σy₁)/18 + 2·Tx·Ty/m + Σx₀·Σy₀/(9m(n−2)), m = n(n−1).
 * (scipy switches to an exact p for n ≤ 33 without ties; we do not.)
 */
export function kendallTauB(x: ArrayLike<number>, y: ArrayLike<number>, counts?: readonly [RankCounts, RankCounts]): RankCorrelation {
  if (x.length !== y.length) throw new RangeError(`kendallTauB: ${x.length} and ${y.length} values`);
  const n = x.length;
  if (n < 3) return NO_CORRELATION;
  // pairs sorted by (x, y): one exact float64 key per pair, rank(x)·n + rank(y) < n² ≤ 2^53
  const [cx, cy] = counts ?? [rankCounts(x), rankCounts(y)];
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) keys[i] = cx.below[i] * n + cy.below[i];
  keys.sort();
  const xs = new Float64Array(n);
  const ys = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    xs[i] = Math.floor(keys[i] / n);
    ys[i] = keys[i] - xs[i] * n;
  }
  const tx = tiesOfSorted(xs);
  // joint ties: equal keys
  const both = tiesOfSorted(keys).pairs;
  const discordant = mergeCountInversions(ys, new Float64Array(n), 0, n);
  // ys is now sorted: its runs are y's ties
  const ty = tiesOfSorted(ys);
  const total = (n * (n - 1)) / 2;
  const conMinusDis = total - tx.pairs - ty.pairs + both - 2 * discordant;
  if (!(total - tx.pairs > 0 && total - ty.pairs > 0)) return NO_CORRELATION;
  const tau = Math.max(-1, Math.min(1, conMinusDis / Math.sqrt(total - tx.pairs) / Math.sqrt(total - ty.pairs)));
  const m = n * (n - 1);
  const variance = (m * (2 * n + 5) - tx.v1 - ty.v1) / 18 + (2 * tx.pairs * ty.pairs) / m + (tx.v0 * ty.v0) / (9 * m * (n - 2));
  return { value: tau, pValue: normalTwoSidedP(conMinusDis / Math.sqrt(variance)) };
}
