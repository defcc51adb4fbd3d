import { describe, expect, it } from 'vitest';
import { bandGrid, makeGrid, rowBandProblem } from '../../src/grid/gridspec.js';
import { planRegrid } from '../../src/grid/regrid.js';

/** GDAL's geotransform [originX, resX, 0, originY, 0, −resY] of a grid. */
const geoTransform = (g: ReturnType<typeof bandGrid>) => [g.originX, g.resX, 0, g.originY, 0, -g.resY];

describe('bandGrid', () => {
  const sample = makeGrid({ west: 96, south: 28, east: 98, north: 29.5 }, 0.25); // 8 × 6

  it('keeps the columns, CRS and cell size and moves the origin down row0 cells', () => {
    // rows 2…4 of the 0.25° grid: their north edge is 29.5 − 2 × 0.25 = 29
    const b = bandGrid(sample, { row0: 2, row1: 5 });
    expect(b).toEqual({ width: 8, height: 3, originX: 96, originY: 29, resX: 0.25, resY: 0.25, epsg: 4326 });
    expect(geoTransform(b)).toEqual([96, 0.25, 0, 29, 0, -0.25]);
    expect(geoTransform(bandGrid(sample, { row0: 5, row1: 6 }))).toEqual([96, 0.25, 0, 28.25, 0, -0.25]);
    expect(bandGrid(sample, { row0: 0, row1: 6 })).toEqual(sample);
  });

  it('on a projected grid too (EASE-Grid 2.0, metres)', () => {
    const ease = { width: 10, height: 20, originX: -17367530.45, originY: 7314540.83, resX: 36032.22, resY: 36032.22, epsg: 6933 };
    // 7314540.83 − 4 × 36032.22 = 7170411.95
    expect(geoTransform(bandGrid(ease, { row0: 4, row1: 9 }))).toEqual([
      -17367530.45,
      36032.22,
      0,
      7314540.83 - 4 * 36032.22,
      0,
      -36032.22,
    ]);
    expect(bandGrid(ease, { row0: 4, row1: 9 }).originY).toBeCloseTo(7170411.95, 6);
    expect(bandGrid(ease, { row0: 4, row1: 9 }).height).toBe(5);
  });

  it('refuses bands that are not rows of the grid', () => {
    for (const band of [
      { row0: 3, row1: 3 },
      { row0: -1, row1: 2 },
      { row0: 4, row1: 7 },
      { row0: 0.5, row1: 2 },
      { row0: 3, row1: 2 },
    ]) {
      expect(() => bandGrid(sample, band)).toThrow(RangeError);
      expect(rowBandProblem(sample, band)).toBe(`rows [${band.row0}, ${band.row1}) are not a band of a grid of 6 rows`);
    }
    expect(rowBandProblem(sample, { row0: 0, row1: 6 })).toBeNull();
  });
});

describe('planRegrid over a band of the target rows', () => {
  // 0.1° is not a binary fraction: a band grid's own cell centres differ from the whole
  // grid's in the last bits, so the plan must place cells by their row in the whole grid
  const source = makeGrid({ west: 69.93, south: 24.87, east: 105.13, north: 40.11 }, 0.07);
  const target = makeGrid({ west: 70, south: 25, east: 105, north: 40 }, 0.1);

  for (const method of ['nearest', 'bilinear', 'mean', 'centres'] as const) {
    it(`${method}: the band's cells have exactly the whole plan's entries, and its window only the rows they need`, () => {
      const whole = planRegrid(source, target, method);
      for (const band of [
        { row0: 0, row1: 1 },
        { row0: 37, row1: 75 },
        { row0: 149, row1: 150 },
      ]) {
        const part = planRegrid(source, target, method, band);
        expect(part.target).toEqual(bandGrid(target, band));
        const first = band.row0 * target.width;
        const cells = (band.row1 - band.row0) * target.width;
        expect(part.starts.length).toBe(cells + 1);
        // per entry: target cell, weight and source cell (row, col), in each plan's own indexing
        const entries = (p: typeof part, from: number, to: number) => {
          const out: number[] = [];
          for (let t = from; t < to; t++) {
            for (let k = p.starts[t]; k < p.starts[t + 1]; k++) {
              out.push(
                t - from,
                p.weights[k],
                p.window.row0 + Math.floor(p.sourceCells[k] / p.window.cols),
                p.window.col0 + (p.sourceCells[k] % p.window.cols),
              );
            }
          }
          return out;
        };
        const want = entries(whole, first, first + cells);
        expect(want.length).toBeGreaterThan(0);
        expect(entries(part, 0, cells)).toEqual(want);
        expect(part.window.rows).toBeLessThan(whole.window.rows);
      }
    });
  }
});
