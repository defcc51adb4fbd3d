import { lnGamma, regularizedIncompleteBeta } from './incomplete-beta.js';

/**
 * The few distribution functions the confidence intervals and rank-test p-values need,
 * in float64: the regularized incomplete gamma function (χ² and the normal tail) and
 * quantiles of χ² and Student t found by bisection on their CDFs.
 */

/** Φ⁻¹(0.975) = scipy.stats.norm.ppf(0.975): the 95 % two-sided normal quantile. */
export const Z_975 = 1.959963984540054;

const EPS = 1e-15;
const TINY = 1e-300;

/** P(a, x) = γ(a, x)/Γ(a) by its series; converges fast for x < a + 1. */
function gammaSeries(a: number, x: number, lnFront: number): number {
  const maxIter = 100 + Math.ceil(10 * Math.sqrt(a));
  let ap = a;
  let del = 1 / a;
  let sum = del;
  for (let k = 0; k < maxIter; k++) {
    ap += 1;
    del *= x / ap;
    sum += del;
    if (Math.abs(del) < Math.abs(sum) * EPS) return sum * Math.exp(lnFront);
  }
  return NaN;
}

/** Q(a, x) = Γ(a, x)/Γ(a) by its continued fraction (modified Lentz); for x ≥ a + 1. */
function gammaContinuedFraction(a: number, x: number, lnFront: number): number {
  const maxIter = 100 + Math.ceil(10 * Math.sqrt(a));
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i <= maxIter; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPS) return Math.exp(lnFront) * h;
  }
  return NaN;
}

/** Regularized upper incomplete gamma Q(a, x) for a > 0, x ≥ 0; NaN outside. */
export function gammaQ(a: number, x: number): number {
  if (!(a > 0 && x >= 0)) return NaN;
  if (x === 0) return 1;
  if (x === Infinity) return 0;
  const lnFront = a * Math.log(x) - x - lnGamma(a);
  return x < a + 1 ? 1 - gammaSeries(a, x, lnFront) : gammaContinuedFraction(a, x, lnFront);
}

/** Regularized lower incomplete gamma P(a, x) = 1 − Q(a, x). */
export function gammaP(a: number, x: number): number {
  if (!(a > 0 && x >= 0)) return NaN;
  if (x === 0) return 0;
  const lnFront = a * Math.log(x) - x - lnGamma(a);
  return x < a + 1 ? gammaSeries(a, x, lnFront) : 1 - gammaContinuedFraction(a, x, lnFront);
}

/** Two-sided normal tail P(|Z| ≥ |z|) = erfc(|z|/√2) = Q(½, z²/2). */
export function normalTwoSidedP(z: number): number {
  if (Number.isNaN(z)) return NaN;
  return gammaQ(0.5, (z * z) / 2);
}

/** Bisection of an increasing `cdf` for `p` in [lo, hi] to float64 resolution. */
function invert(cdf: (x: number) => number, p: number, lo: number, hi: number): number {
  for (let k = 0; k < 200; k++) {
    const mid = 0.5 * (lo + hi);
    if (mid <= lo || mid >= hi) break;
    if (cdf(mid) < p) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}

/** q with P(χ²_df ≤ q) = p (scipy.stats.chi2.ppf); NaN for df ≤ 0 or p outside (0, 1). */
export function chiSquareQuantile(p: number, df: number): number {
  if (!(df > 0 && p > 0 && p < 1)) return NaN;
  const cdf = (x: number) => gammaP(df / 2, x / 2);
  let hi = df + 10 * Math.sqrt(2 * df) + 50;
  while (cdf(hi) < p) hi *= 2;
  return invert(cdf, p, 0, hi);
}

/** Upper quantile t with P(T_df ≤ t) = p for p ≥ ½ (scipy.stats.t.ppf); NaN otherwise. */
export function studentTQuantile(p: number, df: number): number {
  if (!(df > 0 && p >= 0.5 && p < 1)) return NaN;
  // two-sided tail of |t|: I_{df/(df+t²)}(df/2, ½), decreasing in t
  const cdf = (t: number) => 1 - 0.5 * regularizedIncompleteBeta(df / (df + t * t), df / 2, 0.5);
  let hi = 10;
  while (cdf(hi) < p) hi *= 10;
  return invert(cdf, p, 0, hi);
}
