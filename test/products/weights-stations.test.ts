import { describe, expect, it } from 'vitest';
import { networkCellSeries } from '../../src/products/validate.js';
import { stationWeightRows } from '../../src/products/weights-stations.js';
import { januaryDates, stackOf, unitGrid } from './fixtures.js';

const N = NaN;

describe('stationWeightRows', () => {
  const grid = unitGrid(2, 1);
  const dates = januaryDates(4);
  // One station in cell (0, 1) = pixel 1.
  const { series } = networkCellSeries([{ network: 'N1', station: 'x', lat: 0.5, lon: 1.5, date: dates[0], sm: 0.2 }], grid, dates);
  // Pixel 1 by day: W = 0.5; FY missing; W = (0.35 − 0.2)/0.1 = 1.5; W = (0 − 0.2)/0.1 = −2.
  // Pixel 0 (no station) holds values that must not appear.
  const ecv = stackOf(grid, dates, [0.1, 0.3, /**/ 0.1, 0.3, /**/ 0.1, 0.3, /**/ 0.1, 0.3]);
  const fy = stackOf(grid, dates, [0.5, 0.2, /**/ 0.5, N, /**/ 0.5, 0.2, /**/ 0.5, 0.2]);
  const fused = stackOf(grid, dates, [0.2, 0.25, /**/ 0.2, 0.3, /**/ 0.2, 0.35, /**/ 0.2, 0]);

  it('gives one row per day where W is defined, clipped to [−1, 1]', () => {
    const rows = stationWeightRows(series, fused, ecv, fy);
    expect(rows.map((r) => [r.network, r.row, r.col, r.date])).toEqual([
      ['N1', 0, 1, dates[0]],
      ['N1', 0, 1, dates[2]],
      ['N1', 0, 1, dates[3]],
    ]);
    const [half, above, below] = rows;
    expect(half.wEcv).toBeCloseTo(0.5, 5);
    expect(half.wFy).toBeCloseTo(0.5, 5);
    expect([half.ecv, half.fy, half.fused]).toEqual([0.3, 0.2, 0.25].map(Math.fround));
    // W = 1.5 → W_ECV clips to 1; W_FY = −0.5 stays.
    expect(above.wEcv).toBe(1);
    expect(above.wFy).toBeCloseTo(-0.5, 5);
    // W = −2 → W_ECV clips to −1; W_FY = 3 clips to 1.
    expect(below.wEcv).toBe(-1);
    expect(below.wFy).toBe(1);
  });

  it('uses the minDiff guard of the weight cube', () => {
    expect(stationWeightRows(series, fused, ecv, fy, { minDiff: 0.2 })).toEqual([]);
  });
});
