import { describe, expect, it } from 'vitest';
import type { StationObservation } from '../../src/cube/station-observation.js';
import { networkCellSeries, validateAgainstStations } from '../../src/products/validate.js';
import { pairStats } from '../../kernels/metrics/pair-stats.js';
import { januaryDates, stackOf, unitGrid } from './fixtures.js';

const N = NaN;
// 2 × 2 grid of 1° cells over 0–2°E, 0–2°N: row 0 is 1–2°N, col 0 is 0–1°E.
const grid = unitGrid(2, 2);
const dates = januaryDates(3);
const [d0, d1, d2] = dates;

function reading(network: string, station: string, lon: number, lat: number, date: string, sm: number): StationObservation {
  return { network, station, lat, lon, date, sm };
}

const obs: StationObservation[] = [
  // Network A, cell (0, 0): s1 and s2.
  reading('A', 's1', 0.2, 1.8, d0, 0.2),
  reading('A', 's1', 0.2, 1.8, d1, 0.3),
  reading('A', 's1', 0.2, 1.8, d1, 0.5), // second reading that day: s1's d1 mean is 0.4
  reading('A', 's1', 0.2, 1.8, d2, N),
  reading('A', 's2', 0.7, 1.3, d0, 0.4),
  reading('A', 's2', 0.7, 1.3, d1, 0.1),
  reading('A', 's2', 0.7, 1.3, d2, 0.1),
  reading('A', 's2', 0.7, 1.3, '2020-02-01', 0.3), // not on the date axis
  // Network A, cell (1, 1): s3.
  reading('A', 's3', 1.5, 0.5, d0, 0.2),
  reading('A', 's3', 1.5, 0.5, d2, 0.3),
  // Network B, cell (0, 0): b1.
  reading('B', 'b1', 0.5, 1.5, d0, 0.5),
  reading('B', 'b1', 0.5, 1.5, d1, 0.5),
  // Outside the grid.
  reading('A', 's9', 5, 5, d0, 0.3),
];

describe('networkCellSeries', () => {
  const cells = networkCellSeries(obs, grid, dates);

  it('groups stations by network and cell, sorted, with cell-centre coordinates', () => {
    expect(cells.series.map((s) => [s.network, s.row, s.col, s.stations])).toEqual([
      ['A', 0, 0, ['s1', 's2']],
      ['A', 1, 1, ['s3']],
      ['B', 0, 0, ['b1']],
    ]);
    expect([cells.series[0].lat, cells.series[0].lon]).toEqual([1.5, 0.5]);
    expect(cells.series[0].dates).toBe(dates);
  });

  it('averages each station per day first, then the stations of the cell', () => {
    // d0: (0.2 + 0.4)/2 = 0.3; d1: (s1 (0.3 + 0.5)/2 = 0.4, s2 0.1)/2 = 0.25
    // (a plain mean of the three readings would give 0.3); d2: s1 NaN is ignored → 0.1
    const f = Math.fround;
    expect([...cells.series[0].values]).toEqual([f(0.3), f(0.25), f(0.1)]);
    expect([...cells.series[1].values]).toEqual([f(0.2), N, f(0.3)]);
    expect([...cells.series[2].values]).toEqual([f(0.5), f(0.5), N]);
  });

  it('drops and reports stations outside the grid and readings off the date axis', () => {
    expect(cells.outsideStations).toEqual(['A/s9']);
    expect(cells.offDates).toBe(1);
  });
});

describe('validateAgainstStations', () => {
  const { series } = networkCellSeries(obs, grid, dates);
  // fused at cell (0, 0) = p0 and (1, 1) = p3; p1, p2 hold no station.
  const fused = stackOf(grid, dates, [0.35, 9, 9, 0.1, /**/ 0.25, 9, 9, 0.4, /**/ N, 9, 9, 0.3]);

  it('pools each network over its cells and days, then all networks', () => {
    const rows = validateAgainstStations(series, { fused });
    expect(rows.map((r) => [r.network, r.product, r.n])).toEqual([
      ['A', 'fused', 4],
      ['B', 'fused', 2],
      ['all', 'fused', 6],
    ]);
    // A: (0.35, 0.3), (0.25, 0.25) at p0 (d2 has no product); (0.1, 0.2), (0.3, 0.3) at p3
    // (d1 has no observation). Differences 0.05, 0, −0.1, 0:
    // bias = −0.05/4 = −0.0125, RMSE = √((0.0025 + 0.01)/4) = √0.003125
    const [a, b, all] = rows;
    expect(a.bias).toBeCloseTo(-0.0125, 6);
    expect(a.rmse).toBeCloseTo(Math.sqrt(0.003125), 6);
    // B: (0.35, 0.5), (0.25, 0.5): bias = (−0.15 − 0.25)/2 = −0.2, n = 2 → no r
    expect(b.bias).toBeCloseTo(-0.2, 6);
    expect(b.rmse).toBeCloseTo(Math.sqrt((0.0225 + 0.0625) / 2), 6);
    expect(b.r).toBeNaN();
    expect(b.pValue).toBeNaN();
    // all: bias = (−0.05 − 0.4)/6 = −0.075; the other metrics as pairStats of the pooled pairs.
    expect(all.bias).toBeCloseTo(-0.075, 6);
    const f = Math.fround;
    const pooled = pairStats([0.35, 0.25, 0.1, 0.3, 0.35, 0.25].map(f), [0.3, 0.25, 0.2, 0.3, 0.5, 0.5].map(f));
    expect(all.r).toBeCloseTo(pooled.r, 12);
    expect(all.pValue).toBeCloseTo(pooled.pValue, 12);
    expect(all.ubrmse).toBeCloseTo(pooled.ubrmse, 12);
    expect(a.r).toBeCloseTo(pairStats([0.35, 0.25, 0.1, 0.3].map(f), [0.3, 0.25, 0.2, 0.3].map(f)).r, 12);
  });

  it('gives one block of rows per product', () => {
    const rows = validateAgainstStations(series, { fused, ecv: fused });
    expect(rows.map((r) => `${r.product}:${r.network}`)).toEqual(['fused:A', 'fused:B', 'fused:all', 'ecv:A', 'ecv:B', 'ecv:all']);
  });

  it('rejects products on other dates or another grid', () => {
    const shifted = stackOf(grid, januaryDates(4).slice(1), fused.data);
    expect(() => validateAgainstStations(series, { shifted })).toThrow(/dates/);
    const other = stackOf(unitGrid(4, 1), dates, fused.data);
    expect(() => validateAgainstStations(series, { other })).toThrow(/grid/);
  });
});
