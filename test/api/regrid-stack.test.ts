import { describe, expect, it } from 'vitest';
import { makeGrid, regridStack } from '../../src/index.js';

describe('regridStack', () => {
  it('aggregates every band of an aligned finer grid to the means of the source cells in each target cell, skipping NaN', () => {
    const source = makeGrid({ west: 90, south: 30, east: 91, north: 31 }, 0.25); // 4 × 4
    const target = makeGrid({ west: 90, south: 30, east: 91, north: 31 }, 0.5); // 2 × 2
    const data = Float32Array.from({ length: 2 * 16 }, (_, i) => i);
    data[16 + 5] = NaN; // band 1, row 1, col 1: inside target cell (0, 0)
    const out = regridStack(data, source, target, 'mean');
    // target (r, c) averages source rows 2r..2r+1, cols 2c..2c+1; band b adds 16 to each value
    const mean = (b: number, r: number, c: number, skip = -1) => {
      const v = [0, 1]
        .flatMap((dr) => [0, 1].map((dc) => (2 * r + dr) * 4 + 2 * c + dc))
        .filter((k) => k !== skip)
        .map((k) => 16 * b + k);
      return v.reduce((a, x) => a + x, 0) / v.length;
    };
    expect(Array.from(out)).toEqual(
      Array.from(
        Float32Array.of(
          mean(0, 0, 0),
          mean(0, 0, 1),
          mean(0, 1, 0),
          mean(0, 1, 1),
          mean(1, 0, 0, 5),
          mean(1, 0, 1),
          mean(1, 1, 0),
          mean(1, 1, 1),
        ),
      ),
    );
  });

  it('picks the source cell under each target centre by default, and refuses data that is not whole bands', () => {
    const source = makeGrid({ west: 0, south: 0, east: 2, north: 2 }, 1); // 2 × 2
    const target = makeGrid({ west: 0, south: 0, east: 2, north: 2 }, 0.5); // 4 × 4
    const out = regridStack(Float32Array.of(1, 2, 3, 4), source, target);
    expect(Array.from(out)).toEqual([1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4]);
    expect(() => regridStack(new Float32Array(5), source, target)).toThrow(RangeError);
  });
});
