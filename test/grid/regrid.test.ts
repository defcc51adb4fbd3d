import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../core/errors.js';
import { ease1Global25kmGrid, ease2GlobalGrid } from '../../src/grid/crs.js';
import { makeGrid, type GridSpec } from '../../src/grid/gridspec.js';
import { applyRegrid, planRegrid } from '../../src/grid/regrid.js';
import { writeGeoTiff } from '../../src/io/geotiff-write.js';
import { openProduct } from '../../src/io/products/open-product.js';
import { gdalwarpOnto, hasGdal, type GdalResampling } from '../helpers/gdal.js';
import { sharedData } from '../helpers/shared-data.js';

const CCI = sharedData('esa-cci/ESACCI-SOILMOISTURE-L3S-SSMV-COMBINED-20160607000000-fv05.2.nc');
const dir = mkdtempSync('/tmp/smfuse-regrid-');

/** A sub-grid of `g` (rows/cols from row0/col0). */
function subGrid(g: GridSpec, row0: number, col0: number, rows: number, cols: number): GridSpec {
  return { ...g, width: cols, height: rows, originX: g.originX + col0 * g.resX, originY: g.originY - row0 * g.resY };
}

async function compare(source: GridSpec, data: Float32Array, target: GridSpec, method: GdalResampling, extra: string[] = []) {
  const file = join(dir, `src-${Math.random().toString(36).slice(2)}.tif`);
  await writeGeoTiff(file, data, { grid: source, bands: 1, sampleType: 'float32', nodata: NaN });
  const theirs = await gdalwarpOnto(file, target, method, dir, extra);
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
    for (let c = 0; c < g.width; c++)
      a[r * g.width + c] = (r * 7 + c * 3) % 23 === 0 ? NaN : 0.1 + 0.3 * Math.sin(r / 5) * Math.cos(c / 7) + 0.3;
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

  // Over this box ~65 EASE v1 rows (25 km) cover the 60 target rows (0.25° of latitude is
  // 27 km of cylinder at 25°N, 24.6 km at 40°N). gdalwarp's kernel takes the chunk's
  // target/source size ratio (0.92 here) and, below 0.95, swaps the 4-sample bilinear for
  // a triangle widened by 1/ratio (anti-aliasing), which moved cells by up to 2e-4. With
  // the ratio pinned to 1 it runs the 4-sample formula smfuse implements, and agrees.
  it("EASE-Grid v1 25 km → 0.25° bilinear matches gdalwarp's 4-sample formula (-wo XSCALE=1 -wo YSCALE=1)", async () => {
    await compare(ease1, field(ease1), tp, 'bilinear', [...keep3410, '-wo', 'XSCALE=1', '-wo', 'YSCALE=1']);
  });

  it('WGS 84 / UTM 46N (EPSG:32646, 30 km) → 0.25° lon/lat (nearest, bilinear, mean)', async () => {
    const utm = makeGrid({ west: 100_000, south: 3_100_000, east: 1_000_000, north: 4_000_000 }, 30_000, 32646);
    const target = makeGrid({ west: 90, south: 29, east: 97, north: 35 }, 0.25);
    for (const method of ['nearest', 'bilinear', 'mean'] as const) await compare(utm, field(utm), target, method);
  });

  it('Web Mercator (EPSG:3857, 25 km) → 0.25° lon/lat (nearest, mean)', async () => {
    const merc = makeGrid({ west: 8_000_000, south: 3_000_000, east: 11_000_000, north: 4_800_000 }, 25_000, 3857);
    const target = makeGrid({ west: 75, south: 27, east: 95, north: 38 }, 0.25);
    for (const method of ['nearest', 'mean'] as const) await compare(merc, field(merc), target, method);
  });

  it('CGCS2000 (EPSG:4490, 0.1°) → 0.25° WGS 84 (nearest, mean)', async () => {
    const cgcs = makeGrid({ west: 88, south: 28, east: 98, north: 36 }, 0.1, 4490);
    const target = makeGrid({ west: 90, south: 29, east: 97, north: 35 }, 0.25);
    for (const method of ['nearest', 'mean'] as const) await compare(cgcs, field(cgcs), target, method);
  });

  it('a CRS it cannot regrid is a usage error naming the EPSG code, not a crash', () => {
    const lambert = makeGrid({ west: 0, south: 0, east: 100_000, north: 100_000 }, 10_000, 2154);
    expect(() => planRegrid(lambert, tp, 'nearest')).toThrow(
      new ConfigError(
        'EPSG:2154 is not a CRS smfuse can regrid from or to (4326, 6933, 3410, 3857, 4490 and WGS 84 / UTM 32601–32660, 32701–32760); reproject the file first',
      ),
    );
  });

  it('a target outside the source reads nothing and is all NaN', () => {
    const plan = planRegrid(
      makeGrid({ west: 0, south: 0, east: 1, north: 1 }, 0.25),
      makeGrid({ west: 10, south: 10, east: 11, north: 11 }, 0.5),
      'mean',
    );
    expect(plan.window.rows * plan.window.cols).toBe(0);
    const out = new Float32Array(4);
    applyRegrid(plan, new Float32Array(0), out);
    expect([...out].every(Number.isNaN)).toBe(true);
  });
});
