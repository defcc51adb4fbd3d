import { pairStats } from '../../kernels/metrics/pair-stats.js';
import type { Stack } from '../cube/stack.js';

/** Two-sided 95 % quantile of the standard normal: the interval value ± Z95·sd. */
export const Z95 = 1.959963984540054;

/** How well a per-pixel-day sd describes the error of a series against a known truth. */
export interface UncertaintyCheck {
  /** 'all', or a month as YYYY-MM. */
  readonly period: string;
  /** Pixel-days with a value, an sd and a truth. */
  readonly n: number;
  /** Share of them whose truth lies inside value ± 1.96·sd (0.95 for a calibrated Gaussian sd). */
  readonly coverage95: number;
  /** Pearson R of sd with |value − truth|. */
  readonly corrSdAbsError: number;
  /** √mean(sd²), to compare with the RMSE. */
  readonly rmsSd: number;
  readonly rmse: number;
}

/**
 * The sd of `series` against `truth` (same [day][row][col] layout) over all pixel-days
 * and month by month, months in date order.
 */
export function uncertaintyChecks(series: Stack, sd: Float32Array, truth: Float32Array): UncertaintyCheck[] {
  const plane = series.grid.width * series.grid.height;
  const absError = new Float32Array(series.data.length);
  for (let i = 0; i < absError.length; i++) absError[i] = Number.isNaN(sd[i]) ? NaN : Math.abs(series.data[i] - truth[i]);
  const check = (period: string, from: number, to: number): UncertaintyCheck => {
    let n = 0,
      inside = 0,
      sdSq = 0,
      errSq = 0;
    for (let i = from; i < to; i++) {
      const e = absError[i];
      if (Number.isNaN(e)) continue;
      n++;
      if (e <= Z95 * sd[i]) inside++;
      sdSq += sd[i] * sd[i];
      errSq += e * e;
    }
    return {
      period,
      n,
      coverage95: inside / n,
      corrSdAbsError: pairStats(sd.subarray(from, to), absError.subarray(from, to)).r,
      rmsSd: Math.sqrt(sdSq / n),
      rmse: Math.sqrt(errSq / n),
    };
  };
  const rows = [check('all', 0, absError.length)];
  let first = 0;
  for (let d = 1; d <= series.dates.length; d++) {
    const month = series.dates[first].slice(0, 7);
    if (d < series.dates.length && series.dates[d].startsWith(month)) continue;
    rows.push(check(month, first * plane, d * plane));
    first = d;
  }
  return rows;
}

/** The month whose coverage is farthest from 95 % and the one whose sd follows the error least. */
export function worstMonths(checks: readonly UncertaintyCheck[]): { coverage: UncertaintyCheck; corr: UncertaintyCheck } | null {
  const months = checks.filter((c) => c.period !== 'all' && c.n > 0);
  if (months.length === 0) return null;
  const by = (score: (c: UncertaintyCheck) => number) => months.reduce((a, b) => (score(b) > score(a) ? b : a));
  return {
    coverage: by((c) => Math.abs(c.coverage95 - 0.95)),
    corr: by((c) => (Number.isNaN(c.corrSdAbsError) ? Infinity : -c.corrSdAbsError)),
  };
}
