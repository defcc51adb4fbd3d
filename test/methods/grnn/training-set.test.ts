import { describe, expect, it } from 'vitest';
import { referenceStatus } from '../../../src/cube/masks.js';
import { countSamples, gatherQueries, gatherSamples } from '../../../src/methods/grnn/training-set.js';

// 2 days × 1 row × 2 cells. Day 0: both unfrozen. Day 1: cell 1 frozen (LST 270 K).
const ref = {
  width: 2,
  height: 1,
  days: 2,
  lst: new Float32Array([283.15, 293.15, 278.15, 270]),
  ndvi: new Float32Array([0.1, 0.2, 0.3, 0.4]),
  albedo: new Float32Array([0.11, 0.12, 0.13, 0.14]),
  dem: new Float32Array([4000, 4500]),
};
const ecv = new Float32Array([0.2, NaN, 0.25, 0.9]);
const fy = new Float32Array([0.3, 0.35, NaN, 0.9]);
const all = { row0: 0, row1: 1, col0: 0, col1: 2 };

describe('union training set (SPEC §3 step 3)', () => {
  const status = referenceStatus(ref);

  it('takes one sample per valid product value on unfrozen pixel-days, features repeated', () => {
    const set = gatherSamples(ref, status, all, [ecv, fy]);
    // ECV: day0 cell0 (0.2), day1 cell0 (0.25); FY: day0 cell0 (0.3), day0 cell1 (0.35). Frozen day1 cell1 is out.
    expect(set.n).toBe(4);
    expect(Array.from(set.y)).toEqual([0.2, 0.25, 0.3, 0.35].map(Math.fround));
    [10, 0.1, 0.11, 4000].forEach((v, k) => expect(set.x[k]).toBeCloseTo(v, 4));
    expect(Array.from(set.x.subarray(8, 12))).toEqual(Array.from(set.x.subarray(0, 4)));
    expect(countSamples(ref, status, all, ecv) + countSamples(ref, status, all, fy)).toBe(4);
  });

  it('one product alone gives the reconstruction training set', () => {
    expect(gatherSamples(ref, status, all, [fy]).n).toBe(2);
  });

  it('queries every unfrozen pixel-day of the block, with its flat index', () => {
    const q = gatherQueries(ref, status, all);
    expect(Array.from(q.index)).toEqual([0, 1, 2]);
    expect(q.x[2 * 4]).toBeCloseTo(5, 4); // day 1, cell 0: 278.15 K = 5 °C
  });
});
