import { describe, expect, it } from 'vitest';
import {
  biasInterval,
  kendallInterval,
  pearsonInterval,
  rmseInterval,
  spearmanInterval,
  ubrmseInterval,
} from '../../../kernels/metrics/confidence-intervals.js';
import { extendedStats, pushPair } from '../../../kernels/metrics/extended-stats.js';
import { pairStats } from '../../../kernels/metrics/pair-stats.js';
import { makeRng } from '../../../core/rng.js';

const x = [0.21, 0.25, 0.25, 0.3, 0.18, 0.22, 0.27, 0.27, 0.27, 0.31, 0.19, 0.24];
const y = [0.2, 0.26, 0.23, 0.29, 0.2, 0.2, 0.28, 0.25, 0.3, 0.33, 0.17, 0.24];

// Expected values: pytesmo.metrics.pairwise's formulas evaluated with numpy/scipy 1.17 on x, y
// (pearson_r_ci, bias_ci, ubrmsd_ci; bias and ubRMSD of x − y).
describe('analytic intervals (pytesmo formulas)', () => {
  const s = pairStats(x, y);
  it('R: Fisher z', () => {
    const [lo, hi] = pearsonInterval(s.r, s.n);
    expect(lo).toBeCloseTo(0.761781026019174, 13);
    expect(hi).toBeCloseTo(0.98037380079305, 13);
    // by hand: tanh(atanh r ± 1.959964/√9)
    expect(hi).toBeCloseTo(Math.tanh(Math.atanh(s.r) + 1.959963984540054 / 3), 14);
  });

  it('bias: t with n df, sd over n − 1', () => {
    const [lo, hi] = biasInterval(s.bias, s.ubrmse, s.n);
    expect(lo).toBeCloseTo(-0.010689099849458341, 12);
    expect(hi).toBeCloseTo(0.012355766516125001, 12);
  });

  it('ubRMSE: χ² with n df', () => {
    const [lo, hi] = ubrmseInterval(s.ubrmse, s.n);
    expect(lo).toBeCloseTo(0.012577428350141188, 12);
    expect(hi).toBeCloseTo(0.02895329619489695, 12);
  });

  it('Spearman and Kendall: Bonett–Wright factors √(1 + ρ²/2) and 0.431', () => {
    const [lo, hi] = spearmanInterval(0.6, 50);
    expect(lo).toBeCloseTo(Math.tanh(Math.atanh(0.6) - (1.959963984540054 * Math.sqrt(1.18)) / Math.sqrt(47)), 14);
    expect(hi).toBeCloseTo(Math.tanh(Math.atanh(0.6) + (1.959963984540054 * Math.sqrt(1.18)) / Math.sqrt(47)), 14);
    const [klo, khi] = kendallInterval(0.4, 28);
    expect(klo).toBeCloseTo(Math.tanh(Math.atanh(0.4) - (1.959963984540054 * 0.431) / 5), 14);
    expect(khi).toBeCloseTo(Math.tanh(Math.atanh(0.4) + (1.959963984540054 * 0.431) / 5), 14);
  });

  it('is NaN where no interval exists', () => {
    expect(pearsonInterval(0.5, 3)).toEqual([NaN, NaN]);
    expect(pearsonInterval(NaN, 30)).toEqual([NaN, NaN]);
    expect(biasInterval(0.1, 0.02, 1)).toEqual([NaN, NaN]);
    expect(ubrmseInterval(NaN, 30)).toEqual([NaN, NaN]);
  });
});

function normalErrors(seed: number, n: number, sd: number): Float64Array {
  const rng = makeRng(seed);
  return Float64Array.from({ length: n }, () => sd * rng.normal());
}

describe('RMSE bootstrap', () => {
  it('is deterministic: same pairs, same interval', () => {
    const sq = normalErrors(3, 300, 0.04).map((d) => d * d);
    expect(rmseInterval(sq)).toEqual(rmseInterval(Float64Array.from(sq)));
  });

  it('brackets the RMSE and agrees with the χ² interval for zero-mean normal errors', () => {
    const d = normalErrors(4, 2000, 0.04);
    const sq = d.map((v) => v * v);
    const rmse = Math.sqrt(sq.reduce((a, b) => a + b, 0) / sq.length);
    const [lo, hi] = rmseInterval(sq);
    expect(lo).toBeLessThan(rmse);
    expect(hi).toBeGreaterThan(rmse);
    // with mean 0, n·RMSE²/σ² ~ χ²_n: the same interval as ubrmseInterval's formula
    const [clo, chi] = ubrmseInterval(rmse, sq.length);
    expect(Math.abs(lo - clo) / rmse).toBeLessThan(0.01);
    expect(Math.abs(hi - chi) / rmse).toBeLessThan(0.01);
  });

  it('switches to its normal limit above maxPairs, which matches the bootstrap', () => {
    const sq = normalErrors(5, 5000, 0.05).map((v) => v * v);
    const boot = rmseInterval(sq);
    const limit = rmseInterval(sq, sq.length, { maxPairs: 100 });
    expect(Math.abs(boot[0] - limit[0]) / boot[0]).toBeLessThan(0.005);
    expect(Math.abs(boot[1] - limit[1]) / boot[1]).toBeLessThan(0.005);
  });

  it('gives no interval under 100 pairs (pytesmo minimum_data_length)', () => {
    expect(rmseInterval(new Float64Array(99).fill(0.01))).toEqual([NaN, NaN]);
  });
});

describe('extendedStats', () => {
  it('compacts valid pairs and fills every interval', () => {
    const est = new Float64Array(x.length + 2);
    const obs = new Float64Array(x.length + 2);
    let n = 0;
    for (let i = 0; i < x.length; i++) n = pushPair(est, obs, n, x[i], y[i]);
    n = pushPair(est, obs, n, NaN, 0.2);
    expect(n).toBe(x.length);
    const e = extendedStats(est, obs, n, pairStats(x, y));
    expect(e.rCi[0]).toBeCloseTo(0.761781026019174, 13);
    expect(e.rmseCi).toEqual([NaN, NaN]); // 12 pairs: too few to bootstrap
    expect(e.spearman.value).toBeCloseTo(0.9271773062634479, 13); // scipy.stats.spearmanr(x, y)
    expect(e.kendall.value).toBeCloseTo(0.8160261132534428, 13); // scipy.stats.kendalltau(x, y)
    expect(e.kendall.pValue).toBeCloseTo(0.0003622117991816087, 12);
  });
});
