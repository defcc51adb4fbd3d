import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../core/errors.js';
import type { GridSpec } from '../../src/grid/gridspec.js';
import { readGeoTiffStack } from '../../src/io/geotiff-read.js';
import { openDataFile } from '../../src/io/open-data-file.js';
import { writeNetcdf, type NetcdfDataset } from '../../src/io/netcdf-write.js';
import { canonicalJson, flagAttributes, runGlobalAttributes } from '../../src/io/netcdf-write-run.js';
import { netcdfGridMapping } from '../../src/io/netcdf-write-crs.js';
import { readNetcdfRaster } from '../../src/io/netcdf-write-readback.js';
import { gdal, gdalinfo, hasGdal } from '../helpers/gdal.js';
import { hasNetcdfTools, ncdumpValues } from '../helpers/netcdf-tools.js';

const dir = mkdtempSync(join(tmpdir(), 'smfuse-ncwrite-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// 4 columns × 3 rows at 0.25°, north edge 40°: cell centres 39.875, 39.625, 39.375 (north to south)
const grid: GridSpec = { width: 4, height: 3, originX: 70, originY: 40, resX: 0.25, resY: 0.25, epsg: 4326 };
const dates = ['2012-02-28', '2012-02-29', '2012-03-01'];
const fused = Float32Array.from({ length: 36 }, (_, i) => 0.05 + i / 97);
fused[5] = NaN;
fused[30] = NaN;
const flags = Uint8Array.from({ length: 36 }, (_, i) => [0, 1, 2, 10, 13][i % 5]);
const weight = Float32Array.from({ length: 12 }, (_, i) => i / 11);
const config = { year: 2012, out: '/o', grnn: { subsets: 5, windowDeg: 1 } };
const inputs = {
  ecv: { path: '/in/ecv.tif', sha256: 'a'.repeat(64) },
  dem: [
    { path: '/in/d1.tif', sha256: 'b'.repeat(64) },
    { path: '/in/d2.tif', sha256: 'c'.repeat(64) },
  ],
};
const FLAGS = { NONE: 0, ONE: 1, TWO: 2, TEN: 10, THIRTEEN: 13 };

function dataset(g: GridSpec): NetcdfDataset {
  return {
    grid: g,
    dates,
    variables: [
      {
        name: 'fused',
        data: fused,
        daily: true,
        attrs: { long_name: 'fused soil moisture', standard_name: 'volume_fraction_of_condensed_water_in_soil', units: 'm3 m-3' },
      },
      {
        name: 'flags',
        data: flags,
        daily: true,
        attrs: { long_name: 'flags', ...flagAttributes(FLAGS, { 1: 'one', 2: 'two', 10: 'ten', 13: 'thirteen' }) },
      },
      { name: 'weight', data: weight, daily: false, attrs: { long_name: 'weight', units: '1' } },
    ],
    globalAttrs: runGlobalAttributes({ command: 'grnn', title: 'test', config, inputs }, new Date('2024-05-06T07:08:09.123Z')),
  };
}

const file = join(dir, 'a.nc');
beforeAll(async () => {
  await writeNetcdf(file, dataset(grid));
});

/** Equal cell for cell, NaN for NaN; `a` as float32 (ncdump prints 9 digits, which round-trip a float32). */
const sameValues = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) {
    if (Number.isNaN(b[i])) expect(a[i], `value ${i}`).toBeNaN();
    else expect(Math.fround(a[i]), `value ${i}`).toBe(b[i]);
  }
};

describe.skipIf(!hasNetcdfTools)('NetCDF-4 as netCDF-C reads it (ncdump)', () => {
  it('is NetCDF-4 with time, lat, lon dimensions, coordinate variables and CF attributes', () => {
    const header = execFileSync('ncdump', ['-s', '-h', file], { encoding: 'utf8' });
    expect(header).toContain(':_Format = "netCDF-4"');
    expect(header).toMatch(/dimensions:\s+time = 3 ;\s+lat = 3 ;\s+lon = 4 ;/);
    for (const line of [
      'double time(time)',
      'time:units = "days since 1970-01-01"',
      'time:calendar = "standard"',
      'time:standard_name = "time"',
      'double lat(lat)',
      'lat:units = "degrees_north"',
      'double lon(lon)',
      'lon:units = "degrees_east"',
      'int crs',
      'crs:grid_mapping_name = "latitude_longitude"',
      'crs:GeoTransform = "70 0.25 0 40 0 -0.25"',
      'float fused(time, lat, lon)',
      'fused:_FillValue = NaNf',
      'fused:units = "m3 m-3"',
      'fused:grid_mapping = "crs"',
      'fused:standard_name = "volume_fraction_of_condensed_water_in_soil"',
      'ubyte flags(time, lat, lon)',
      'flags:_FillValue = 0UB',
      'flags:flag_values = 1UB, 2UB, 10UB, 13UB',
      'flags:flag_meanings = "one two ten thirteen"',
      'float weight(lat, lon)',
      ':Conventions = "CF-1.8"',
      ':date_created = "2024-05-06T07:08:09Z"',
      ':smfuse_command = "grnn"',
      `:inputs = "ecv /in/ecv.tif ${'a'.repeat(64)}\\ndem /in/d1.tif ${'b'.repeat(64)}\\ndem /in/d2.tif ${'c'.repeat(64)}"`,
    ])
      expect(header).toContain(line);
    // chunked and deflated, as netCDF-C reports the HDF5 filters
    expect(header).toMatch(/fused:_DeflateLevel = 4 ;/);
    expect(header).toMatch(/fused:_ChunkSizes = 3, 3, 4 ;/);
  });

  it('records the SHA-256 of the configuration with its keys sorted at every level', () => {
    const header = execFileSync('ncdump', ['-h', file], { encoding: 'utf8' });
    // written out by hand in sorted order: a second implementation of canonicalJson
    const canonical = '{"grnn":{"subsets":5,"windowDeg":1},"out":"/o","year":2012}';
    expect(canonicalJson(config)).toBe(canonical);
    expect(header).toContain(`:config_sha256 = "${createHash('sha256').update(canonical).digest('hex')}"`);
  });

  it('dates, coordinates and values as ncdump prints them', () => {
    const times = execFileSync('ncdump', ['-t', '-v', 'time', file], { encoding: 'utf8' });
    expect(times).toContain('time = "2012-02-28", "2012-02-29", "2012-03-01" ;');
    // days since 1970-01-01: 2012-02-28 is day 15398 (42 years with 10 leap days, then 58 days)
    expect(ncdumpValues(file, 'time')).toEqual([15398, 15399, 15400]);
    expect(ncdumpValues(file, 'lat')).toEqual([39.875, 39.625, 39.375]);
    expect(ncdumpValues(file, 'lon')).toEqual([70.125, 70.375, 70.625, 70.875]);
    sameValues(ncdumpValues(file, 'fused'), fused);
    // the fill value 0 prints as _
    sameValues(
      ncdumpValues(file, 'flags'),
      Array.from(flags, (f) => (f === 0 ? NaN : f)),
    );
    sameValues(ncdumpValues(file, 'weight'), weight);
  });
});

describe("smfuse's own NetCDF-4 reader", () => {
  it('reads the variables with their dimensions, attributes and values', async () => {
    const f = await openDataFile(file);
    try {
      const v = f.variable('fused');
      expect(v.dims).toEqual(['time', 'lat', 'lon']);
      expect(v.shape).toEqual([3, 3, 4]);
      expect(v.attrs.units.value).toBe('m3 m-3');
      sameValues(f.readRaw('fused', [0, 0, 0], [3, 3, 4]), fused);
      sameValues(f.readRaw('flags', [0, 0, 0], [3, 3, 4]), flags);
      expect(f.variable('weight').dims).toEqual(['lat', 'lon']);
      expect(f.globalAttrs.Conventions.value).toBe('CF-1.8');
    } finally {
      f.close();
    }
  });
});

describe('readNetcdfRaster (the report reading a --format netcdf run)', () => {
  it("gives the GeoTIFF reader's stack: grid, dates, fill values NaN", async () => {
    const s = await readNetcdfRaster(file, 'fused');
    expect(s?.grid).toEqual(grid);
    expect(s?.dates).toEqual(dates);
    expect(s?.bands).toBe(3);
    sameValues(s!.data, fused);
    const f = await readNetcdfRaster(file, 'flags');
    sameValues(
      f!.data,
      Array.from(flags, (x) => (x === 0 ? NaN : x)),
    );
    expect((await readNetcdfRaster(file, 'weight'))?.dates).toEqual([null]);
    expect(await readNetcdfRaster(file, 'nothing')).toBeNull();
  });
});

describe.skipIf(!hasGdal)("GDAL's netCDF driver", () => {
  it('finds the grid, its CRS and the bands; gdal_translate gives the same cells', async () => {
    const info = gdalinfo(`NETCDF:"${file}":fused`);
    expect(info.size).toEqual([4, 3]);
    expect(info.geoTransform).toEqual([70, 0.25, 0, 40, 0, -0.25]);
    expect(info.stac?.['proj:epsg']).toBe(4326);
    expect(info.bands).toHaveLength(3);
    const tif = join(dir, 'fused-gdal.tif');
    gdal('gdal_translate', '-q', `NETCDF:"${file}":fused`, tif);
    const back = await readGeoTiffStack(tif);
    expect(back.grid).toEqual({ ...grid });
    sameValues(back.data, fused);
  });

  it.skipIf(!hasNetcdfTools)('the coordinates alone give GDAL the same grid (the file rebuilt without GeoTransform)', () => {
    const cdl = execFileSync('ncdump', [file], { encoding: 'utf8' })
      .split('\n')
      .filter((l) => !l.includes('GeoTransform'))
      .join('\n');
    const bare = join(dir, 'no-geotransform.nc');
    execFileSync('ncgen', ['-k', 'nc4', '-o', bare], { input: cdl });
    const info = gdalinfo(`NETCDF:"${bare}":weight`);
    expect(info.geoTransform.map((v) => +v.toFixed(9))).toEqual([70, 0.25, 0, 40, 0, -0.25]);
    expect(info.stac?.['proj:epsg']).toBe(4326);
  });

  it.each([6933, 3410, 3857, 32645, 32745, 4490])('EPSG:%i: the CRS GDAL reads back, x/y or lat/lon coordinates', async (epsg) => {
    const g: GridSpec =
      epsg === 4490 ? { ...grid, epsg } : { width: 4, height: 3, originX: 500000, originY: 3300000, resX: 9000, resY: 9000, epsg };
    const path = join(dir, `crs-${epsg}.nc`);
    await writeNetcdf(path, dataset(g));
    const info = gdalinfo(`NETCDF:"${path}":fused`);
    expect(info.stac?.['proj:epsg']).toBe(epsg);
    expect(info.geoTransform).toEqual([g.originX, g.resX, 0, g.originY, 0, -g.resY]);
    const header = execFileSync('ncdump', ['-h', path], { encoding: 'utf8' });
    if (epsg === 4490) expect(header).toContain('float fused(time, lat, lon)');
    else {
      expect(header).toContain('float fused(time, y, x)');
      expect(header).toContain('x:standard_name = "projection_x_coordinate"');
      expect(header).toContain('x:units = "m"');
      expect(ncdumpValues(path, 'y')).toEqual([3295500, 3286500, 3277500]);
    }
  });
});

describe('writeNetcdf refusals', () => {
  it('a CRS without a grid mapping is a ConfigError', () => {
    expect(() => netcdfGridMapping(2056)).toThrow(ConfigError);
  });

  it('a failed write leaves no file behind', async () => {
    const sub = mkdtempSync(join(dir, 'fail-'));
    const ds = dataset(grid);
    // a second variable of a name already written fails mid-file
    const twice = { ...ds, variables: [...ds.variables, ds.variables[0]] };
    await expect(writeNetcdf(join(sub, 'x.nc'), twice)).rejects.toThrow(/NetCDF variable name "fused" is not a new netCDF name/);
    const slash = { ...ds, variables: [{ ...ds.variables[2], name: 'a/b' }] };
    await expect(writeNetcdf(join(sub, 'x.nc'), slash)).rejects.toThrow(/"a\/b"/);
    expect(readdirSync(sub)).toEqual([]);
  });
});
