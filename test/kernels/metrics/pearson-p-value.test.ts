import { describe, expect, it } from 'vitest';
import { pearsonPValue } from '../../../kernels/metrics/pearson-p-value.js';

// Reference values: 2·scipy.stats.t.sf(|t|, n − 2) with t = r·√((n − 2)/(1 − r²)).
describe('pearsonPValue', () => {
  it('matches Student t tables', () => {
    expect(pearsonPValue(0.5, 10)).toBeCloseTo(0.14111328125, 12);
    expect(pearsonPValue(0.3, 50)).toBeCloseTo(0.03428618003292997, 12);
    expect(pearsonPValue(0.9, 5)).toBeCloseTo(0.03738607346849862, 12);
    expect(pearsonPValue(0.1, 1000)).toBeCloseTo(0.0015441161074010938, 12);
  });

  it('meets the closed forms for df = 1 (Cauchy) and df = 2', () => {
    // df = 1: p = 1 − (2/π)·atan|t|, and atan(r/√(1 − r²)) = asin r.
    // df = 2: p = 1 − |t|/√(2 + t²), and t² = 2r²/(1 − r²) makes that 1 − |r|.
    for (const r of [0.05, 0.2, 0.5, 0.8, 0.97]) {
      expect(pearsonPValue(r, 3)).toBeCloseTo(1 - (2 / Math.PI) * Math.asin(r), 13);
      expect(pearsonPValue(r, 4)).toBeCloseTo(1 - r, 13);
    }
  });

  it('is even in r, 1 at r = 0 and 0 at |r| = 1', () => {
    expect(pearsonPValue(-0.3, 50)).toBe(pearsonPValue(0.3, 50));
    expect(pearsonPValue(0, 30)).toBeCloseTo(1, 14);
    expect(pearsonPValue(1, 30)).toBe(0);
    expect(pearsonPValue(-1, 30)).toBe(0);
  });

  it('keeps relative precision for tiny p and for pooled samples of 1e5–1e6', () => {
    expect(pearsonPValue(0.999, 20) / 9.461962149391849e-26).toBeCloseTo(1, 9);
    expect(pearsonPValue(0.01, 100_000)).toBeCloseTo(0.0015651897452783157, 10);
    // df → ∞: the t tail tends to the normal one, here z = 2 → 0.0455003.
    expect(pearsonPValue(0.002, 1_000_000)).toBeCloseTo(0.04550031788729119, 9);
  });

  it('is NaN, not an error, with too few samples or an invalid r', () => {
    expect(pearsonPValue(0.5, 2)).toBeNaN();
    expect(pearsonPValue(0.5, 0)).toBeNaN();
    expect(pearsonPValue(NaN, 10)).toBeNaN();
    expect(pearsonPValue(1.01, 10)).toBeNaN();
  });
});
