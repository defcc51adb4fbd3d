/**
 * A two-year GRNN run: each year's folder is the one-year run's, byte for byte, and the
 * summary over both years equals a hand pooling of the years' files (coverage) and a
 * plain second implementation over the years' stations and fused stacks (validation).
 * Pooling one year gives that year's own files.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { configDir, parseGrnnConfig, readJsonConfig } from '../../../src/config/grnn-config.js';
import { grnnConfigForYear, takeYears } from '../../../src/config/years.js';
import { cellOf } from '../../../src/grid/gridspec.js';
import { readGeoTiffStack } from '../../../src/io/geotiff-read.js';
import { openStaging } from '../../../src/io/staging.js';
import { readStations } from '../../../src/io/stations.js';
import { silentLogger } from '../../../src/log.js';
import { runGrnn } from '../../../src/run/grnn/run.js';
import { poolGrnnYears } from '../../../src/run/multi-year/grnn-pool.js';
import { grnnYears } from '../../../src/run/multi-year/grnn.js';
import { runYears } from '../../../src/run/multi-year/run.js';
import { expectSameOutputs } from '../../helpers/same-outputs.js';
import { TWO_YEARS, writeTwoYearSample } from '../../helpers/two-year-sample.js';

const dir = mkdtempSync(join(tmpdir(), 'smfuse-multi-year-'));
const out = join(dir, 'out');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function configOf(file: string, outDir: string) {
  const raw: Record<string, unknown> = { ...((await readJsonConfig(file)) as Record<string, unknown>), out: outDir };
  return { raw, base: configDir(file) };
}

beforeAll(async () => {
  const { config, yearConfig } = await writeTwoYearSample(join(dir, 'in'));
  const { raw, base } = await configOf(config, out);
  const years = takeYears(raw, {}, config)!;
  expect(years).toEqual([...TWO_YEARS]);
  const spec = await grnnYears(parseGrnnConfig({ ...raw, year: years[0] }, config, base), years, config);
  await runYears(spec, silentLogger());
  for (const year of TWO_YEARS) {
    const one = await configOf(yearConfig(year), join(dir, `one-${year}`));
    await runGrnn(parseGrnnConfig(one.raw, yearConfig(year), one.base), silentLogger());
  }
}, 180_000);

const readJson = (...p: string[]) => JSON.parse(readFileSync(join(...p), 'utf8'));

it('writes each year as the one-year run does, byte for byte', () => {
  for (const year of TWO_YEARS) expectSameOutputs(join(dir, `one-${year}`), join(out, String(year)));
});

it("pools coverage over both years as a hand pooling of the years' files", async () => {
  const pooled = readJson(out, 'coverage.json');
  expect(pooled.period).toBe('2013-01-01/2014-12-31');
  const perYear = TWO_YEARS.map((y) => readJson(out, String(y), 'coverage.json'));
  // both years have 365 days over one domain: the pooled fraction is the mean of the two
  for (const name of ['ecv', 'fy', 'union', 'fused', 'ecv_rec', 'fy_rec']) {
    expect(pooled[name]).toBeCloseTo((perYear[0][name] + perYear[1][name]) / 2, 14);
  }
  expect(pooled.fused).not.toBeCloseTo(perYear[0].fused, 3);
  const map = (await readGeoTiffStack(join(out, 'coverage_fused.tif'))).data;
  const years = await Promise.all(TWO_YEARS.map(async (y) => (await readGeoTiffStack(join(out, String(y), 'coverage_fused.tif'))).data));
  let compared = 0;
  for (let p = 0; p < map.length; p++) {
    if (Number.isNaN(years[0][p])) expect(map[p]).toBeNaN();
    else {
      // valid days of each year back from its fraction, then over 730 days
      const days = Math.round(years[0][p] * 365) + Math.round(years[1][p] * 365);
      expect(map[p]).toBe(Math.fround(days / 730));
      compared++;
    }
  }
  expect(compared).toBeGreaterThan(40);
});

it("pools station validation over both years' pixel-days (a plain second implementation)", async () => {
  const rows = readFileSync(join(out, 'validation.csv'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => l.split(','));
  expect(rows[0].slice(0, 8)).toEqual(['network', 'product', 'n', 'r', 'p_value', 'rmse', 'bias', 'ubrmse']);
  expect(rows[0]).toEqual(
    readFileSync(join(out, '2013', 'validation.csv'), 'utf8')
      .split('\n')[0]
      .split(','),
  );
  // pairs of the network's daily cell mean and the fused value there, over both years
  const pairs = new Map<string, [number, number][]>();
  for (const year of TWO_YEARS) {
    const fused = await readGeoTiffStack(join(out, String(year), 'fused.tif'));
    const plane = fused.grid.width * fused.grid.height;
    const obs = await readStations(join(dir, 'in', String(year), 'stations.csv'));
    const cells = new Map<string, { sum: number; n: number }>();
    for (const o of obs) {
      const c = cellOf(fused.grid, o.lon, o.lat);
      const band = fused.dates.indexOf(o.date);
      if (!c || band < 0 || Number.isNaN(o.sm)) continue;
      const key = `${o.network}|${band * plane + c.row * fused.grid.width + c.col}`;
      const cell = cells.get(key) ?? { sum: 0, n: 0 };
      cell.sum += o.sm;
      cell.n++;
      cells.set(key, cell);
    }
    for (const [key, { sum, n }] of cells) {
      const [network, index] = key.split('|');
      const est = fused.data[Number(index)];
      if (Number.isNaN(est)) continue;
      // the network's cell series is stored in float32, as the fused value is
      for (const nw of [network, 'all']) pairs.set(nw, [...(pairs.get(nw) ?? []), [est, Math.fround(sum / n)]]);
    }
  }
  expect(pairs.size).toBeGreaterThan(1);
  for (const [network, ps] of pairs) {
    const row = rows.find((r) => r[0] === network && r[1] === 'fused')!;
    const n = ps.length;
    const mean = (f: (p: [number, number]) => number) => ps.reduce((s, p) => s + f(p), 0) / n;
    const [me, mo] = [mean((p) => p[0]), mean((p) => p[1])];
    const r = mean((p) => (p[0] - me) * (p[1] - mo)) / Math.sqrt(mean((p) => (p[0] - me) ** 2) * mean((p) => (p[1] - mo) ** 2));
    expect(Number(row[2])).toBe(n);
    expect(Number(row[3])).toBeCloseTo(r, 8);
    expect(Number(row[5])).toBeCloseTo(Math.sqrt(mean((p) => (p[0] - p[1]) ** 2)), 8);
    expect(Number(row[6])).toBeCloseTo(me - mo, 8);
  }
  // more pairs than either year alone
  const yearN = TWO_YEARS.map(
    (y) =>
      readFileSync(join(out, String(y), 'validation.csv'), 'utf8')
        .split('\n')
        .find((l) => l.startsWith('all,fused,'))!
        .split(',')[2],
  );
  expect(Number(rows.find((r) => r[0] === 'all' && r[1] === 'fused')![2])).toBe(Number(yearN[0]) + Number(yearN[1]));
});

it("pooling one year gives that year's own coverage, weight maps and validation, byte for byte", async () => {
  const { raw, base } = await configOf(join(dir, 'in', 'years.json'), out);
  delete raw.years;
  const template = parseGrnnConfig({ ...raw, year: 2013 }, 'years.json', base);
  const pooled = join(dir, 'pooled-2013');
  const staging = await openStaging(pooled);
  await poolGrnnYears([grnnConfigForYear(template, 2013, 'years.json')], staging);
  await staging.commit();
  const year = join(out, '2013');
  for (const name of [
    'coverage_fused.tif',
    'coverage_union.tif',
    'coverage_ecv.tif',
    'weight_ecv.tif',
    'weight_fy.tif',
    'validation.csv',
    'truth_validation.csv',
  ]) {
    expect(readFileSync(join(pooled, name)).equals(readFileSync(join(year, name))), name).toBe(true);
  }
  const { period, ...fractions } = readJson(pooled, 'coverage.json');
  expect(period).toBe('2013-01-01/2013-12-31');
  expect(fractions).toEqual(readJson(year, 'coverage.json'));
});

it('records every year in run.json', () => {
  const run = readJson(out, 'run.json');
  expect(run).toMatchObject({ command: 'grnn', mode: 'multi-year', years: [2013, 2014] });
  expect(run.config.year).toBeUndefined();
  expect(run.config.inputs.ecv).toBe(join(dir, 'in', '{YYYY}', 'ecv.tif'));
  expect(run.perYear.map((y: { year: number; coverage: unknown }) => [y.year, y.coverage])).toEqual(
    TWO_YEARS.map((y) => [y, readJson(out, String(y), 'run.json').coverage]),
  );
  expect(run.pooled.coverage).toEqual((({ domain, period, ...f }) => f)(readJson(out, 'coverage.json')));
});
