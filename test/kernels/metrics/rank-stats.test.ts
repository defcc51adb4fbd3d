import { describe, expect, it } from 'vitest';
import { averageRanks, kendallTauB, spearman } from '../../../kernels/metrics/rank-stats.js';
import { makeRng } from '../../../core/rng.js';

/** Plain O(n²) Kendall τ-b: count concordant, discordant and tied pairs one by one. */
function kendallByHand(x: ArrayLike<number>, y: ArrayLike<number>): number {
  let c = 0;
  let d = 0;
  let tx = 0;
  let ty = 0;
  const n = x.length;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const sx = Math.sign(x[i] - x[j]);
      const sy = Math.sign(y[i] - y[j]);
      if (sx === 0 && sy === 0) continue;
      if (sx === 0) tx++;
      else if (sy === 0) ty++;
      else if (sx === sy) c++;
      else d++;
    }
  }
  return (c - d) / Math.sqrt((c + d + tx) * (c + d + ty));
}

// Integer series that scipy and this test build identically (ties included).
const idx = Array.from({ length: 60 }, (_, i) => i);
const a = idx.map((i) => (i * 37) % 101);
const b = idx.map((i) => Math.floor((((i * 53) % 97) + a[i]) / 7));
const a10 = a.map((v) => Math.floor(v / 10));

describe('averageRanks', () => {
  it('gives ties the mean of their ranks (scipy rankdata)', () => {
    expect([...averageRanks([3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5])]).toEqual([4.5, 1.5, 6, 1.5, 8, 11, 3, 10, 8, 4.5, 8]);
  });
});

describe('spearman', () => {
  it('is 1 − 6Σd²/(n(n²−1)) for a known permutation without ties', () => {
    const y = [3, 1, 2, 5, 4, 7, 6, 8];
    const x = [1, 2, 3, 4, 5, 6, 7, 8];
    // d = [−2, 1, 1, −1, 1, −1, 1, 0]: Σd² = 10
    expect(spearman(x, y).value).toBeCloseTo(1 - (6 * 10) / (8 * 63), 14);
  });

  it('matches scipy.stats.spearmanr with ties', () => {
    const s = spearman(a, b);
    expect(s.value).toBeCloseTo(0.7473191935093213, 13);
    expect(s.pValue / 6.961253643665799e-12).toBeCloseTo(1, 8);
    const s2 = spearman(a10, b);
    expect(s2.value).toBeCloseTo(0.7441826190220742, 13);
    expect(s2.pValue / 9.487647489558037e-12).toBeCloseTo(1, 8);
  });

  it('is NaN for a constant side or fewer than 3 pairs', () => {
    expect(spearman([1, 1, 1, 1], [1, 2, 3, 4]).value).toBeNaN();
    expect(spearman([1, 2], [1, 2]).value).toBeNaN();
  });
});

describe('kendallTauB', () => {
  it('equals a by-hand pair count with and without ties', () => {
    expect(kendallTauB(a, b).value).toBeCloseTo(kendallByHand(a, b), 14);
    expect(kendallTauB(a10, b).value).toBeCloseTo(kendallByHand(a10, b), 14);
    const rng = makeRng(7);
    const x = Float64Array.from({ length: 500 }, () => Math.round(rng.normal() * 4));
    const y = x.map((v) => Math.round(v + rng.normal() * 3));
    expect(kendallTauB(x, y).value).toBeCloseTo(kendallByHand(x, y), 13);
  });

  it('matches scipy.stats.kendalltau (τ-b and asymptotic p with tie correction)', () => {
    const k = kendallTauB(a, b);
    expect(k.value).toBeCloseTo(0.587384319097049, 13);
    expect(k.pValue / 6.872303957736374e-11).toBeCloseTo(1, 8);
    const k2 = kendallTauB(a10, b);
    expect(k2.value).toBeCloseTo(0.5896143496721241, 13);
    expect(k2.pValue / 2.815142639631543e-10).toBeCloseTo(1, 8);
  });

  it('is ±1 for monotone series and NaN for a constant one', () => {
    expect(kendallTauB([1, 2, 3, 4], [10, 20, 30, 40]).value).toBe(1);
    expect(kendallTauB([1, 2, 3, 4], [4, 3, 2, 1]).value).toBe(-1);
    expect(kendallTauB([2, 2, 2], [1, 2, 3]).value).toBeNaN();
  });
});
