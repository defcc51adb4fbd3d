import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeGeoTiff } from '../../src/io/geotiff-write.js';
import type { SyntheticSample } from '../../src/sample/synthetic-tp.js';
import { gdal, hasGdal } from '../helpers/gdal.js';
import { runCli } from '../helpers/run-cli.js';
import { writeSmallSample } from '../helpers/small-sample.js';

// The bad inputs on the small sample (8 × 6 cells, 2013): each was exit 0 with a
// wrong map before the input contracts; each is now exit 1 naming file, input, value, where and fix.
const dir = mkdtempSync(join(tmpdir(), 'smfuse-contracts-'));
const input = join(dir, 'in');
const config = join(input, 'run.json');
let sample: SyntheticSample;
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeAll(async () => {
  sample = await writeSmallSample(input);
}, 120_000);

/** A daily stack of the sample's grid and dates. */
async function stack(name: string, data: Float32Array, metadata?: Record<string, string>): Promise<string> {
  const file = join(dir, name);
  await writeGeoTiff(file, data, {
    grid: sample.grid,
    bands: 365,
    sampleType: 'float32',
    nodata: NaN,
    bandDescriptions: sample.dates,
    metadata,
  });
  return file;
}

async function runWith(flag: string, file: string) {
  const out = join(dir, `out-${flag}-${Math.random().toString(36).slice(2)}`);
  const r = await runCli('grnn', '--config', config, '--out', out, '--quiet', `--${flag}`, file);
  return { ...r, wrote: existsSync(out) && readdirSync(out).length > 0 };
}

/** Index, band, row and col of the first value of `data` outside [lo, hi] (a plain scan, as a user would find it). */
function firstOutside(data: Float32Array, lo: number, hi: number) {
  const plane = sample.grid.width * sample.grid.height;
  const i = data.findIndex((v) => v < lo || v > hi);
  const p = i % plane;
  return { value: data[i], band: Math.floor(i / plane) + 1, row: Math.floor(p / sample.grid.width), col: p % sample.grid.width };
}

const valid = (data: Float32Array) => data.reduce((n, v) => n + (Number.isNaN(v) ? 0 : 1), 0);

describe('input contracts: bad units are exit 1 with the fix', () => {
  it('albedo in percent', async () => {
    const data = sample.albedo.map((v) => v * 100);
    const file = await stack('albedo-percent.tif', data);
    const r = await runWith('albedo', file);
    expect(r.code).toBe(1);
    expect(r.wrote).toBe(false);
    const first = firstOutside(data, 0, 1);
    expect(r.stderr).toContain(`${file}: values range`);
    expect(r.stderr).toContain('outside [0, 1] expected for albedo (0–1) of input albedo');
    expect(r.stderr).toContain(
      `first ${Number(first.value.toPrecision(6))} at band ${first.band} (${sample.dates[first.band - 1]}), cell row ${first.row} col ${first.col}`,
    );
    expect(r.stderr).toContain('Fix: albedo looks like percent: divide by 100, or set `scale: 0.01` on this input');
  });

  it('NDVI as raw MODIS counts', async () => {
    const data = sample.ndvi.map((v) => Math.round(v * 10000));
    const file = await stack('ndvi-counts.tif', data);
    const r = await runWith('ndvi', file);
    expect(r.code).toBe(1);
    const first = firstOutside(data, -1, 1);
    expect(r.stderr).toContain(`${file}: values range`);
    expect(r.stderr).toContain(`of input ndvi; first ${first.value} at band ${first.band}`);
    expect(r.stderr).toContain('Fix: NDVI looks like raw MODIS counts (×10000): set `scale: 0.0001`');
  });

  it('LST in °C', async () => {
    const file = await stack(
      'lst-celsius.tif',
      sample.lst.map((v) => v - 273.15),
    );
    const r = await runWith('lst', file);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /lst-celsius\.tif: values range .* outside \[150, 350\] expected for LST in kelvin of input lst; first .* at band 1 \(2013-01-01\), cell row 0 col 0/,
    );
    expect(r.stderr).toContain('Fix: LST looks like °C: add 273.15 (`offset: 273.15`)');
  });

  it('a DEM in feet', async () => {
    const file = join(dir, 'dem-feet.tif');
    await writeGeoTiff(
      file,
      sample.dem.map((v) => v / 0.3048),
      { grid: sample.grid, bands: 1, sampleType: 'float32', nodata: NaN },
    );
    const r = await runWith('dem', file);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('outside [-500, 9000] expected for elevation in metres of input dem');
    expect(r.stderr).toContain('Fix: elevation looks like feet: set `scale: 0.3048`');
  });

  it.skipIf(!hasGdal)('a units attribute that contradicts the role (set with gdal_edit.py)', async () => {
    // kelvin values, but GDAL's band unit type says degC
    const lst = join(dir, 'lst-degc-units.tif');
    copyFileSync(join(input, 'lst.tif'), lst);
    gdal('gdal_edit.py', '-units', 'degC', lst);
    const r = await runWith('lst', lst);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `${lst}: units "degC" of input lst contradict LST in kelvin (K). Fix: LST in °C: add 273.15 (\`offset: 273.15\`)`,
    );
    // legal albedo values, but a dataset units item of %
    const albedo = await stack('albedo-units.tif', sample.albedo, { units: '%' });
    const r2 = await runWith('albedo', albedo);
    expect(r2.code).toBe(1);
    expect(r2.stderr).toContain(`${albedo}: units "%" of input albedo contradict albedo (0–1) (1). Fix: albedo looks like percent`);
  });
});

describe('input contracts: scale/offset fix it, recorded and warned', () => {
  it('albedo in percent with `scale: 0.01` runs, with INPUT_RESCALED in run.json', async () => {
    const file = await stack(
      'albedo-percent-2.tif',
      sample.albedo.map((v) => v * 100),
      { units: '%' },
    );
    const raw = JSON.parse(readFileSync(config, 'utf8'));
    raw.inputs.albedo = { path: file, scale: 0.01 };
    raw.out = join(dir, 'out-rescaled');
    const cfg = join(input, 'run-rescaled.json');
    writeFileSync(cfg, JSON.stringify(raw));
    const r = await runCli('grnn', '--config', cfg, '--quiet');
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('warning [INPUT_RESCALED]');
    const run = JSON.parse(readFileSync(join(dir, 'out-rescaled', 'run.json'), 'utf8'));
    expect(run.config.inputs.albedo).toEqual({ path: file, scale: 0.01 });
    expect(run.warnings).toContainEqual({
      code: 'INPUT_RESCALED',
      message: `${file}: input albedo converted at load: value × 0.01 + 0 (scale/offset in the configuration)`,
      count: valid(sample.albedo),
    });
    // the map is not empty any more: fused covers at least the union of the products
    expect(run.coverage.fused).toBeGreaterThanOrEqual(run.coverage.union);
    expect(run.warnings.map((w: { code: string }) => w.code)).not.toContain('FUSED_COVERAGE_LOW');
  }, 120_000);

  it('legal but suspicious albedo (percent divided twice) runs with INPUT_SUSPICIOUS, and --strict makes it exit 1', async () => {
    const file = await stack(
      'albedo-tiny.tif',
      sample.albedo.map((v) => v / 100),
    );
    const out = join(dir, 'out-tiny');
    const r = await runCli('grnn', '--config', config, '--out', out, '--quiet', '--strict', '--albedo', file);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /warning \[INPUT_SUSPICIOUS\]: .*albedo-tiny\.tif: input albedo: albedo never exceeds 0\.00\d+: percent divided by 100 twice\?/,
    );
    const run = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8'));
    expect(run.warnings.map((w: { code: string }) => w.code)).toContain('INPUT_SUSPICIOUS');
  }, 120_000);
});
