/**
 * The real MOD13A2 granule (chunked, DEFLATE, linked chunk table) against GDAL's HDF4
 * driver: raw NDVI cell for cell, the georeferencing, and the MOD13 scale convention.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openHdf4 } from '../../../src/io/hdf4/hdf4-file.js';
import { openProduct } from '../../../src/io/products/open-product.js';
import { describeFile } from '../../../src/io/describe-file.js';
import { GDAL_ENV, gdalinfo, hasGdal } from '../../helpers/gdal.js';
import { sharedData } from '../../helpers/shared-data.js';

const FILE = sharedData('modis/MOD13A2.A2021225.h11v06.061.2021320163717.hdf');
const GRID = 'MODIS_Grid_16DAY_1km_VI';
const NDVI = '1 km 16 days NDVI';
const subdataset = (field: string) => `HDF4_EOS:EOS_GRID:"${FILE}":${GRID}:"${field}"`;
const dir = mkdtempSync(join(tmpdir(), 'smfuse-hdf4-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The field as GDAL reads it, raw, through an ENVI file (no scaling on the way). */
function gdalRaw(field: string, ctor: Int16ArrayConstructor | Uint16ArrayConstructor | Int8ArrayConstructor): ArrayLike<number> {
  const out = join(dir, `${field.replace(/ /g, '_')}.bin`);
  execFileSync('gdal_translate', ['-q', '-of', 'ENVI', subdataset(field), out], { env: GDAL_ENV });
  const b = readFileSync(out);
  return new ctor(b.buffer, b.byteOffset, b.length / ctor.BYTES_PER_ELEMENT);
}

describe.skipIf(!hasGdal || !existsSync(FILE))('MOD13A2 granule against GDAL', () => {
  it('reads NDVI, VI Quality and pixel reliability cell for cell as GDAL does, whole and in windows', () => {
    const h = openHdf4(FILE);
    try {
      for (const [field, ctor] of [
        [NDVI, Int16Array],
        ['1 km 16 days VI Quality', Uint16Array],
        ['1 km 16 days pixel reliability', Int8Array],
      ] as const) {
        const g = gdalRaw(field, ctor);
        expect(h.gridOf(field)).toBe(GRID);
        const ours = h.readRaw(field, [0, 0], [1200, 1200]);
        let diff = 0;
        for (let i = 0; i < g.length; i++) if (ours[i] !== g[i]) diff++;
        expect(diff).toBe(0);
        const w = h.readRaw(field, [333, 77], [101, 555]);
        let wdiff = 0;
        for (let r = 0; r < 101; r++) for (let c = 0; c < 555; c++) if (w[r * 555 + c] !== g[(333 + r) * 1200 + 77 + c]) wdiff++;
        expect(wdiff).toBe(0);
      }
    } finally {
      h.close();
    }
  });

  it('puts the field on the grid GDAL reports (MODIS sinusoidal, same geotransform)', async () => {
    const info = gdalinfo(subdataset(NDVI));
    const [ox, rx, , oy, , ry] = info.geoTransform;
    const p = await openProduct(FILE, 'auto', { variable: NDVI });
    try {
      expect(p.product).toBe('modis');
      expect(p.grid.width).toBe(info.size[0]);
      expect(p.grid.height).toBe(info.size[1]);
      expect(p.grid.originX).toBeCloseTo(ox, 6);
      expect(p.grid.originY).toBeCloseTo(oy, 6);
      expect(p.grid.resX).toBeCloseTo(rx, 9);
      expect(p.grid.resY).toBeCloseTo(-ry, 9);
      expect(p.dates).toEqual(['2021-08-13']); // A2021225 = 13 August 2021, RANGEBEGINNINGDATE
      expect(p.period).toBe('P16D');
      const wkt = execFileSync('gdalsrsinfo', ['-o', 'proj4', subdataset(NDVI)], { env: GDAL_ENV, encoding: 'utf8' });
      expect(wkt).toMatch(/\+proj=sinu .*\+R=6371007\.181/);
    } finally {
      p.close();
    }
  });

  it('decodes NDVI as stored / 10000 (GDAL reports scale_factor=10000, the MOD13 divide convention), fill and out-of-range as NaN', async () => {
    const meta = gdalinfo(subdataset(NDVI)).metadata[''];
    expect(Number(meta.scale_factor)).toBe(10000);
    const raw = gdalRaw(NDVI, Int16Array);
    const p = await openProduct(FILE, 'modis', { variable: 'NDVI' });
    try {
      expect(p.variable).toBe(NDVI);
      expect(p.units).toBe('NDVI');
      const ours = p.readLayer(0, { row0: 0, col0: 0, rows: 1200, cols: 1200 });
      let valid = 0;
      let bad = 0;
      for (let i = 0; i < raw.length; i++) {
        const v = raw[i];
        const want = v === -3000 || v < -2000 || v > 10000 ? NaN : Math.fround(v / 10000);
        if (Number.isNaN(want) ? !Number.isNaN(ours[i]) : Math.abs(ours[i] - want) > 1e-7) bad++;
        if (!Number.isNaN(want)) valid++;
      }
      expect(bad).toBe(0);
      expect(valid).toBeGreaterThan(10_000); // h11v06 is mostly sea (the Bahamas, Cuba)
    } finally {
      p.close();
    }
  });

  it('smfuse info describes the grid, projection, fields, types, scale and fill', async () => {
    const info = await describeFile(FILE);
    expect(info.format).toBe('HDF4 / HDF-EOS');
    expect(info.product).toBe('modis');
    expect(info.grid?.crs).toMatch(/\+proj=sinu/);
    expect(info.scaling).toMatch(/MOD13A2: value = \(stored − add_offset\) \/ scale_factor/);
    expect(info.variables).toHaveLength(12);
    expect(info.variables[0]).toMatchObject({
      name: NDVI,
      type: 'int16',
      shape: [1200, 1200],
      attrs: { _FillValue: [-3000], scale_factor: [10000], valid_range: [-2000, 10000] },
    });
  });
});
