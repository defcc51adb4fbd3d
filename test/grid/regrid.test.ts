import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ease1Global25kmGrid, ease2GlobalGrid } from '../../src/grid/crs.js';
import { makeGrid, type GridSpec } from '../../src/grid/gridspec.js';
import { applyRegrid, planRegrid, type Resampling } from '../../src/grid/regrid.js';
import { readGeoTiffStack } from '../../src/io/geotiff-read.js';
import { writeGeoTiff } from '../../src/io/geotiff-write.js';
import { openProduct } from '../../src/io/products/open-product.js';
import { gdal, hasGdal } from '../helpers/gdal.js';

const CCI = '/work/shared/data/esa-cci/ESACCI-SOILMOISTURE-L3S-SSMV-COMBINED-20160607000000-fv05.2.nc';
const GDAL_METHOD: Record<Resampling, string> = { nearest: 'near', bilinear: 'bilinear', mean: 'average' };
const dir = mkdtempSync('/tmp/smfuse-regrid-');

/** A sub-grid of `g` (rows/cols from row0/col0). */
function subGrid(g: GridSpec, row0: number, col0: number, rows: number, cols: number): GridSpec {
  return { ...g, width: cols, height: rows, originX: g.originX + col0 * g.resX, originY: g.originY - row0 * g.resY };
}

/** gdalwarp of `source` onto `target` (exact transformer, NaN nodata), read back. */
async function gdalwarp(source: string, target: GridSpec, method: Resampling, extra: string[] = []): Promise<Float32Array> {
  const out = join(dir, `warp-${Math.random().toString(36).slice(2)}.tif`);
  const te = [target.originX, target.originY - target.height * target.resY, target.originX + target.width * target.resX, target.originY];
  gdal('gdalwarp', '-q', ...extra, '-et', '0', '-r', GDAL_METHOD[method], '-ot', 'Float32', '-dstnodata', 'nan', '-t_srs', `EPSG:${target.epsg}`,
    '-te', ...te.map(String), '-ts', String(target.width), String(target.height), source, out);
  return (await readGeoTiffStack(out)).data;
}

async function compare(source: GridSpec, data: Float32Array, target: GridSpec, method: Resampling, extra: string[] = []) {
  const file = join(dir, `src-${Math.random().toString(36).slice(2)}.tif`);
  await writeGeoTiff(file, data, { grid: source, bands: 1, sampleType: 'float32', nodata: NaN });
  const theirs = await gdalwarp(file, target, method, extra);
  const plan = planRegrid(source, target, method);
  const window = new Float32Array(plan.window.rows * plan.window.cols);
  for (let r = 0; r < plan.window.rows; r++) {
    const from = (plan.window.row0 + r) * source.width + plan.window.col0;
    window.set(data.subarray(from, from + plan.window.cols), r * plan.window.cols);
  }
  const ours = new Float32Array(target.width * target.height);
  applyRegrid(plan, window, ours);
  let valid = 0;
  let missing = 0;
  for (let i = 0; i < ours.length; i++) {
    if (Number.isNaN(theirs[i])) {
      missing++;
      expect(ours[i], `${method} cell ${i}`).toBeNaN();
    } else {
      valid++;
      expect(ours[i], `${method} cell ${i}`).toBeCloseTo(theirs[i], 5);
    }
  }
  expect(valid).toBeGreaterThan(ours.length / 10);
  return { valid, missing };
}

/** A smooth field with holes, so that fills meet every kernel. */
function field(g: GridSpec): Float32Array {
  const a = new Float32Array(g.width * g.height);
  for (let r = 0; r < g.height; r++) {
    for (let c = 0; c < g.width; c++) a[r * g.width + c] = (r * 7 + c * 3) % 23 === 0 ? NaN : 0.1 + 0.3 * Math.sin(r / 5) * Math.cos(c / 7) + 0.3;
  }
  return a;
}

describe.skipIf(!hasGdal)('regrid against gdalwarp, cell by cell', () => {
  it('ESA CCI 0.25° → 0.2° (nearest, bilinear), → 0.5° and 0.3° (mean), fills included', async () => {
    const p = await openProduct(CCI, 'esa-cci');
    const win = { row0: 196, col0: 996, rows: 68, cols: 148 };
    const data = p.readLayer(0, win);
    p.close();
    const source = subGrid(p.grid, win.row0, win.col0, win.rows, win.cols);
    const fine = makeGrid({ west: 70.1, south: 25.1, east: 104.9, north: 39.9 }, 0.2);
    for (const method of ['nearest', 'bilinear'] as const) {
      const { missing } = await compare(source, data, fine, method);
      expect(missing).toBeGreaterThan(0);
    }
    await compare(source, data, makeGrid({ west: 70, south: 25, east: 105, north: 40 }, 0.5), 'mean');
    await compare(source, data, makeGrid({ west: 70.05, south: 25.05, east: 104.85, north: 39.75 }, 0.3), 'mean');
  });

  it('EASE-Grid 2.0 36 km (EPSG:6933) → 0.25° lon/lat', async () => {
    const source = subGrid(ease2GlobalGrid(36), 60, 600, 80, 120);
    const target = makeGrid({ west: 70, south: 25, east: 105, north: 40 }, 0.25);
    for (const method of ['nearest', 'bilinear', 'mean'] as const) await compare(source, field(source), target, method);
  });

  const ease1 = subGrid(ease1Global25kmGrid(), 60, 950, 120, 190);
  const tp = makeGrid({ west: 70, south: 25, east: 105, north: 40 }, 0.25);
  // without this GDAL silently uses EPSG:6933 (the ellipsoid) for 3410
  const keep3410 = ['--config', 'OSR_USE_NON_DEPRECATED', 'NO'];

  it('EASE-Grid v1 25 km (EPSG:3410, sphere) → 0.25° lon/lat (nearest, mean)', async () => {
    for (const method of ['nearest', 'mean'] as const) await compare(ease1, field(ease1), tp, method, keep3410);
  });

  // Known open difference (up to 2e-4 m³/m³ in some cells): nearest and mean agree exactly on
  // the same grids, so the source geometry matches; the bilinear weights do not yet.
  it.fails('EASE-Grid v1 25 km → 0.25° bilinear matches gdalwarp', async () => {
    await compare(ease1, field(ease1), tp, 'bilinear', keep3410);
  });

  it('a target outside the source reads nothing and is all NaN', () => {
    const plan = planRegrid(makeGrid({ west: 0, south: 0, east: 1, north: 1 }, 0.25), makeGrid({ west: 10, south: 10, east: 11, north: 11 }, 0.5), 'mean');
    expect(plan.window.rows * plan.window.cols).toBe(0);
    const out = new Float32Array(4);
    applyRegrid(plan, new Float32Array(0), out);
    expect([...out].every(Number.isNaN)).toBe(true);
  });
});
