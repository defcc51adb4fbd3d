import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { fusionFigures, grnnFigures, type Figures } from './headline-figures.js';

/**
 * Golden figures: the bundled samples' headline numbers (test/golden/headline.json).
 * `REGEN=1 npx vitest run test/golden` rewrites the file after a change that is meant to
 * move them; review its diff like code.
 */
const goldenFile = fileURLToPath(new URL('./headline.json', import.meta.url));
const data = fileURLToPath(new URL('../../data', import.meta.url));
const regen = process.env.REGEN === '1';
const golden: Record<string, Figures> = existsSync(goldenFile) ? JSON.parse(readFileSync(goldenFile, 'utf8')) : {};
const fresh: Record<string, Figures> = {};
const dir = mkdtempSync(join(tmpdir(), 'smfuse-golden-'));

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  if (regen) writeFileSync(goldenFile, JSON.stringify({ ...golden, ...fresh }, null, 2) + '\n');
});

/** Float noise: CSVs carry 9 significant digits, and backends may differ in the last bits of a kernel. */
const TOLERANCE = 1e-6;

function check(name: string, figures: Figures): void {
  fresh[name] = figures;
  if (regen) return;
  const expected = golden[name];
  expect(expected, `${name} has no golden figures: run REGEN=1 npx vitest run test/golden`).toBeDefined();
  expect(Object.keys(figures).sort()).toEqual(Object.keys(expected).sort());
  const moved = Object.entries(expected)
    .filter(([k, v]) => !(Math.abs(figures[k] - v) <= TOLERANCE * Math.max(1, Math.abs(v))))
    .map(([k, v]) => `${k}: golden ${v}, now ${figures[k]}`);
  expect(moved, `${name}: headline figures moved (REGEN=1 to accept)`).toEqual([]);
}

async function run(name: string, ...args: string[]): Promise<string> {
  const out = join(dir, name);
  const r = await runCli(...args, '--out', out, '--quiet');
  expect(r.code, r.stderr).toBe(0);
  return out;
}

describe('golden headline figures of the bundled samples', () => {
  it('GRNN on data/run.json', async () => {
    check('grnn', await grnnFigures(await run('grnn', 'grnn', '--config', join(data, 'run.json'))));
  });

  for (const method of ['bpann', 'enkf']) {
    it(`${method} at the site data/site/series.csv`, async () => {
      check(`${method}_site`, await fusionFigures(await run(`${method}-site`, method, '--site', join(data, 'site', 'series.csv')), 'site'));
    });
    it(`${method} on the gridded sample data/fusion/run.json`, async () => {
      check(`${method}_grid`, await fusionFigures(await run(`${method}-grid`, method, '--config', join(data, 'fusion', 'run.json')), 'grid'));
    });
  }
});
