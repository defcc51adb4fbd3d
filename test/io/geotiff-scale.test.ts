/**
 * GeoTIFF band scale/offset and nodata, checked against GDAL: fixtures made with
 * gdal_translate -a_scale/-a_offset/-a_nodata and -mo, read by smfuse and compared cell for
 * cell with `gdal_translate -unscale -ot Float32` (or with GDAL's stored values scaled by hand
 * where GDAL itself does not apply the metadata items).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../core/errors.js';
import type { GridSpec } from '../../src/grid/gridspec.js';
import { readGeoTiffStack } from '../../src/io/geotiff-read.js';
import { writeGeoTiff } from '../../src/io/geotiff-write.js';
import { gdal, hasGdal } from '../helpers/gdal.js';
import { hasNetcdfTools, ncgen } from '../helpers/netcdf-tools.js';
import { sharedData } from '../helpers/shared-data.js';

const dir = mkdtempSync(join(tmpdir(), 'smfuse-geotiff-scale-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const GRID: GridSpec = Object.freeze({ width: 41, height: 27, originX: 85, originY: 35, resX: 0.01, resY: 0.01, epsg: 4326 });
const PACKED_CDL = `netcdf packed {
dimensions: time = 2 ; lat = 3 ; lon = 4 ;
variables:
  float lat(lat) ; lat:units = "degrees_north" ;
  float lon(lon) ; lon:units = "degrees_east" ;
  short sm(time, lat, lon) ; sm:_FillValue = -9999s ; sm:scale_factor = 0.0001f ; sm:add_offset = 0.01f ; sm:units = "m3 m-3" ;
data:
  lat = 30.5, 30, 29.5 ;
  lon = 90, 90.5, 91, 91.5 ;
  sm = 1000, 2000, -9999, 4000, 5000, 6000, 7000, 10001, -1, 0, 9990, 1234,
       2100, 2200, 2300, 2400, -9999, -9999, 3000, 3100, 3200, 3300, 3400, 32767 ;
}`;
const MOD13 = sharedData('modis/MOD13A2.A2021225.h11v06.061.2021320163717.hdf');

/** Whole-number "stored" values from `lo` to `hi`, with `nodata` in some cells, as float32 for gdal_translate -ot. */
async function storedSource(
  name: string,
  bands: number,
  lo: number,
  hi: number,
  nodata: number,
): Promise<{ path: string; stored: Float32Array }> {
  const plane = GRID.width * GRID.height;
  const stored = new Float32Array(bands * plane);
  for (let i = 0; i < stored.length; i++) stored[i] = i % 37 === 5 ? nodata : lo + ((i * 7919) % (hi - lo + 1));
  const path = join(dir, name);
  await writeGeoTiff(path, stored, { grid: GRID, bands, sampleType: 'float32', nodata: NaN });
  return { path, stored };
}

/** GDAL's view with its scale applied: the reference for every case GDAL scales itself. */
async function gdalUnscaled(path: string): Promise<Float32Array> {
  const out = join(dir, `unscaled-${Math.random().toString(36).slice(2)}.tif`);
  gdal('gdal_translate', '-q', '-unscale', '-ot', 'Float32', path, out);
  const s = await readGeoTiffStack(out);
  expect(s.stored?.scales.every((x) => x === 1)).toBe(true);
  return s.data;
}

/** Same values, NaN where the reference has nodata; returns the count of valid cells. */
function expectSame(ours: Float32Array, theirs: Float32Array, nodataInTheirs = NaN): number {
  expect(ours.length).toBe(theirs.length);
  let valid = 0;
  let wrong = 0;
  for (let i = 0; i < ours.length; i++) {
    const missing = Number.isNaN(theirs[i]) || theirs[i] === nodataInTheirs;
    if (missing ? !Number.isNaN(ours[i]) : ours[i] !== theirs[i]) wrong++;
    else if (!missing) valid++;
  }
  expect(wrong).toBe(0);
  return valid;
}

describe.skipIf(!hasGdal || !hasNetcdfTools)('GeoTIFF band scale/offset against GDAL', () => {
  it('UInt16 with band scale 0.02 and nodata 0 (an AppEEARS MYD11A1 LST export) reads in kelvin', async () => {
    const { path: src } = await storedSource('lst-src.tif', 2, 14000, 16500, 0);
    const lst = join(dir, 'lst.tif');
    gdal('gdal_translate', '-q', '-ot', 'UInt16', '-a_scale', '0.02', '-a_offset', '0', '-a_nodata', '0', src, lst);
    const s = await readGeoTiffStack(lst);
    expect(s.stored).toEqual({ type: 'UInt16', scales: [0.02, 0.02], offsets: [0, 0] });
    expect(s.nodata).toBe(0);
    const valid = expectSame(s.data, await gdalUnscaled(lst), 0);
    expect(valid).toBeGreaterThan(s.data.length * 0.9);
    let max = -Infinity;
    for (const v of s.data) if (v > max) max = v;
    expect(max).toBeLessThanOrEqual(330); // 16500 · 0.02, not 16 500 "K"
  });

  it('Int16 with scale and offset: nodata −9999 is matched on the stored value, before scaling', async () => {
    const { path: src, stored } = await storedSource('sm-src.tif', 1, -2000, 9000, -9999);
    const sm = join(dir, 'sm.tif');
    gdal('gdal_translate', '-q', '-ot', 'Int16', '-a_scale', '0.0001', '-a_offset', '0.05', '-a_nodata', '-9999', src, sm);
    const s = await readGeoTiffStack(sm);
    expect(s.stored).toEqual({ type: 'Int16', scales: [0.0001], offsets: [0.05] });
    expectSame(s.data, await gdalUnscaled(sm), -9999 * 0.0001 + 0.05);
    const holes = stored.reduce((n, v) => n + (v === -9999 ? 1 : 0), 0);
    expect(s.data.reduce((n, v) => n + (Number.isNaN(v) ? 1 : 0), 0)).toBe(holes);
  });

  /** A packed NetCDF variable as GDAL's NetCDF driver reads it: 2 × 3 × 4 shorts, _FillValue −9999, scale 1e-4, offset 0.01. */
  const packedSm = () => `NETCDF:${ncgen(PACKED_CDL, 'classic', 'packed.nc')}:sm`;

  it('a packed NetCDF variable (Int16, scale and offset) through gdal_translate reads as GDAL unscales the NetCDF', async () => {
    const sm = packedSm();
    const tif = join(dir, 'packed.tif');
    gdal('gdal_translate', '-q', '-a_srs', 'EPSG:4326', sm, tif);
    const s = await readGeoTiffStack(tif);
    // GDAL writes the NetCDF float32 attributes as doubles
    expect(s.stored).toEqual({
      type: 'Int16',
      scales: [Math.fround(1e-4), Math.fround(1e-4)],
      offsets: [Math.fround(0.01), Math.fround(0.01)],
    });
    const ref = join(dir, 'packed-ref.tif');
    gdal('gdal_translate', '-q', '-a_srs', 'EPSG:4326', '-unscale', '-ot', 'Float32', sm, ref);
    expect(expectSame(s.data, (await readGeoTiffStack(ref)).data, Math.fround(-9999 * Math.fround(1e-4) + Math.fround(0.01)))).toBe(21);
  });

  it('a float file made by gdal_translate -unscale keeps scale_factor as an item: it is not applied twice', async () => {
    const ref = join(dir, 'packed-unscaled.tif');
    gdal('gdal_translate', '-q', '-a_srs', 'EPSG:4326', '-unscale', '-ot', 'Float32', packedSm(), ref);
    expect(gdal('gdalinfo', ref)).toContain('scale_factor=9.9999997e-05');
    const s = await readGeoTiffStack(ref);
    expect(s.stored).toEqual({ type: 'Float32', scales: [1, 1], offsets: [0, 0] });
    const packed = join(dir, 'packed-again.tif');
    gdal('gdal_translate', '-q', '-a_srs', 'EPSG:4326', packedSm(), packed);
    expectSame(s.data, (await readGeoTiffStack(packed)).data);
  });

  it('dataset-level scale_factor/add_offset items (gdal_translate -mo) apply to integer bands', async () => {
    const { path: src } = await storedSource('mo-src.tif', 2, 0, 30000, 65535);
    const tif = join(dir, 'mo.tif');
    gdal('gdal_translate', '-q', '-ot', 'UInt16', '-a_nodata', '65535', '-mo', 'scale_factor=0.01', '-mo', 'add_offset=-100', src, tif);
    const s = await readGeoTiffStack(tif);
    expect(s.stored).toEqual({ type: 'UInt16', scales: [0.01, 0.01], offsets: [-100, -100] });
    // GDAL does not apply metadata items: scale its stored values by hand
    const raw = join(dir, 'mo-raw.tif');
    gdal('gdal_translate', '-q', '-ot', 'Float32', tif, raw);
    const stored = (await readGeoTiffStack(raw)).data;
    expectSame(
      s.data,
      stored.map((v) => (Number.isNaN(v) ? NaN : Math.fround(v * 0.01 - 100))),
    );
  });

  it('band-level items override dataset-level ones; GDAL\'s role="scale" overrides both', async () => {
    const plane = GRID.width * GRID.height;
    const stored = Uint8Array.from({ length: 3 * plane }, (_, i) => (i * 31) % 250);
    const path = join(dir, 'bands.tif');
    await writeGeoTiff(path, stored, {
      grid: GRID,
      bands: 3,
      sampleType: 'uint8',
      nodata: 255,
      metadata: { scale_factor: '2', add_offset: '1' },
      bandMetadata: [{ scale_factor: '0.5', add_offset: '-10' }, {}, {}],
    });
    gdal('gdal_edit.py', '-scale', '1', '1', '4', '-offset', '0', '0', '0.25', path);
    const s = await readGeoTiffStack(path);
    // GDAL's band scale is set on band 3 only (it leaves out 1 and 0): it governs every band
    expect(s.stored?.scales).toEqual([1, 1, 4]);
    expect(s.stored?.offsets).toEqual([0, 0, 0.25]);
    expectSame(s.data, await gdalUnscaled(path));

    const itemsOnly = join(dir, 'bands-items.tif');
    await writeGeoTiff(itemsOnly, stored, {
      grid: GRID,
      bands: 3,
      sampleType: 'uint8',
      nodata: 255,
      metadata: { scale_factor: '2', add_offset: '1' },
      bandMetadata: [{ scale_factor: '0.5', add_offset: '-10' }, {}, {}],
    });
    const t = await readGeoTiffStack(itemsOnly);
    expect(t.stored?.scales).toEqual([0.5, 2, 2]);
    expect(t.stored?.offsets).toEqual([-10, 1, 1]);
    expectSame(
      t.data,
      Float32Array.from(stored, (v, i) => (i < plane ? v * 0.5 - 10 : v * 2 + 1)),
    );
  });

  it('a MOD13 NDVI granule through gdal_translate (band scale 10000, meaning divide) reads as NDVI', async () => {
    const sds = `HDF4_EOS:EOS_GRID:"${MOD13}":MODIS_Grid_16DAY_1km_VI:"1 km 16 days NDVI"`;
    const tif = join(dir, 'ndvi.tif');
    gdal('gdal_translate', '-q', '-srcwin', '0', '1000', '300', '200', sds, tif);
    expect(gdal('gdalinfo', tif)).toMatch(/Scale:10000/);
    const s = await readGeoTiffStack(tif);
    expect(s.stored).toEqual({ type: 'Int16', scales: [1e-4], offsets: [0] });
    const raw = join(dir, 'ndvi-raw.tif');
    // the stored values, with GDAL's band scale reset to 1 so that nothing scales them
    gdal('gdal_translate', '-q', '-ot', 'Float32', '-a_scale', '1', '-srcwin', '0', '1000', '300', '200', sds, raw);
    const stored = (await readGeoTiffStack(raw)).data;
    const valid = expectSame(
      s.data,
      stored.map((v) => (Number.isNaN(v) ? NaN : Math.fround(v * 1e-4))),
    );
    expect(valid).toBeGreaterThan(1000);
    for (const v of s.data) if (!Number.isNaN(v)) expect(Math.abs(v)).toBeLessThanOrEqual(1);
  });

  it('a scale that is not a number is an input error naming the band', async () => {
    const { path: src } = await storedSource('bad-src.tif', 1, 0, 100, 0);
    const tif = join(dir, 'bad.tif');
    gdal('gdal_translate', '-q', '-ot', 'Int16', '-mo', 'scale_factor=abc', src, tif);
    await expect(readGeoTiffStack(tif)).rejects.toThrow(InputError);
    await expect(readGeoTiffStack(tif)).rejects.toThrow(/band 1: scale_factor "abc" is not a number/);
  });
});
