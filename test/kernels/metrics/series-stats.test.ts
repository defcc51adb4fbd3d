import { describe, expect, it } from 'vitest';
import { coefficientOfVariation, quantile } from '../../../kernels/metrics/series-stats.js';

describe('coefficientOfVariation', () => {
  it('is the population std over the mean, NaN skipped', () => {
    // [2, 4, 4, 4, 5, 5, 7, 9]: mean 5, Σ(x − 5)² = 9+1+1+1+0+0+4+16 = 32, σ = √(32/8) = 2 → 0.4
    expect(coefficientOfVariation([2, 4, 4, 4, 5, 5, 7, 9])).toBeCloseTo(0.4, 14);
    expect(coefficientOfVariation([NaN, 2, 4, 4, NaN, 4, 5, 5, 7, 9])).toBeCloseTo(0.4, 14);
  });

  it('is 0 for a constant series and NaN with no values or a zero mean', () => {
    expect(coefficientOfVariation(new Float32Array([0.3, 0.3, 0.3]))).toBe(0);
    expect(coefficientOfVariation([])).toBeNaN();
    expect(coefficientOfVariation([NaN, NaN])).toBeNaN();
    expect(coefficientOfVariation([-1, 1])).toBeNaN();
  });
});

describe('quantile (type 7)', () => {
  it('interpolates linearly between order statistics', () => {
    // n = 4, h = 3q: q = 0.25 → h = 0.75 → 1 + 0.75·(2 − 1) = 1.75; q = 0.5 → 2.5
    expect(quantile([4, 1, 3, 2], 0.25)).toBeCloseTo(1.75, 14);
    expect(quantile([4, 1, 3, 2], 0.5)).toBeCloseTo(2.5, 14);
    expect(quantile([4, 1, 3, 2], 0.75)).toBeCloseTo(3.25, 14);
    // n = 5, q = 0.9 → h = 3.6 → 40 + 0.6·10 = 46
    expect(quantile([50, 10, 40, 20, 30], 0.9)).toBeCloseTo(46, 12);
  });

  it('returns the extremes at q = 0 and 1 and skips NaN', () => {
    const x = [0.3, NaN, 0.1, 0.25, NaN, 0.4];
    expect(quantile(x, 0)).toBe(0.1);
    expect(quantile(x, 1)).toBe(0.4);
    expect(quantile(x, 0.5)).toBeCloseTo(0.275, 14);
    expect(quantile([7], 0.3)).toBe(7);
  });

  it('is NaN with no values and rejects q outside [0, 1]', () => {
    expect(quantile([NaN], 0.5)).toBeNaN();
    expect(() => quantile([1, 2], 1.5)).toThrow(RangeError);
    expect(() => quantile([1, 2], NaN)).toThrow(RangeError);
  });
});
