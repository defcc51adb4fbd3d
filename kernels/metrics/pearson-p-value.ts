import { regularizedIncompleteBeta } from './incomplete-beta.js';

/**
 * Two-sided p-value of a Pearson correlation r from n pairs, under H0: ρ = 0.
 *
 * t = r·√(df / (1 − r²)) follows Student's t with df = n − 2, and
 * p = I_{df/(df+t²)}(df/2, 1/2). Substituting t, df/(df + t²) simplifies to 1 − r²,
 * which we form as (1 − r)(1 + r) to keep precision when |r| is close to 1.
 *
 * NaN when n < 3 or r is not in [−1, 1] (too few samples is a status, not an error).
 */
export function pearsonPValue(r: number, n: number): number {
  if (!(n >= 3) || !(Math.abs(r) <= 1)) return NaN;
  const df = n - 2;
  const x = (1 - r) * (1 + r);
  return regularizedIncompleteBeta(x, df / 2, 0.5);
}
