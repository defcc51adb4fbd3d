import {
  biasInterval,
  kendallInterval,
  pearsonInterval,
  rmseInterval,
  spearmanInterval,
  ubrmseInterval,
  type Interval,
} from './confidence-intervals.js';
import type { PairStats } from './pair-stats.js';
import { kendallTauB, rankCounts, spearman, type RankCorrelation } from './rank-stats.js';

/**
 * What a pytesmo/QA4SM user expects beside R, RMSE, bias and ubRMSE: their 95 % intervals
 * and the rank correlations, of the same pairs. The order of EXTENDED_COLUMNS is the order
 * of the columns appended to metrics.csv and validation.csv.
 */
export interface ExtendedStats {
  rCi: Interval;
  rmseCi: Interval;
  biasCi: Interval;
  ubrmseCi: Interval;
  spearman: RankCorrelation;
  spearmanCi: Interval;
  kendall: RankCorrelation;
  kendallCi: Interval;
}

export const EXTENDED_COLUMNS = [
  'r_ci_lo',
  'r_ci_hi',
  'rmse_ci_lo',
  'rmse_ci_hi',
  'bias_ci_lo',
  'bias_ci_hi',
  'ubrmse_ci_lo',
  'ubrmse_ci_hi',
  'spearman_rho',
  'spearman_p',
  'spearman_ci_lo',
  'spearman_ci_hi',
  'kendall_tau',
  'kendall_p',
  'kendall_ci_lo',
  'kendall_ci_hi',
] as const;

/**
 * Extended statistics of the valid pairs est[i], obs[i] (i < n, no NaN: compact them
 * first), whose PairStats are `st`.
 */
export function extendedStats(est: Float64Array, obs: Float64Array, n: number, st: PairStats): ExtendedStats {
  const e = est.subarray(0, n);
  const o = obs.subarray(0, n);
  const sq = new Float64Array(n);
  for (let i = 0; i < n; i++) sq[i] = (e[i] - o[i]) ** 2;
  // one sort per side serves both rank correlations
  const counts = [rankCounts(e), rankCounts(o)] as const;
  const rho = spearman(e, o, counts);
  const tau = kendallTauB(e, o, counts);
  return {
    rCi: pearsonInterval(st.r, n),
    rmseCi: rmseInterval(sq),
    biasCi: biasInterval(st.bias, st.ubrmse, n),
    ubrmseCi: ubrmseInterval(st.ubrmse, n),
    spearman: rho,
    spearmanCi: spearmanInterval(rho.value, n),
    kendall: tau,
    kendallCi: kendallInterval(tau.value, n),
  };
}

/** The values of EXTENDED_COLUMNS, in order. */
export function extendedCells(x: ExtendedStats): number[] {
  return [
    ...x.rCi,
    ...x.rmseCi,
    ...x.biasCi,
    ...x.ubrmseCi,
    x.spearman.value,
    x.spearman.pValue,
    ...x.spearmanCi,
    x.kendall.value,
    x.kendall.pValue,
    ...x.kendallCi,
  ];
}

/** Appends the pair (est, obs) to the compact buffers at `n` when both are valid; returns the new count. */
export function pushPair(est: Float64Array, obs: Float64Array, n: number, e: number, o: number): number {
  if (Number.isNaN(e) || Number.isNaN(o)) return n;
  est[n] = e;
  obs[n] = o;
  return n + 1;
}
