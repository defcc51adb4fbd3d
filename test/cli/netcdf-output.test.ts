import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeGrid } from '../../src/grid/gridspec.js';
import { readGeoTiffStack } from '../../src/io/geotiff-read.js';
import { openDataFile } from '../../src/io/open-data-file.js';
import { synthesizePixelGrid, writePixelGridSample } from '../../src/sample/pixel-grid-sample.js';
import { gdal, gdalinfo, hasGdal } from '../helpers/gdal.js';
import { hasNetcdfTools } from '../helpers/netcdf-tools.js';
import { runCli } from '../helpers/run-cli.js';
import { smallSampleFolder } from '../helpers/small-sample.js';

/**
 * `--format netcdf|both`: fused.nc holds every raster the GeoTIFFs hold, cell for cell,
 * with the same dates, as smfuse's reader, ncdump, GDAL and xarray read it.
 */
const { dir, config } = smallSampleFolder('smfuse-ncout-');
const grnnOut = () => join(dir, 'grnn-both');

/** A Python with xarray and netCDF4 (Debian's python3-xarray, python3-netcdf4), or null. */
const xarrayPython = ['/usr/bin/python3', 'python3'].find((p) => spawnSync(p, ['-c', 'import xarray, netCDF4']).status === 0) ?? null;

beforeAll(async () => {
  const r = await runCli(
    'grnn',
    '--config',
    config,
    '--out',
    grnnOut(),
    '--format',
    'both',
    '--backend',
    'js',
    '--threads',
    '2',
    '--quiet',
  );
  expect(r.code, r.stderr).toBe(0);
}, 240_000);

/** Values of a variable of fused.nc through smfuse's own NetCDF-4 reader. */
async function ncValues(file: string, name: string): Promise<{ dims: readonly string[]; values: ArrayLike<number> }> {
  const f = await openDataFile(file);
  try {
    const v = f.variable(name);
    return {
      dims: v.dims,
      values: f.readRaw(
        name,
        v.shape.map(() => 0),
        v.shape,
      ),
    };
  } finally {
    f.close();
  }
}

function expectSameCells(actual: ArrayLike<number>, expected: ArrayLike<number>, what: string): void {
  expect(actual.length, what).toBe(expected.length);
  let differ = 0;
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i];
    const e = expected[i];
    if (Number.isNaN(e) ? !Number.isNaN(a) : a !== e) differ++;
  }
  expect(differ, `${what}: cells that differ`).toBe(0);
}

/** JSON with keys sorted, a second implementation of the config hash's canonical form. */
function sortedJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(sortedJson).join(',')}]`;
  if (v && typeof v === 'object') {
    const entries = Object.entries(v)
      .filter(([, x]) => x !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${sortedJson(x)}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

describe('smfuse grnn --format both', () => {
  it('every GeoTIFF is a variable of fused.nc with the same cells (flags: 0 is the fill value)', async () => {
    const nc = join(grnnOut(), 'fused.nc');
    const tifs = readdirSync(grnnOut()).filter((n) => n.endsWith('.tif'));
    expect(tifs).toEqual(
      expect.arrayContaining(['fused.tif', 'ecv_rec.tif', 'fy_rec.tif', 'flags.tif', 'weight_ecv.tif', 'agreement_r_fy.tif']),
    );
    for (const tif of tifs) {
      const stack = await readGeoTiffStack(join(grnnOut(), tif));
      const v = await ncValues(nc, tif.replace(/\.tif$/, ''));
      expect(v.dims, tif).toEqual(stack.bands > 1 ? ['time', 'lat', 'lon'] : ['lat', 'lon']);
      const values = tif === 'flags.tif' ? Array.from(v.values, (x) => (x === 0 ? NaN : x)) : v.values;
      expectSameCells(values, stack.data, tif);
    }
  });

  it.skipIf(!hasNetcdfTools)('ncdump: CF attributes, and time decodes to the GeoTIFF band dates', async () => {
    const nc = join(grnnOut(), 'fused.nc');
    const header = execFileSync('ncdump', ['-h', nc], { encoding: 'utf8' });
    for (const line of [
      'float fused(time, lat, lon)',
      'fused:units = "m3 m-3"',
      'fused:standard_name = "volume_fraction_of_condensed_water_in_soil"',
      'ubyte flags(time, lat, lon)',
      'flags:flag_values = 1UB, 2UB, 10UB, 11UB, 12UB, 13UB',
      'flags:flag_meanings = "predicted predicted_widened frozen reference_missing too_few_samples out_of_range"',
      ':Conventions = "CF-1.8"',
      ':smfuse_command = "grnn"',
    ])
      expect(header).toContain(line);
    const text = execFileSync('ncdump', ['-t', '-v', 'time', nc], { encoding: 'utf8' });
    const dates = [...text.slice(text.lastIndexOf('data:')).matchAll(/"(\d{4}-\d{2}-\d{2})"/g)].map((m) => m[1]);
    const stack = await readGeoTiffStack(join(grnnOut(), 'fused.tif'));
    expect(dates).toHaveLength(365);
    expect(dates).toEqual(stack.dates);
  });

  it.skipIf(!hasNetcdfTools)("records the run: config hash of run.json's config, each input file with its SHA-256", () => {
    const run = JSON.parse(readFileSync(join(grnnOut(), 'run.json'), 'utf8')) as {
      config: unknown;
      inputs: Record<string, { path: string; sha256: string }>;
    };
    const header = execFileSync('ncdump', ['-h', join(grnnOut(), 'fused.nc')], { encoding: 'utf8' });
    expect(header).toContain(`:config_sha256 = "${createHash('sha256').update(sortedJson(run.config)).digest('hex')}"`);
    for (const [name, f] of Object.entries(run.inputs)) expect(header).toContain(`${name} ${f.path} ${f.sha256}`);
  });

  it.skipIf(!hasGdal)('GDAL: NETCDF:"fused.nc":fused has fused.tif\'s grid and CRS, and gdal_translate gives its cells', async () => {
    const nc = `NETCDF:"${join(grnnOut(), 'fused.nc')}":fused`;
    const a = gdalinfo(nc);
    const b = gdalinfo(join(grnnOut(), 'fused.tif'));
    expect(a.size).toEqual(b.size);
    expect(a.geoTransform).toEqual(b.geoTransform);
    expect(a.stac?.['proj:epsg']).toBe(4326);
    expect(a.bands).toHaveLength(365);
    const tif = join(dir, 'fused-from-nc.tif');
    gdal('gdal_translate', '-q', nc, tif);
    const [fromNc, direct] = [await readGeoTiffStack(tif), await readGeoTiffStack(join(grnnOut(), 'fused.tif'))];
    expect(fromNc.grid).toEqual(direct.grid);
    expectSameCells(fromNc.data, direct.data, 'gdal_translate of fused.nc');
  });

  it.skipIf(!xarrayPython)(
    "xarray (Debian python3-xarray; skipped where no python3 has xarray and netCDF4) opens it: dates, coordinates and values equal the GeoTIFF's",
    async () => {
      const script = [
        'import json, sys, numpy as np, xarray as xr',
        'ds = xr.open_dataset(sys.argv[1])',
        'f = ds["fused"]',
        'print(json.dumps({"dims": list(f.dims), "time": [str(t)[:10] for t in ds.time.values], "lat": ds.lat.values.tolist(), "lon": ds.lon.values.tolist(),',
        '  "fused": [None if np.isnan(v) else float(v) for v in f.values.ravel()], "units": f.attrs["units"], "grid_mapping": ds["crs"].attrs["grid_mapping_name"],',
        '  "flag_meanings": ds["flags"].attrs["flag_meanings"], "conventions": ds.attrs["Conventions"]}))',
      ].join('\n');
      const out = execFileSync(xarrayPython!, ['-c', script, join(grnnOut(), 'fused.nc')], { encoding: 'utf8', maxBuffer: 64 << 20 });
      const x = JSON.parse(out) as {
        dims: string[];
        time: string[];
        lat: number[];
        lon: number[];
        fused: (number | null)[];
        units: string;
        grid_mapping: string;
        flag_meanings: string;
        conventions: string;
      };
      const stack = await readGeoTiffStack(join(grnnOut(), 'fused.tif'));
      expect(x.dims).toEqual(['time', 'lat', 'lon']);
      expect(x.time).toEqual(stack.dates);
      // cell centres of the 0.25° sample grid whose north-west corner is 96°E 29.5°N
      expect(x.lat).toEqual([29.375, 29.125, 28.875, 28.625, 28.375, 28.125]);
      expect(x.lon).toEqual([96.125, 96.375, 96.625, 96.875, 97.125, 97.375, 97.625, 97.875]);
      expect([x.units, x.grid_mapping, x.conventions]).toEqual(['m3 m-3', 'latitude_longitude', 'CF-1.8']);
      expect(x.flag_meanings.split(' ')).toContain('frozen');
      expectSameCells(
        x.fused.map((v) => (v === null ? NaN : v)),
        stack.data,
        'xarray fused',
      );
    },
  );
});

describe('gridded smfuse enkf --config with format netcdf', () => {
  const gdir = mkdtempSync(join(tmpdir(), 'smfuse-ncout-grid-'));
  afterAll(() => rmSync(gdir, { recursive: true, force: true }));
  const grid = makeGrid({ west: 100, south: 35, east: 101, north: 35.75 }, 0.25);
  const base = { year: 2017, seed: 3, inputs: { smap: 'smap.tif', clm: 'clm.tif', lst: 'lst.tif', obs: 'obs.tif' } };

  beforeAll(async () => {
    await writePixelGridSample(synthesizePixelGrid(grid, 2017, 1), gdir);
    writeFileSync(join(gdir, 'tif.json'), JSON.stringify({ ...base, out: 'out-tif' }));
    writeFileSync(join(gdir, 'nc.json'), JSON.stringify({ ...base, out: 'out-nc', format: 'netcdf' }));
    for (const c of ['tif.json', 'nc.json']) {
      const r = await runCli('enkf', '--config', join(gdir, c), '--backend', 'js', '--threads', '1', '--quiet');
      expect(r.code, r.stderr).toBe(0);
    }
  }, 240_000);

  it('writes fused.nc instead of the GeoTIFFs (tables as before), and the default writes no fused.nc', () => {
    const nc = readdirSync(join(gdir, 'out-nc'));
    expect(nc).toContain('fused.nc');
    expect(nc.filter((n) => n.endsWith('.tif'))).toEqual([]);
    const tif = readdirSync(join(gdir, 'out-tif'));
    expect(tif).not.toContain('fused.nc');
    expect(nc.filter((n) => n.endsWith('.csv')).sort()).toEqual(tif.filter((n) => n.endsWith('.csv')).sort());
  });

  it("its variables equal the GeoTIFF run's files cell for cell: fused, flags (pixel status), metric maps", async () => {
    const file = join(gdir, 'out-nc', 'fused.nc');
    for (const name of ['fused', 'flags', 'metric_r', 'metric_rmse', 'metric_bias', 'metric_nse']) {
      const stack = await readGeoTiffStack(join(gdir, 'out-tif', `${name}.tif`));
      const v = await ncValues(file, name);
      expect(v.dims, name).toEqual(name === 'fused' ? ['time', 'lat', 'lon'] : ['lat', 'lon']);
      expectSameCells(name === 'flags' ? Array.from(v.values, (x) => (x === 0 ? NaN : x)) : v.values, stack.data, name);
    }
  });

  it.skipIf(!hasNetcdfTools)('flags carry the pixel status codes, the run its command', () => {
    const header = execFileSync('ncdump', ['-h', join(gdir, 'out-nc', 'fused.nc')], { encoding: 'utf8' });
    expect(header).toContain('ubyte flags(lat, lon)');
    expect(header).toContain('flags:flag_values = 1UB, 2UB, 3UB');
    expect(header).toContain('flags:flag_meanings = "fused too_few_obs fit_failed"');
    expect(header).toContain(':smfuse_command = "enkf"');
  });

  it("the report of the NetCDF-only run draws its maps from fused.nc, as the GeoTIFF run's from the GeoTIFFs", async () => {
    for (const out of ['out-nc', 'out-tif']) {
      const r = await runCli('report', join(gdir, out), '--quiet');
      expect(r.code, r.stderr).toBe(0);
    }
    const html = (out: string) => readFileSync(join(gdir, out, 'report', 'index.html'), 'utf8');
    expect(html('out-nc')).toContain('Pixel status (flags.tif)');
    // the same map pictures, whichever file they were read from (the configuration tables differ: out, format, timings)
    const figures = (out: string) => readdirSync(join(gdir, out, 'report', 'fig')).sort();
    expect(figures('out-tif').length).toBeGreaterThan(0);
    expect(figures('out-nc')).toEqual(figures('out-tif'));
    for (const f of figures('out-tif')) {
      expect(
        readFileSync(join(gdir, 'out-nc', 'report', 'fig', f)).equals(readFileSync(join(gdir, 'out-tif', 'report', 'fig', f))),
        f,
      ).toBe(true);
    }
  });

  it('--format is refused for a site run', async () => {
    const r = await runCli('enkf', '--site', join(gdir, 'none.csv'), '--format', 'netcdf');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('--format is for gridded runs (--config)');
    expect(existsSync(join(gdir, 'none.csv'))).toBe(false);
  });
});
