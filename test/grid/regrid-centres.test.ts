import proj4 from 'proj4';
import { describe, expect, it } from 'vitest';
import { fileDefinedCrs, MODIS_SINUSOIDAL } from '../../src/grid/crs.js';
import { makeGrid, type GridSpec } from '../../src/grid/gridspec.js';
import { applyRegrid, planRegrid } from '../../src/grid/regrid.js';

/** A plain second implementation: project each source centre, bin it, average the valid ones. */
function binnedMeans(source: GridSpec, sourceDef: string, values: Float32Array, target: GridSpec): Float32Array {
  const sums = new Float64Array(target.width * target.height);
  const counts = new Float64Array(target.width * target.height);
  const toLonLat = proj4(sourceDef, '+proj=longlat +datum=WGS84 +no_defs');
  for (let r = 0; r < source.height; r++) {
    for (let c = 0; c < source.width; c++) {
      const v = values[r * source.width + c];
      if (Number.isNaN(v)) continue;
      const [lon, lat] = toLonLat.forward([source.originX + (c + 0.5) * source.resX, source.originY - (r + 0.5) * source.resY]);
      const tc = Math.floor((lon - target.originX) / target.resX);
      const tr = Math.floor((target.originY - lat) / target.resY);
      if (tc < 0 || tr < 0 || tc >= target.width || tr >= target.height) continue;
      sums[tr * target.width + tc] += v;
      counts[tr * target.width + tc]++;
    }
  }
  return Float32Array.from(sums, (s, t) => (counts[t] > 0 ? s / counts[t] : NaN));
}

describe("'centres' resampling: mean of the source cells whose centres fall in the target cell", () => {
  it('equals a plain binning of a MODIS sinusoidal tile far from the central meridian (h26v05)', () => {
    const cell = 926.625433055833; // MODIS 1 km
    const tile = 1111950.519667; // one h/v tile in metres
    const rows = 120;
    const cols = 150;
    // A corner of h26v05: x from (26 − 18) tiles, y from (9 − 5) tiles.
    const source: GridSpec = {
      width: cols,
      height: rows,
      originX: 8 * tile,
      originY: 4 * tile,
      resX: cell,
      resY: cell,
      epsg: fileDefinedCrs(MODIS_SINUSOIDAL),
    };
    const values = Float32Array.from({ length: rows * cols }, (_, i) => ((i * 37) % 101 === 0 ? NaN : 280 + ((i * 7919) % 1000) / 100));
    const target = makeGrid({ west: 100, south: 38, east: 104, north: 40 }, 0.25);
    const plan = planRegrid(source, target, 'centres');
    const window = new Float32Array(plan.window.rows * plan.window.cols);
    for (let r = 0; r < plan.window.rows; r++)
      for (let c = 0; c < plan.window.cols; c++)
        window[r * plan.window.cols + c] = values[(plan.window.row0 + r) * cols + plan.window.col0 + c];
    const out = new Float32Array(target.width * target.height);
    applyRegrid(plan, window, out);
    const expected = binnedMeans(source, MODIS_SINUSOIDAL, values, target);
    expect(expected.some((v) => Number.isFinite(v))).toBe(true);
    for (let t = 0; t < out.length; t++) {
      if (Number.isNaN(expected[t])) expect(out[t]).toBeNaN();
      else expect(out[t]).toBeCloseTo(expected[t], 4);
    }
    // Every valid source cell is used once at most: the plan never repeats a cell.
    expect(new Set(plan.sourceCells).size).toBe(plan.sourceCells.length);
  });

  it('is the block mean on aligned lat/lon grids (as `mean`)', () => {
    const source = makeGrid({ west: 90, south: 30, east: 91, north: 31 }, 0.05);
    const target = makeGrid({ west: 90, south: 30, east: 91, north: 31 }, 0.25);
    const values = Float32Array.from({ length: source.width * source.height }, (_, i) => (i % 13 === 0 ? NaN : i / 400));
    const run = (method: 'mean' | 'centres') => {
      const plan = planRegrid(source, target, method);
      const out = new Float32Array(target.width * target.height);
      applyRegrid(plan, values, out);
      return Array.from(out, (v) => v.toFixed(6));
    };
    expect(run('centres')).toEqual(run('mean'));
  });
});
