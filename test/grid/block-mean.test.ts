import { describe, expect, it } from 'vitest';
import { makeGrid, type GridSpec } from '../../src/grid/gridspec.js';
import { applyRegrid, planRegrid } from '../../src/grid/regrid.js';
import { makeRng } from '../../core/rng.js';

/** The plain block mean of the valid sub-cells: `factor` × `factor` source cells per target cell. */
function blockMeans(source: Float32Array, width: number, height: number, factor: number): Float64Array {
  const out = new Float64Array((width / factor) * (height / factor));
  for (let R = 0; R < height / factor; R++) {
    for (let C = 0; C < width / factor; C++) {
      let sum = 0;
      let n = 0;
      for (let r = R * factor; r < (R + 1) * factor; r++) {
        for (let c = C * factor; c < (C + 1) * factor; c++) {
          const v = source[r * width + c];
          if (!Number.isNaN(v)) {
            sum += v;
            n++;
          }
        }
      }
      out[R * (width / factor) + C] = n > 0 ? sum / n : NaN;
    }
  }
  return out;
}

function regrid(source: GridSpec, data: Float32Array, target: GridSpec): Float32Array {
  const plan = planRegrid(source, target, 'mean');
  expect(plan.window).toEqual({ row0: 0, col0: 0, rows: source.height, cols: source.width });
  const out = new Float32Array(target.width * target.height);
  applyRegrid(plan, data, out);
  return out;
}

describe('MODIS-style 0.05° reference data → 0.25° by the mean of valid sub-cells', () => {
  // a piece of the global 0.05° climate-modelling grid (origin −180, 90), as MOD11C1/MOD13C1 use
  const fine = makeGrid({ west: 89.5, south: 29, east: 92, north: 31 }, 0.05);
  const coarse = makeGrid({ west: 89.5, south: 29, east: 92, north: 31 }, 0.25);

  it('LST with cloud gaps: each 0.25° cell is the plain mean of its valid 5×5 sub-cells', () => {
    const rng = makeRng(11);
    const lst = Float32Array.from({ length: fine.width * fine.height }, () => (rng.next() < 0.3 ? NaN : 250 + 50 * rng.next()));
    for (let c = 0; c < 5; c++) for (let r = 0; r < 5; r++) lst[r * fine.width + c] = NaN; // one block all cloud
    const ours = regrid(fine, lst, coarse);
    const expected = blockMeans(lst, fine.width, fine.height, 5);
    expect(Number.isNaN(ours[0])).toBe(true);
    for (let i = 0; i < expected.length; i++) {
      if (Number.isNaN(expected[i])) expect(ours[i], `cell ${i}`).toBeNaN();
      else expect(ours[i], `cell ${i}`).toBeCloseTo(expected[i], 3);
    }
  });

  it('hand-computed: a block with 3 valid sub-cells out of 25', () => {
    const one = makeGrid({ west: 90, south: 30, east: 90.25, north: 30.25 }, 0.05);
    const ndvi = new Float32Array(25).fill(NaN);
    ndvi[0] = 0.2;
    ndvi[12] = 0.5;
    ndvi[24] = 0.8;
    expect(regrid(one, ndvi, makeGrid({ west: 90, south: 30, east: 90.25, north: 30.25 }, 0.25))[0]).toBeCloseTo(0.5, 6);
  });

  it('DEM by block mean (a 90 m-like grid of 1/1200° → 0.25°, 300 × 300 sub-cells)', () => {
    const srtm = makeGrid({ west: 91, south: 31, east: 91.5, north: 31.25 }, 1 / 1200);
    const dem = Float32Array.from({ length: srtm.width * srtm.height }, (_, i) => 4000 + (i % srtm.width) + Math.floor(i / srtm.width));
    const ours = regrid(srtm, dem, makeGrid({ west: 91, south: 31, east: 91.5, north: 31.25 }, 0.25));
    const expected = blockMeans(dem, srtm.width, srtm.height, 300);
    // mean of 4000 + col + row over a 300 × 300 block = 4000 + 149.5 + 149.5 (+300 for the second block's columns)
    expect([...expected]).toEqual([4299, 4599]);
    expect(ours[0]).toBeCloseTo(4299, 2);
    expect(ours[1]).toBeCloseTo(4599, 2);
  });
});
