/**
 * Multi-year runs from the command line: shards of every year and `smfuse merge OUT` give
 * the single run's files byte for byte; --resume skips a year already finished; a stack
 * path without {YYYY} and --year with --years are refused (exit 1).
 */
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCliWithStdout } from '../helpers/run-cli.js';
import { expectSameOutputs } from '../helpers/same-outputs.js';
import { spawnCli } from '../helpers/spawn-cli.js';
import { TWO_YEARS, writeTwoYearSample } from '../helpers/two-year-sample.js';

const dir = mkdtempSync(join(tmpdir(), 'smfuse-multi-year-cli-'));
let config = '';
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeAll(async () => {
  config = (await writeTwoYearSample(join(dir, 'in'))).config;
}, 60_000);

const run = (out: string, ...more: string[]) => spawnCli('grnn', '--config', config, '--out', out, '--quiet', ...more).done;
const ok = { code: 0, stderr: '' };

/** The summary files equal; run.json but for timings, the output folder and what was skipped. */
function expectSameSummary(a: string, b: string): void {
  const files = readdirSync(a).filter((n) => n.includes('.') && n !== 'run.json' && !n.startsWith('.'));
  expect(files.length).toBeGreaterThanOrEqual(11);
  for (const n of files) expect(readFileSync(join(b, n)).equals(readFileSync(join(a, n))), n).toBe(true);
  const core = (d: string) => {
    const r = JSON.parse(readFileSync(join(d, 'run.json'), 'utf8'));
    for (const y of r.perYear) delete y.timings;
    delete r.timings;
    delete r.skipped;
    delete r.config.out;
    return r;
  };
  expect(core(b)).toEqual(core(a));
  for (const year of TWO_YEARS) expectSameOutputs(join(a, String(year)), join(b, String(year)));
}

it('shards of every year and a merge give the single run, byte for byte; --resume skips a finished year', async () => {
  const single = join(dir, 'single');
  expect(await run(single)).toEqual(ok);
  expect(
    readdirSync(single)
      .filter((n) => !n.includes('.'))
      .sort(),
  ).toEqual(['2013', '2014']);

  const sharded = join(dir, 'sharded');
  expect(await Promise.all([run(sharded, '--shard', '0/2'), run(sharded, '--shard', '1/2')])).toEqual([ok, ok]);
  // shards leave each year's checkpoints and the manifest, no products
  for (const year of TWO_YEARS) expect(readdirSync(join(sharded, String(year)))).toEqual(['.smfuse-work']);
  expect(await spawnCli('merge', sharded, '--quiet').done).toEqual(ok);
  expectSameSummary(single, sharded);

  // 2013 finished, 2014 gone: --resume runs 2014 only
  const resumed = join(dir, 'resumed');
  expect(await run(resumed)).toEqual(ok);
  rmSync(join(resumed, '2014'), { recursive: true });
  const before = readFileSync(join(resumed, '2013', 'run.json'), 'utf8');
  const r = await spawnCli('grnn', '--config', config, '--out', resumed, '--resume').done;
  expect(r.code, r.stderr).toBe(0);
  expect(r.stderr).toContain(`2013: finished before (${join(resumed, '2013')}/run.json), skipped`);
  expect(r.stderr).toContain('2014: read 8×6 cells × 365 days (2014)');
  expect(r.stderr).not.toContain('2013: read');
  expect(readFileSync(join(resumed, '2013', 'run.json'), 'utf8')).toBe(before);
  expect(JSON.parse(readFileSync(join(resumed, 'run.json'), 'utf8')).skipped).toEqual([2013]);
  expectSameSummary(single, resumed);
  // the report (last: it adds report/ folders): each year's, and an index linking them with the tables over both years
  expect(await spawnCli('report', single, '--quiet').done).toEqual(ok);
  const index = readFileSync(join(single, 'report', 'index.html'), 'utf8');
  for (const year of TWO_YEARS) {
    expect(index).toContain(`<a href="../${year}/report/index.html">`);
    expect(readFileSync(join(single, String(year), 'report', 'index.html'), 'utf8')).toContain(`smfuse grnn ${year}`);
  }
  const fused = JSON.parse(readFileSync(join(single, 'coverage.json'), 'utf8')).fused;
  expect(index).toContain(`<td>fused</td><td class="num">${(100 * fused).toFixed(1)} %</td>`);
  expect(index).toContain('Station validation over all years');
}, 300_000);

it('refuses a stack path without {YYYY}, and --year with --years', async () => {
  const bad = join(dir, 'in', 'bad.json');
  const raw = JSON.parse(readFileSync(config, 'utf8'));
  writeFileSync(bad, JSON.stringify({ ...raw, inputs: { ...raw.inputs, lst: '2013/lst.tif' } }));
  const r = await spawnCli('grnn', '--config', bad, '--out', join(dir, 'bad'), '--quiet').done;
  expect(r.code).toBe(1);
  expect(r.stderr).toContain(
    `inputs.lst "${join(dir, 'in', '2013', 'lst.tif')}" is one GeoTIFF stack, whose bands are the days of one year: in a multi-year run name each year's file with {YYYY}`,
  );
  const both = await spawnCli('grnn', '--config', config, '--year', '2013', '--years', '2013-2014', '--quiet').done;
  expect(both).toEqual({ code: 1, stderr: 'smfuse: give either --year or --years, not both\n' });
}, 60_000);

it('refuses format "netcdf" (the summary reads every year\'s GeoTIFFs), and plan gives one plan per year', async () => {
  const raw = JSON.parse(readFileSync(config, 'utf8'));
  const nc = join(dir, 'in', 'netcdf.json');
  writeFileSync(nc, JSON.stringify({ ...raw, format: 'netcdf' }));
  const r = await spawnCli('grnn', '--config', nc, '--out', join(dir, 'nc'), '--quiet').done;
  expect(r.code).toBe(1);
  expect(r.stderr).toContain('a multi-year run needs the GeoTIFFs of every year for its summary over all years: use format "both"');
  const p = await runCliWithStdout('plan', config, '--json', '--quiet');
  expect(p.code, p.stderr).toBe(0);
  const plans = (JSON.parse(p.stdout) as { years: { year: number; inputs: { key: string; path: string }[] }[] }).years;
  expect(plans.map((p) => p.year)).toEqual([...TWO_YEARS]);
  for (const p of plans) expect(p.inputs.find((i) => i.key === 'lst')!.path).toContain(`${p.year}`);
}, 60_000);
