import { pearsonPValue } from './pearson-p-value.js';

/**
 * Agreement of an estimate with observations over aligned pairs (SPEC §7).
 * Standard deviations are population ones (divide by n), as in the papers' CV and
 * RSR formulas, so that RSR = RMSE / stdObs and NSE = 1 − RSR² hold exactly.
 */
export interface PairStats {
  /** Pairs where both values are valid. */
  n: number;
  /** Pearson correlation; NaN when n < 3 or either series has zero variance. */
  r: number;
  /** Two-sided p-value of r (Student t, df = n − 2); NaN whenever r is. */
  pValue: number;
  rmse: number;
  /** mean(est − obs): positive is an overestimation. */
  bias: number;
  /** RMSE after removing the bias: std of (est − obs). */
  ubrmse: number;
  /** Nash–Sutcliffe efficiency 1 − Σ(est − obs)² / Σ(obs − mean obs)²; NaN if obs is constant. */
  nse: number;
  /** RMSE / stdObs; NaN if obs is constant. */
  rsr: number;
  meanEst: number;
  meanObs: number;
  stdEst: number;
  stdObs: number;
}

/**
 * Running first and second moments of pairs (Welford / Chan updates in float64):
 * means, centred sums of squares and the co-moment, plus the same for the
 * difference est − obs, so RMSE and ubRMSE come without cancellation.
 * Mutable on purpose: one instance is reused across all pixels of a map.
 */
export interface PairMoments {
  n: number;
  meanEst: number;
  meanObs: number;
  /** Σ(est − meanEst)². */
  m2Est: number;
  /** Σ(obs − meanObs)². */
  m2Obs: number;
  /** Σ(est − meanEst)(obs − meanObs). */
  coMoment: number;
  /** mean(est − obs). */
  meanDiff: number;
  /** Σ(d − meanDiff)², d = est − obs. */
  m2Diff: number;
}

export function emptyPairMoments(): PairMoments {
  return { n: 0, meanEst: 0, meanObs: 0, m2Est: 0, m2Obs: 0, coMoment: 0, meanDiff: 0, m2Diff: 0 };
}

export function resetPairMoments(m: PairMoments): PairMoments {
  m.n = 0;
  m.meanEst = 0;
  m.meanObs = 0;
  m.m2Est = 0;
  m.m2Obs = 0;
  m.coMoment = 0;
  m.meanDiff = 0;
  m.m2Diff = 0;
  return m;
}

/** Adds one pair to `m`; a pair with a NaN on either side is skipped. */
export function addPair(m: PairMoments, est: number, obs: number): void {
  if (Number.isNaN(est) || Number.isNaN(obs)) return;
  const n = ++m.n;
  const dEst = est - m.meanEst;
  const dObs = obs - m.meanObs;
  m.meanEst += dEst / n;
  m.meanObs += dObs / n;
  m.m2Est += dEst * (est - m.meanEst);
  m.m2Obs += dObs * (obs - m.meanObs);
  m.coMoment += dEst * (obs - m.meanObs);
  const diff = est - obs;
  const dDiff = diff - m.meanDiff;
  m.meanDiff += dDiff / n;
  m.m2Diff += dDiff * (diff - m.meanDiff);
}

/**
 * Moments of the pairs (est[offset + k·stride], obs[offset + k·stride]), k < count:
 * one pixel's time series in a [day][row][col] cube is offset = pixel, stride = rows·cols.
 * Resets and fills `into`.
 */
export function accumulatePairsStrided(
  est: ArrayLike<number>,
  obs: ArrayLike<number>,
  offset: number,
  stride: number,
  count: number,
  into: PairMoments = emptyPairMoments(),
): PairMoments {
  const last = offset + (count - 1) * stride;
  if (count > 0 && (offset < 0 || last >= est.length || last >= obs.length)) {
    throw new RangeError(`strided pairs reach index ${last}, beyond arrays of ${est.length} and ${obs.length}`);
  }
  resetPairMoments(into);
  for (let k = 0, i = offset; k < count; k++, i += stride) addPair(into, est[i], obs[i]);
  return into;
}

/** Pearson r from moments; NaN when n < 3 or either side has zero variance. */
export function correlationOf(m: PairMoments): number {
  if (m.n < 3 || !(m.m2Est > 0) || !(m.m2Obs > 0)) return NaN;
  const r = m.coMoment / Math.sqrt(m.m2Est * m.m2Obs);
  // Rounding can push |r| a hair past 1; the p-value needs it inside.
  return Math.max(-1, Math.min(1, r));
}

export function rmseOf(m: PairMoments): number {
  return m.n > 0 ? Math.sqrt(m.m2Diff / m.n + m.meanDiff * m.meanDiff) : NaN;
}

export function biasOf(m: PairMoments): number {
  return m.n > 0 ? m.meanDiff : NaN;
}

export function pairStatsFromMoments(m: PairMoments): PairStats {
  const { n } = m;
  const r = correlationOf(m);
  const rmse = rmseOf(m);
  const stdObs = n > 0 ? Math.sqrt(m.m2Obs / n) : NaN;
  const obsVaries = m.m2Obs > 0;
  return {
    n,
    r,
    pValue: pearsonPValue(r, n),
    rmse,
    bias: biasOf(m),
    ubrmse: n > 0 ? Math.sqrt(m.m2Diff / n) : NaN,
    nse: obsVaries ? 1 - (n * rmse * rmse) / m.m2Obs : NaN,
    rsr: obsVaries ? rmse / stdObs : NaN,
    meanEst: n > 0 ? m.meanEst : NaN,
    meanObs: n > 0 ? m.meanObs : NaN,
    stdEst: n > 0 ? Math.sqrt(m.m2Est / n) : NaN,
    stdObs,
  };
}

/** Stats over aligned arrays, skipping any pair where either value is NaN. */
export function pairStats(est: ArrayLike<number>, obs: ArrayLike<number>): PairStats {
  if (est.length !== obs.length) {
    throw new RangeError(`pairStats: estimate has ${est.length} values, observations ${obs.length}`);
  }
  return pairStatsFromMoments(accumulatePairsStrided(est, obs, 0, 1, est.length));
}

/** Stats over the strided pairs described at {@link accumulatePairsStrided}, without copying. */
export function pairStatsStrided(est: ArrayLike<number>, obs: ArrayLike<number>, offset: number, stride: number, count: number): PairStats {
  return pairStatsFromMoments(accumulatePairsStrided(est, obs, offset, stride, count));
}
