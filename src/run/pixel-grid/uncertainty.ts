import { addPair, correlationOf, emptyPairMoments } from '../../../kernels/metrics/pair-stats.js';

/** z of a two-sided 95 % normal interval: fused ± Z95·sd should hold the reference 95 % of the time. */
export const Z95 = 1.959963984540054;

/** How well an sd describes the error of a fused series against a reference. */
export interface SdCalibration {
  /** Samples with a fused value, an sd and a reference. */
  n: number;
  /** Share of them whose reference lies within fused ± 1.96·sd (0.95 when the sd is calibrated and errors normal). */
  coverage95: number;
  /** Pearson correlation of sd with |fused − reference|. */
  rSdAbsError: number;
  /** Mean sd and RMSE of fused against the reference (a calibrated sd has a root-mean-square near the RMSE). */
  meanSd: number;
  rmsSd: number;
  rmse: number;
}

/** Calibration of `sd` over the samples i that `includes` accepts (default all) where fused, sd and ref are valid. */
export function calibrateSd(
  fused: ArrayLike<number>,
  sd: ArrayLike<number>,
  ref: ArrayLike<number>,
  includes: (i: number) => boolean = () => true,
): SdCalibration {
  const m = emptyPairMoments();
  let inside = 0,
    sumSd = 0,
    sumSd2 = 0,
    sse = 0;
  for (let i = 0; i < fused.length; i++) {
    const f = fused[i],
      s = sd[i],
      t = ref[i];
    if (Number.isNaN(f) || Number.isNaN(s) || Number.isNaN(t) || !includes(i)) continue;
    const e = Math.abs(f - t);
    if (e <= Z95 * s) inside++;
    sumSd += s;
    sumSd2 += s * s;
    sse += e * e;
    addPair(m, s, e);
  }
  const n = m.n;
  return {
    n,
    coverage95: inside / n,
    rSdAbsError: correlationOf(m),
    meanSd: sumSd / n,
    rmsSd: Math.sqrt(sumSd2 / n),
    rmse: Math.sqrt(sse / n),
  };
}

/**
 * run.json's `uncertainty` section: what the sd is and its calibration against the
 * observations, per period (the observations carry their own error, so coverage against
 * them is a lower bound of coverage against the true SM).
 */
export function uncertaintySection(
  method: string,
  fused: ArrayLike<number>,
  sd: ArrayLike<number>,
  obs: ArrayLike<number>,
  periods: readonly { name: string; includes: (i: number) => boolean }[],
): Record<string, unknown> {
  return {
    sd: method,
    against: 'observations',
    periods: Object.fromEntries(periods.map((p) => [p.name, calibrateSd(fused, sd, obs, p.includes)])),
  };
}
