import { describe, expect, it } from 'vitest';
import {
  accumulatePairsStrided,
  addPair,
  emptyPairMoments,
  pairStats,
  pairStatsFromMoments,
  pairStatsStrided,
} from '../../../kernels/metrics/pair-stats.js';
import { pearsonPValue } from '../../../kernels/metrics/pearson-p-value.js';
import { makeRng } from '../../../core/rng.js';

function randomPairs(seed: number, n: number): { est: Float64Array; obs: Float64Array } {
  const rng = makeRng(seed);
  const obs = Float64Array.from({ length: n }, () => 0.2 + 0.05 * rng.normal());
  const est = obs.map((o) => 0.8 * o + 0.07 + 0.02 * rng.normal());
  return { est, obs };
}

describe('pairStats', () => {
  it('matches a hand-computed case', () => {
    // est = [2, 4, 6, 8] (mean 5), obs = [1, 3, 5, 9] (mean 4.5)
    // est − obs = [1, 1, 1, −1]: bias = 0.5, RMSE = √(4/4) = 1, ubRMSE = √(1 − 0.5²) = √0.75
    // est dev [−3, −1, 1, 3]: Σ² = 20; obs dev [−3.5, −1.5, 0.5, 4.5]: Σ² = 35; Σ co = 26
    // r = 26/√(20·35) = 26/√700; σ_obs = √(35/4); RSR = 1/σ_obs; NSE = 1 − 4/35 = 31/35
    // n = 4 → df = 2, where p = 1 − |r|.
    const s = pairStats([2, 4, 6, 8], [1, 3, 5, 9]);
    expect(s.n).toBe(4);
    expect(s.meanEst).toBeCloseTo(5, 14);
    expect(s.meanObs).toBeCloseTo(4.5, 14);
    expect(s.bias).toBeCloseTo(0.5, 14);
    expect(s.rmse).toBeCloseTo(1, 14);
    expect(s.ubrmse).toBeCloseTo(Math.sqrt(0.75), 14);
    expect(s.r).toBeCloseTo(26 / Math.sqrt(700), 14);
    expect(s.pValue).toBeCloseTo(1 - 26 / Math.sqrt(700), 12);
    expect(s.stdEst).toBeCloseTo(Math.sqrt(5), 14);
    expect(s.stdObs).toBeCloseTo(Math.sqrt(35 / 4), 14);
    expect(s.rsr).toBeCloseTo(1 / Math.sqrt(35 / 4), 14);
    expect(s.nse).toBeCloseTo(31 / 35, 14);
  });

  it('gives r = 1 and p = 0 for y = 2x + 1', () => {
    const x = [0.1, 0.4, 0.2, 0.9, 0.5, 0.3];
    const s = pairStats(
      x.map((v) => 2 * v + 1),
      x,
    );
    expect(s.r).toBeCloseTo(1, 14);
    expect(s.pValue).toBeCloseTo(0, 12);
  });

  it('scores observations against themselves as perfect: NSE 1, RMSE 0, RSR 0, r 1', () => {
    const { obs } = randomPairs(1, 50);
    const s = pairStats(obs, obs);
    expect(s.nse).toBe(1);
    expect(s.rmse).toBe(0);
    expect(s.bias).toBe(0);
    expect(s.rsr).toBe(0);
    expect(s.r).toBeCloseTo(1, 14);
  });

  it('signs the bias as estimate − observation (positive = overestimation)', () => {
    const { obs } = randomPairs(2, 40);
    const s = pairStats(
      obs.map((o) => o + 0.1),
      obs,
    );
    expect(s.bias).toBeCloseTo(0.1, 12);
    expect(s.rmse).toBeCloseTo(0.1, 12);
    expect(s.ubrmse).toBeCloseTo(0, 12);
    expect(
      pairStats(
        obs.map((o) => o - 0.1),
        obs,
      ).bias,
    ).toBeCloseTo(-0.1, 12);
  });

  it('meets RSR = RMSE/σ_obs, NSE = 1 − RSR², RMSE² = bias² + ubRMSE², p from r', () => {
    const { est, obs } = randomPairs(3, 200);
    const s = pairStats(est, obs);
    // Plain two-pass formulas, independent of the accumulator.
    const n = obs.length;
    const meanObs = obs.reduce((a, b) => a + b, 0) / n;
    const sdObs = Math.sqrt(obs.reduce((a, o) => a + (o - meanObs) ** 2, 0) / n);
    const rmse = Math.sqrt(est.reduce((a, e, i) => a + (e - obs[i]) ** 2, 0) / n);
    expect(s.rmse).toBeCloseTo(rmse, 14);
    expect(s.stdObs).toBeCloseTo(sdObs, 14);
    expect(s.rsr).toBeCloseTo(rmse / sdObs, 12);
    expect(s.nse).toBeCloseTo(1 - s.rsr ** 2, 12);
    expect(s.rmse ** 2).toBeCloseTo(s.bias ** 2 + s.ubrmse ** 2, 14);
    expect(s.pValue).toBe(pearsonPValue(s.r, s.n));
  });

  it('skips every pair with a NaN on either side', () => {
    const est = [0.1, NaN, 0.3, 0.5, 0.2, 0.6, NaN];
    const obs = [0.2, 0.3, NaN, 0.4, 0.1, 0.7, NaN];
    // Pairs left: (0.1, 0.2), (0.5, 0.4), (0.2, 0.1), (0.6, 0.7)
    expect(pairStats(est, obs)).toEqual(pairStats([0.1, 0.5, 0.2, 0.6], [0.2, 0.4, 0.1, 0.7]));
  });

  it('returns NaN r and p (no throw) with n < 3 or zero variance', () => {
    const two = pairStats([0.1, 0.3], [0.2, 0.2]);
    expect(two.n).toBe(2);
    expect(two.r).toBeNaN();
    expect(two.pValue).toBeNaN();
    expect(two.rmse).toBeCloseTo(Math.sqrt((0.01 + 0.01) / 2), 14);

    const flatObs = pairStats([0.1, 0.2, 0.3, 0.4], [0.25, 0.25, 0.25, 0.25]);
    expect(flatObs.r).toBeNaN();
    expect(flatObs.nse).toBeNaN();
    expect(flatObs.rsr).toBeNaN();
    const flatEst = pairStats([0.25, 0.25, 0.25, 0.25], [0.1, 0.2, 0.3, 0.4]);
    expect(flatEst.r).toBeNaN();
    expect(flatEst.nse).toBeCloseTo(0, 14); // the mean of obs is exactly the NSE zero point

    const none = pairStats([NaN], [0.2]);
    expect(none.n).toBe(0);
    for (const v of [none.r, none.rmse, none.bias, none.ubrmse, none.nse, none.rsr, none.meanObs, none.stdObs]) {
      expect(v).toBeNaN();
    }
  });

  it('stays exact far from zero, where sums of squares would cancel', () => {
    // Offset by 1e9: Σx² ≈ 4e18 leaves no significant digits for a variance of ~1.
    const base = [1, 2, 3, 4, 5];
    const s = pairStats(
      base.map((v) => 1e9 + 2 * v),
      base.map((v) => 1e9 + v),
    );
    expect(s.r).toBeCloseTo(1, 12);
    expect(s.stdObs).toBeCloseTo(Math.sqrt(2), 9);
    expect(s.bias).toBeCloseTo(3, 9);
  });

  it('rejects arrays of different lengths', () => {
    expect(() => pairStats([1, 2], [1])).toThrow(RangeError);
  });
});

describe('strided and incremental accumulation', () => {
  it('pairStatsStrided over an interleaved array equals pairStats over the copy', () => {
    const { est, obs } = randomPairs(4, 30);
    const stride = 3;
    const offset = 2;
    const wideEst = new Float32Array(offset + est.length * stride).fill(99);
    const wideObs = new Float32Array(wideEst.length).fill(-99);
    est.forEach((v, k) => (wideEst[offset + k * stride] = v));
    obs.forEach((v, k) => (wideObs[offset + k * stride] = v));
    const strided = pairStatsStrided(wideEst, wideObs, offset, stride, est.length);
    const copied = pairStats(Float32Array.from(est), Float32Array.from(obs));
    expect(strided).toEqual(copied);
  });

  it('rejects a stride that runs past the arrays', () => {
    expect(() => pairStatsStrided([1, 2, 3], [1, 2, 3], 1, 2, 2)).toThrow(RangeError);
    expect(pairStatsStrided([1, 2, 3], [1, 2, 3], 0, 2, 0).n).toBe(0);
  });

  it('addPair pools two series like pairStats over their concatenation', () => {
    const a = randomPairs(5, 20);
    const b = randomPairs(6, 35);
    const m = emptyPairMoments();
    a.est.forEach((e, i) => addPair(m, e, a.obs[i]));
    b.est.forEach((e, i) => addPair(m, e, b.obs[i]));
    const pooled = pairStatsFromMoments(m);
    const whole = pairStats([...a.est, ...b.est], [...a.obs, ...b.obs]);
    for (const key of Object.keys(whole) as (keyof typeof whole)[]) {
      expect(pooled[key]).toBeCloseTo(whole[key], 14);
    }
  });

  it('accumulatePairsStrided resets the moments it is given', () => {
    const m = emptyPairMoments();
    accumulatePairsStrided([5, 6, 7], [1, 1, 2], 0, 1, 3, m);
    accumulatePairsStrided([0.1, 0.2, 0.4], [0.1, 0.3, 0.2], 0, 1, 3, m);
    expect(pairStatsFromMoments(m)).toEqual(pairStats([0.1, 0.2, 0.4], [0.1, 0.3, 0.2]));
  });
});
