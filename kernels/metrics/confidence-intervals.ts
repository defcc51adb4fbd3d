import { makeRng } from '../../core/rng.js';
import { chiSquareQuantile, studentTQuantile, Z_975 } from './distributions.js';
import { quantile } from './series-stats.js';

/**
 * 95 % confidence intervals of the pair metrics, as pytesmo's
 * PairwiseIntercomparisonMetrics gives them (pytesmo.metrics.pairwise *_ci, after
 * Gilleland 2010 and Bonett & Wright 2000): analytic for R, ρ, τ, bias and ubRMSE,
 * a seeded percentile bootstrap for RMSE. Every interval assumes independent pairs;
 * daily SM errors are autocorrelated, so the intervals are narrower than the truth.
 * [NaN, NaN] where the metric or the sample size does not allow one.
 */
export type Interval = readonly [lo: number, hi: number];

const NONE: Interval = [NaN, NaN];

/** Fisher z interval of a correlation, widened by `factor` (1 for Pearson). */
function fisherInterval(r: number, n: number, factor: number): Interval {
  if (!(n > 3) || !(Math.abs(r) <= 1)) return NONE;
  const z = Math.atanh(r);
  const half = (Z_975 * factor) / Math.sqrt(n - 3);
  return [Math.tanh(z - half), Math.tanh(z + half)];
}

/** Pearson R: tanh(atanh r ± 1.96/√(n − 3)) (pytesmo pearson_r_ci). */
export function pearsonInterval(r: number, n: number): Interval {
  return fisherInterval(r, n, 1);
}

/** Spearman ρ: tanh(atanh ρ ± 1.96·√(1 + ρ²/2)/√(n − 3)) (Bonett & Wright 2000; pytesmo spearman_r_ci). */
export function spearmanInterval(rho: number, n: number): Interval {
  return fisherInterval(rho, n, Math.sqrt(1 + (rho * rho) / 2));
}

/** Kendall τ: tanh(atanh τ ± 1.96·0.431/√(n − 3)) (Bonett & Wright 2000; pytesmo kendall_tau_ci). */
export function kendallInterval(tau: number, n: number): Interval {
  return fisherInterval(tau, n, 0.431);
}

/**
 * Bias, the interval of a mean: bias ± t(0.975; n)·sd(d)/√n with sd over n − 1 of the
 * differences d = est − obs (pytesmo bias_ci, which takes n, not n − 1, degrees of
 * freedom for t; we follow it). `ubrmse` is the population sd of d.
 */
export function biasInterval(bias: number, ubrmse: number, n: number): Interval {
  if (!(n > 1) || !Number.isFinite(bias) || !Number.isFinite(ubrmse)) return NONE;
  const sd = ubrmse * Math.sqrt(n / (n - 1));
  const half = (studentTQuantile(0.975, n) * sd) / Math.sqrt(n);
  return [bias - half, bias + half];
}

/** ubRMSE, as the sd of a normal sample: √(n·u²/χ²(0.975; n)) … √(n·u²/χ²(0.025; n)) (pytesmo ubrmsd_ci). */
export function ubrmseInterval(ubrmse: number, n: number): Interval {
  if (!(n > 0) || !Number.isFinite(ubrmse)) return NONE;
  const ss = n * ubrmse * ubrmse;
  return [Math.sqrt(ss / chiSquareQuantile(0.975, n)), Math.sqrt(ss / chiSquareQuantile(0.025, n))];
}

/** Bootstrap settings: pytesmo's with_bootstrapped_ci defaults, plus our seed and cap. */
export interface BootstrapOptions {
  resamples: number;
  /** Fewer pairs than this: no interval (pytesmo minimum_data_length). */
  minPairs: number;
  /** More pairs than this: the normal limit of the bootstrap instead (see rmseInterval). */
  maxPairs: number;
  seed: number;
}

export const BOOTSTRAP: Readonly<BootstrapOptions> = {
  resamples: 1000,
  minPairs: 100,
  maxPairs: 10000,
  seed: 20240615,
};

/**
 * RMSE by a percentile bootstrap: `resamples` draws of n pairs with replacement from a
 * seeded stream (same pairs, same interval), RMSE of each, then the 2.5 % and 97.5 %
 * quantiles (linear interpolation, numpy's default). RMSE² is a mean of d², so above
 * `maxPairs` pairs we use the interval the bootstrap converges to, √(mean d² ± 1.96·sd(d²)/√n)
 * (delta method), which costs one pass instead of 1000. `sq` holds d² of each pair.
 */
export function rmseInterval(sq: Float64Array, n: number = sq.length, options: Partial<BootstrapOptions> = {}): Interval {
  const { resamples, minPairs, maxPairs, seed } = { ...BOOTSTRAP, ...options };
  if (n < minPairs || n === 0) return NONE;
  if (n > maxPairs) {
    let mean = 0;
    let m2 = 0;
    for (let i = 0; i < n; i++) {
      const dv = sq[i] - mean;
      mean += dv / (i + 1);
      m2 += dv * (sq[i] - mean);
    }
    const half = (Z_975 * Math.sqrt(m2 / (n - 1))) / Math.sqrt(n);
    return [Math.sqrt(Math.max(0, mean - half)), Math.sqrt(mean + half)];
  }
  const rng = makeRng(seed);
  const stats = new Float64Array(resamples);
  for (let b = 0; b < resamples; b++) {
    let sum = 0;
    for (let k = 0; k < n; k++) sum += sq[Math.floor(rng.next() * n)];
    stats[b] = Math.sqrt(sum / n);
  }
  return [quantile(stats, 0.025), quantile(stats, 0.975)];
}
