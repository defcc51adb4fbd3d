/**
 * A two-year gridded EnKF run (the fusion sample's generator, one year each): each year's
 * folder is the one-year run's, byte for byte; the pooled metrics of one year are that
 * year's metrics.csv, and over two years each period's n is the sum of the years'.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parsePixelMethodConfig } from '../../../src/config/pixel-method-config.js';
import { pixelMethodConfigForYear } from '../../../src/config/years.js';
import { makeGrid } from '../../../src/grid/gridspec.js';
import { readGeoTiffStack } from '../../../src/io/geotiff-read.js';
import { openStaging } from '../../../src/io/staging.js';
import { silentLogger } from '../../../src/log.js';
import { enkfGridMethod } from '../../../src/run/enkf/grid-method.js';
import { runPixelGrid } from '../../../src/run/pixel-grid/run.js';
import { poolPixelGridYears } from '../../../src/run/multi-year/pixel-grid-pool.js';
import { pixelGridYears } from '../../../src/run/multi-year/pixel-grid.js';
import { runYears } from '../../../src/run/multi-year/run.js';
import { synthesizePixelGrid, writePixelGridSample } from '../../../src/sample/pixel-grid-sample.js';
import { expectSameOutputs } from '../../helpers/same-outputs.js';

const dir = mkdtempSync(join(tmpdir(), 'smfuse-multi-year-enkf-'));
const out = join(dir, 'out');
const YEARS = [2016, 2017];
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const raw = (y: string) => ({
  seed: 3,
  tilePixels: 5,
  backend: 'js',
  threads: 1,
  inputs: { smap: `${y}/smap.tif`, clm: `${y}/clm.tif`, lst: `${y}/lst.tif`, obs: `${y}/obs.tif` },
});
const template = () => parsePixelMethodConfig({ ...raw('{YYYY}'), year: YEARS[0], out }, 'years.json', dir);

beforeAll(async () => {
  const grid = makeGrid({ west: 100, south: 35, east: 101, north: 35.75 }, 0.25);
  for (const [k, year] of YEARS.entries()) await writePixelGridSample(synthesizePixelGrid(grid, year, 2 + k), join(dir, String(year)));
  await runYears(await pixelGridYears('enkf', template(), YEARS, 'years.json'), silentLogger());
  for (const year of YEARS) {
    const config = parsePixelMethodConfig({ ...raw(String(year)), year, out: join(dir, `one-${year}`) }, `year-${year}.json`, dir);
    await runPixelGrid(enkfGridMethod(config), config, silentLogger());
  }
}, 180_000);

const csv = (...p: string[]) =>
  readFileSync(join(...p), 'utf8')
    .trim()
    .split('\n')
    .map((l) => l.split(','));

it('writes each year as the one-year run does, byte for byte', () => {
  for (const year of YEARS) expectSameOutputs(join(dir, `one-${year}`), join(out, String(year)), 9);
});

it("pools the metrics over both years: each period's pairs are the sum of the years'", () => {
  const pooled = csv(out, 'metrics.csv');
  const years = YEARS.map((y) => csv(out, String(y), 'metrics.csv'));
  expect(pooled[0]).toEqual(years[0][0]);
  expect(pooled.length).toBe(years[0].length);
  for (const row of pooled.slice(1)) {
    const n = years.map((rows) => Number(rows.find((r) => r[0] === row[0] && r[1] === row[1])![2]));
    expect(Number(row[2]), `${row[0]} ${row[1]}`).toBe(n[0] + n[1]);
  }
  expect(pooled.slice(1).map((r) => r[1])).toEqual(expect.arrayContaining(['train', 'validation', 'all']));
});

it("pooling one year gives that year's own tables (byte for byte) and metric map values", async () => {
  const pooled = join(dir, 'pooled-2016');
  const staging = await openStaging(pooled);
  const config = pixelMethodConfigForYear(template(), 2016, 'years.json');
  await poolPixelGridYears(enkfGridMethod(config), [config], staging);
  await staging.commit();
  for (const name of ['metrics.csv', 'improvement.csv', 'percentiles.csv']) {
    expect(readFileSync(join(pooled, name)).equals(readFileSync(join(out, '2016', name))), name).toBe(true);
  }
  // the maps' metadata name their period (every year's validation days): the values are the year's
  for (const name of ['metric_r.tif', 'metric_rmse.tif', 'metric_bias.tif', 'metric_nse.tif']) {
    const [a, b] = await Promise.all([readGeoTiffStack(join(pooled, name)), readGeoTiffStack(join(out, '2016', name))]);
    expect(a.data, name).toEqual(b.data);
    expect(
      b.data.some((v) => !Number.isNaN(v)),
      name,
    ).toBe(true);
  }
});
