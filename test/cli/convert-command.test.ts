import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { datesOfYear } from '../../src/cube/dates.js';
import { makeGrid } from '../../src/grid/gridspec.js';
import { readGeoTiffStack } from '../../src/io/geotiff-read.js';
import { writeGeoTiff } from '../../src/io/geotiff-write.js';
import { GDAL_ENV, gdalinfo, hasGdal } from '../helpers/gdal.js';
import { runCli } from '../helpers/run-cli.js';
import { sharedData } from '../helpers/shared-data.js';

const dir = mkdtempSync('/tmp/smfuse-convert-cmd-');
const COG_VALIDATOR = '/usr/lib/python3/dist-packages/osgeo_utils/samples/validate_cloud_optimized_geotiff.py';

/**
 * Three 0.05° 16-day NDVI composites over two 0.25° cells: cell 0 is 0.2, 0.6, 0.4 with
 * one cloudy sub-cell per composite; cell 1 is cloudy in the second composite.
 */
async function ndviComposites(): Promise<string> {
  const grid = makeGrid({ west: 90, south: 30, east: 90.5, north: 30.25 }, 0.05);
  const values = [
    [0.2, 0.3],
    [0.6, NaN],
    [0.4, 0.5],
  ];
  const data = new Float32Array(3 * 50);
  for (let k = 0; k < 3; k++) {
    for (let i = 0; i < 50; i++) data[k * 50 + i] = values[k][i % 10 < 5 ? 0 : 1];
    data[k * 50 + k] = NaN;
  }
  const path = join(dir, 'ndvi-16day.tif');
  await writeGeoTiff(path, data, {
    grid,
    bands: 3,
    sampleType: 'float32',
    nodata: NaN,
    bandDescriptions: ['2016-01-01', '2016-01-17', '2016-02-02'],
  });
  return path;
}

describe('smfuse convert --interpolate-daily', () => {
  it('block means of the composites, then daily by linear interpolation between centres: 366 bands of 2016', async () => {
    const out = join(dir, 'ndvi-daily.tif');
    const r = await runCli(
      'convert',
      await ndviComposites(),
      '--out',
      out,
      '--bbox',
      '90,30,90.5,30.25',
      '--res',
      '0.25',
      '--resampling',
      'mean',
      '--interpolate-daily',
      '--year',
      '2016',
      '--quiet',
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const stack = await readGeoTiffStack(out);
    const days = datesOfYear(2016);
    expect(stack.dates).toEqual(days);
    const at = (day: string, cell: number) => stack.data[days.indexOf(day) * 2 + cell];
    // centres at day 7.5, 23.5, 39.5 of the year; held to day 47 (Feb 17), then nothing
    expect(at('2016-01-01', 0)).toBeCloseTo(0.2, 6);
    expect(at('2016-01-09', 0)).toBeCloseTo(0.2 + 0.4 * (0.5 / 16), 6);
    expect(at('2016-01-25', 0)).toBeCloseTo(0.6 - 0.2 * (0.5 / 16), 6);
    expect(at('2016-02-17', 0)).toBeCloseTo(0.4, 6);
    expect(at('2016-02-18', 0)).toBeNaN();
    expect(at('2016-12-31', 0)).toBeNaN();
    // cell 1 bridges its cloudy composite: 0.3 → 0.5 over 32 days
    expect(at('2016-01-24', 1)).toBeCloseTo(0.3 + 0.2 * (15.5 / 32), 6);
    if (hasGdal) {
      const info = gdalinfo(out);
      expect(info.bands).toHaveLength(366);
      expect(info.bands.map((b) => b.description)).toEqual(days);
    }
  });

  it('without --year: every day the composites cover', async () => {
    const out = join(dir, 'ndvi-span.tif');
    const r = await runCli(
      'convert',
      await ndviComposites(),
      '--out',
      out,
      '--bbox',
      '90,30,90.5,30.25',
      '--res',
      '0.25',
      '--resampling',
      'mean',
      '--interpolate-daily',
      '--quiet',
    );
    expect(r.code, r.stderr).toBe(0);
    const { dates } = await readGeoTiffStack(out);
    expect([dates[0], dates.at(-1), dates.length]).toEqual(['2016-01-01', '2016-02-17', 48]);
  });

  it('--year alone: one band per day of the year, days without a layer all NaN', async () => {
    const out = join(dir, 'ndvi-year.tif');
    const r = await runCli(
      'convert',
      await ndviComposites(),
      '--out',
      out,
      '--bbox',
      '90,30,90.5,30.25',
      '--res',
      '0.25',
      '--resampling',
      'mean',
      '--year',
      '2016',
      '--quiet',
    );
    expect(r.code, r.stderr).toBe(0);
    const stack = await readGeoTiffStack(out);
    expect(stack.dates).toEqual(datesOfYear(2016));
    const valid = stack.dates.filter((_, b) => !Number.isNaN(stack.data[b * 2]));
    expect(valid).toEqual(['2016-01-01', '2016-01-17', '2016-02-02']);
    expect(stack.data[16 * 2]).toBeCloseTo(0.6, 6);
  });

  it('--composite-days without --interpolate-daily is a usage error', async () => {
    const r = await runCli('convert', await ndviComposites(), '--out', join(dir, 'x.tif'), '--composite-days', '8', '--quiet');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('--composite-days goes with --interpolate-daily');
  });
});

describe.skipIf(!hasGdal || !existsSync(COG_VALIDATOR))('smfuse convert --overviews', () => {
  it('writes a cloud-optimized GeoTIFF with internal overviews', async () => {
    const out = join(dir, 'cog.tif');
    const r = await runCli(
      'convert',
      await ndviComposites(),
      '--out',
      out,
      '--bbox',
      '90,30,105,31',
      '--res',
      '0.05',
      '--overviews',
      '--quiet',
    );
    expect(r.code, r.stderr).toBe(0);
    const info = gdalinfo(out);
    expect(info.size).toEqual([300, 20]);
    expect(info.bands[0].overviews?.map((o) => o.size)).toEqual([[150, 10]]);
    expect(execFileSync('/usr/bin/python3', [COG_VALIDATOR, out], { env: GDAL_ENV, encoding: 'utf8' })).toContain(
      'is a valid cloud optimized GeoTIFF',
    );
  });
});

describe('smfuse convert: a file that misses the target grid', () => {
  // a real SMAP L4 subset of North America (EASE-Grid 2.0, 1123 × 508 cells of 9 km)
  const smap = sharedData('smap/SMAP_L4_SM_aup_input.h5');
  const validPercent = (data: Float32Array) => ((100 * data.filter((v) => !Number.isNaN(v)).length) / data.length).toFixed(1);

  it('onto the default Tibetan-Plateau box: an all-NaN output, said with the count and the file, exit 0', async () => {
    const out = join(dir, 'smap-tp.tif');
    const r = await runCli('convert', smap, '--out', out);
    expect(r.code, r.stderr).toBe(0);
    const written = await readGeoTiffStack(out);
    expect(validPercent(written.data)).toBe('0.0');
    expect(r.stderr).toContain('INPUT_OUTSIDE_GRID');
    expect(r.stderr).toContain(`1 of 1 file(s) reach no cell of the target grid (70…105° E, 25…40° N), e.g. ${smap}`);
    expect(r.stderr).toContain('0.0 % of cell-days valid');
  });

  it('onto its own region: no warning, and the valid share the output holds', async () => {
    const out = join(dir, 'smap-na.tif');
    const r = await runCli('convert', smap, '--out', out, '--bbox', '-120,25,-90,45', '--res', '0.25');
    expect(r.code, r.stderr).toBe(0);
    const share = validPercent((await readGeoTiffStack(out)).data);
    expect(Number(share)).toBeGreaterThan(50);
    expect(r.stderr).not.toContain('INPUT_OUTSIDE_GRID');
    expect(r.stderr).toContain(`${share} % of cell-days valid`);
  });
});
