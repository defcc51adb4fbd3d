import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeGeoTiff } from '../../src/io/geotiff-write.js';
import type { SyntheticSample } from '../../src/sample/synthetic-tp.js';
import { runCli } from '../helpers/run-cli.js';
import { writeSmallSample } from '../helpers/small-sample.js';

const dir = mkdtempSync(join(tmpdir(), 'smfuse-bad-input-'));
const input = join(dir, 'in');
const config = join(input, 'run.json');
let sample: SyntheticSample;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

beforeAll(async () => {
  sample = await writeSmallSample(input);
}, 120_000);

/** Runs with one input replaced; returns the CLI's result and whether anything was written. */
async function runWith(flag: string, file: string) {
  const out = join(dir, `out-${flag}-${Math.random().toString(36).slice(2)}`);
  const result = await runCli('grnn', '--config', config, '--out', out, '--quiet', `--${flag}`, file);
  return { ...result, wrote: existsSync(out) && readdirSync(out).length > 0 };
}

describe('bad input gets a clear error naming the file, and no output', () => {
  it('a product on another grid', async () => {
    const file = join(dir, 'shifted.tif');
    await writeGeoTiff(file, sample.fy, {
      grid: { ...sample.grid, originX: sample.grid.originX + 0.25 },
      bands: sample.dates.length,
      sampleType: 'float32',
      nodata: NaN,
      bandDescriptions: sample.dates,
    });
    const r = await runWith('fy', file);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(file);
    expect(r.stderr).toMatch(/not on the grid of .*ecv\.tif: origin/);
    expect(r.wrote).toBe(false);
  });

  it('a wrong band count', async () => {
    const file = join(dir, 'ten-days.tif');
    const plane = sample.grid.width * sample.grid.height;
    await writeGeoTiff(file, sample.ecv.slice(0, 10 * plane), {
      grid: sample.grid,
      bands: 10,
      sampleType: 'float32',
      nodata: NaN,
      bandDescriptions: sample.dates.slice(0, 10),
    });
    const r = await runWith('ecv', file);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${file}: has 10 bands, expected 365 (one per day of 2013)`);
  });

  it('bands without dates, or out of order', async () => {
    const undated = join(dir, 'undated.tif');
    await writeGeoTiff(undated, sample.lst, { grid: sample.grid, bands: 365, sampleType: 'float32', nodata: NaN });
    const r1 = await runWith('lst', undated);
    expect(r1.stderr).toContain(`${undated}: band 1 has no date`);
    const shuffled = join(dir, 'shuffled.tif');
    const dates = [...sample.dates];
    [dates[40], dates[41]] = [dates[41], dates[40]];
    await writeGeoTiff(shuffled, sample.ndvi, {
      grid: sample.grid,
      bands: 365,
      sampleType: 'float32',
      nodata: NaN,
      bandDescriptions: dates,
    });
    const r2 = await runWith('ndvi', shuffled);
    expect(r2.stderr).toContain(`${shuffled}: band 41 is dated 2013-02-11, expected 2013-02-10`);
  });

  it('soil moisture in percent, or LST in °C', async () => {
    const percent = join(dir, 'percent.tif');
    await writeGeoTiff(
      percent,
      sample.ecv.map((v) => v * 100),
      {
        grid: sample.grid,
        bands: 365,
        sampleType: 'float32',
        nodata: NaN,
        bandDescriptions: sample.dates,
      },
    );
    const r = await runWith('ecv', percent);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/percent\.tif: values range .* outside \[0, 1\] expected for soil moisture/);
    const celsius = join(dir, 'celsius.tif');
    await writeGeoTiff(
      celsius,
      sample.lst.map((v) => v - 273.15),
      {
        grid: sample.grid,
        bands: 365,
        sampleType: 'float32',
        nodata: NaN,
        bandDescriptions: sample.dates,
      },
    );
    expect((await runWith('lst', celsius)).stderr).toMatch(/celsius\.tif: .*LST in kelvin/);
  });

  it('a missing file, a file that is not a GeoTIFF, a DEM with many bands', async () => {
    const missing = join(dir, 'nope.tif');
    const r1 = await runWith('dem', missing);
    expect(r1.code).toBe(1);
    expect(r1.stderr).toContain(missing);
    const text = join(dir, 'text.tif');
    writeFileSync(text, 'this is not a tiff\n');
    const r2 = await runWith('albedo', text);
    expect(r2.code).toBe(1);
    expect(r2.stderr).toContain(text);
    const r3 = await runWith('dem', join(input, 'lst.tif'));
    expect(r3.stderr).toContain('DEM must have 1 band, found 365');
  });

  it('a bad configuration or option', async () => {
    const cfg = join(dir, 'bad.json');
    writeFileSync(cfg, JSON.stringify({ year: 2013, inputs: { ecv: 'a.tif' }, grnn: { windowDeg: -1, typo: 1 } }));
    const r = await runCli('grnn', '--config', cfg);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('bad.json: invalid configuration');
    expect(r.stderr).toContain('inputs.fy');
    expect(r.stderr).toContain('grnn.windowDeg');
    const r2 = await runCli('grnn', '--config', config, '--subsets', 'many');
    expect(r2.code).toBe(1);
    const r3 = await runCli('grnn', '--no-such-option');
    expect(r3.code).toBe(1);
  });
});
