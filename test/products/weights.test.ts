import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../core/errors.js';
import { clipWeight, fusionWeight, fusionWeightCube, fusionWeightMap } from '../../src/products/weights.js';
import { januaryDates, stackOf, unitGrid } from './fixtures.js';

const N = NaN;

describe('fusionWeight', () => {
  it('is 1 when the fusion follows ECV, 0 when it follows FY, 0.5 half-way', () => {
    expect(fusionWeight(0.3, 0.3, 0.2)).toBe(1);
    expect(fusionWeight(0.2, 0.3, 0.2)).toBe(0);
    expect(fusionWeight(0.25, 0.3, 0.2)).toBeCloseTo(0.5, 12);
  });

  it('leaves [0, 1] when the fused SM lies outside the ECV–FY interval', () => {
    // (0.35 − 0.2)/(0.3 − 0.2) = 1.5; (0.15 − 0.2)/0.1 = −0.5
    expect(fusionWeight(0.35, 0.3, 0.2)).toBeCloseTo(1.5, 12);
    expect(fusionWeight(0.15, 0.3, 0.2)).toBeCloseTo(-0.5, 12);
  });

  it('is NaN when ECV and FY are closer than minDiff, equal, or any value is missing', () => {
    expect(fusionWeight(0.3, 0.3, 0.297)).toBeNaN(); // |ECV − FY| = 0.003 < 0.005
    expect(fusionWeight(0.3, 0.25, 0.125, 0.125)).toBeCloseTo(1.4, 12); // = minDiff: defined
    expect(fusionWeight(0.3, 0.2, 0.2, 0)).toBeNaN();
    expect(fusionWeight(N, 0.3, 0.2)).toBeNaN();
    expect(fusionWeight(0.3, N, 0.2)).toBeNaN();
    expect(fusionWeight(0.3, 0.3, N)).toBeNaN();
  });
});

describe('fusionWeightCube', () => {
  it('computes W_ECV per pixel-day of aligned stacks', () => {
    const grid = unitGrid(2, 1);
    const dates = januaryDates(2);
    const fused = stackOf(grid, dates, [0.3, 0.25, /**/ 0.2, 0.3]);
    const ecv = stackOf(grid, dates, [0.3, 0.3, /**/ 0.3, 0.302]);
    const fy = stackOf(grid, dates, [0.2, 0.2, /**/ N, 0.3]);
    const w = fusionWeightCube(fused, ecv, fy);
    expect(w[0]).toBeCloseTo(1, 6);
    expect(w[1]).toBeCloseTo(0.5, 5);
    expect(w[2]).toBeNaN(); // FY missing
    expect(w[3]).toBeNaN(); // |ECV − FY| = 0.002 < 0.005
    // A looser guard admits the last day: (0.3 − 0.3)/0.002 = 0.
    expect(fusionWeightCube(fused, ecv, fy, { minDiff: 0.001 })[3]).toBeCloseTo(0, 5);
  });

  it('rejects a negative minDiff and misaligned stacks', () => {
    const s = stackOf(unitGrid(1, 1), januaryDates(1), [0.2]);
    expect(() => fusionWeightCube(s, s, s, { minDiff: -1 })).toThrow(ConfigError);
    const t = stackOf(unitGrid(1, 1), januaryDates(2), [0.2, 0.3]);
    expect(() => fusionWeightCube(s, t, s)).toThrow(RangeError);
  });
});

describe('fusionWeightMap', () => {
  it('averages only the weights in [0, 1], per pixel', () => {
    const grid = unitGrid(2, 1);
    // p0 over 4 days: 0.2, 0.6, 1.5 (out), 1 → mean (0.2 + 0.6 + 1)/3 = 0.6, W_FY 0.8, 0.4, 0 → 0.4
    // p1: −0.5 (out), 2 (out), NaN, NaN → no value
    const cube = new Float32Array([0.2, -0.5, /**/ 0.6, 2, /**/ 1.5, N, /**/ 1, N]);
    const map = fusionWeightMap(cube, grid, 4);
    expect(map.ecv[0]).toBeCloseTo(0.6, 6);
    expect(map.fy[0]).toBeCloseTo(0.4, 6);
    expect([...map.count]).toEqual([3, 0]);
    expect(map.ecv[1]).toBeNaN();
    expect(map.fy[1]).toBeNaN();
  });

  it('rejects a cube that does not match grid × days', () => {
    expect(() => fusionWeightMap(new Float32Array(5), unitGrid(2, 1), 2)).toThrow(RangeError);
  });
});

describe('clipWeight', () => {
  it('clips to [−1, 1] and keeps NaN', () => {
    expect(clipWeight(-3)).toBe(-1);
    expect(clipWeight(0.4)).toBe(0.4);
    expect(clipWeight(7)).toBe(1);
    expect(clipWeight(NaN)).toBeNaN();
  });
});
