/**
 * Gridded BPANN / EnKF at scale: three shard processes (`--shard i/3`, side by side into
 * one OUT) and `smfuse merge OUT` give the single run's outputs byte for byte; a run
 * SIGKILLed after some tiles and continued with `--resume` gives them too.
 */
import { existsSync, readFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeGrid } from '../../src/grid/gridspec.js';
import { synthesizePixelGrid, writePixelGridSample } from '../../src/sample/pixel-grid-sample.js';
import { expectSameOutputs } from '../helpers/same-outputs.js';
import { runCli } from '../helpers/run-cli.js';
import { nativeAddon } from '../../kernels/native/load.js';
import { spawnCli, spawnCliWithEnv } from '../helpers/spawn-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'smfuse-pixel-grid-shard-'));
const config = join(dir, 'run.json');
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeAll(async () => {
  // 6 × 4 cells: 16 pixels fused, the last two columns flagged (no or sparse observations).
  const grid = makeGrid({ west: 100, south: 35, east: 101.5, north: 36 }, 0.25);
  await writePixelGridSample(synthesizePixelGrid(grid, 2017, 2), dir);
  writeFileSync(
    config,
    JSON.stringify({ year: 2017, seed: 3, inputs: { smap: 'smap.tif', clm: 'clm.tif', lst: 'lst.tif', obs: 'obs.tif' } }),
  );
}, 60_000);

/** The files of a BPANN / EnKF grid run besides run.json. */
const OUTPUT_FILES = 9;
// BPANN: 24 tiles of one pixel, each LM network ~0.1 s: slow enough to kill mid-run.
const FLAGS = {
  bpann: ['--tile-pixels', '1', '--iterations', '100', '--members', '2'],
  enkf: ['--tile-pixels', '5'],
};
const flags = (method: 'bpann' | 'enkf', out: string) => [
  method,
  '--config',
  config,
  '--out',
  out,
  '--backend',
  'js',
  '--threads',
  '1',
  ...FLAGS[method],
  '--quiet',
];
const tilesDone = (out: string) => {
  const work = join(out, '.smfuse-work');
  return existsSync(work) ? readdirSync(work).filter((n) => /^tile-\d+\.bin$/.test(n)).length : 0;
};

/** A finished run or merge: exit 0, and the one warning this small grid gives (pixels with too few observation days). */
function expectFinished(r: { code: number; stderr: string }): void {
  expect(r.code).toBe(0);
  expect(r.stderr).toMatch(/^warning \[PIXELS_FAILED\]: (bpann|enkf): 4 of 24 observed pixels not fused \(too_few_obs: [^\n]*\n$/);
}

it('BPANN (native, Levenberg–Marquardt) shards on different SIMD paths merge to the single run: one key, the same bytes', async ({
  skip,
}) => {
  const paths = nativeAddon()?.simdPaths ?? [];
  if (paths.length < 2) skip(); // one SIMD path on this CPU: nothing to mix
  const native = (out: string) => flags('bpann', out).map((f) => (f === 'js' ? 'native' : f));
  const single = join(dir, 'bpann-native-single');
  expectFinished(await runCli(...native(single)));
  const out = join(dir, 'bpann-mixed');
  // shard 0 on this CPU's best path, shard 1 on the baseline path, as on a mixed partition
  expect(await spawnCli(...native(out), '--shard', '0/2').done).toEqual({ code: 0, stderr: '' });
  expect(await spawnCliWithEnv({ SMFUSE_SIMD: 'baseline' }, ...native(out), '--shard', '1/2').done).toEqual({ code: 0, stderr: '' });
  expectFinished(await runCli('merge', out, '--quiet'));
  for (const n of readdirSync(single).filter((f) => f.endsWith('.tif') || f.endsWith('.csv'))) {
    expect(readFileSync(join(out, n)).equals(readFileSync(join(single, n))), n).toBe(true);
  }
  expect(JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')).backend).toBe([`native-${paths[0]}`, 'native-baseline'].sort().join(', '));
}, 120_000);

describe.each(['bpann', 'enkf'] as const)('%s --config', (method) => {
  const single = join(dir, `${method}-single`);
  beforeAll(async () => {
    expectFinished(await runCli(...flags(method, single)));
    expect(existsSync(join(single, '.smfuse-work'))).toBe(false);
  }, 60_000);

  it('three concurrent shards and a merge give the single run, byte-identical', async () => {
    const out = join(dir, `${method}-sharded`);
    // Shard 1 comes from the environment, as in a Kubernetes Indexed Job.
    const shards = await Promise.all([
      spawnCli(...flags(method, out), '--shard', '0/3').done,
      spawnCliWithEnv({ JOB_COMPLETION_INDEX: '1' }, ...flags(method, out), '--shards', '3').done,
      spawnCli(...flags(method, out), '--shard', '2/3').done,
    ]);
    expect(shards).toEqual(Array(3).fill({ code: 0, stderr: '' }));
    // Shards write checkpoints only: nothing in OUT but the work folder.
    expect(readdirSync(out)).toEqual(['.smfuse-work']);
    expectFinished(await runCli('merge', out, '--quiet'));
    expect(existsSync(join(out, '.smfuse-work'))).toBe(false);
    expectSameOutputs(single, out, OUTPUT_FILES);
  }, 60_000);

  it('a merge with a shard missing names the tiles that are not done', async () => {
    const out = join(dir, `${method}-partial`);
    expect(await runCli(...flags(method, out), '--shard', '1/2')).toEqual({ code: 0, stderr: '' });
    const merged = await runCli('merge', out, '--quiet');
    expect(merged.code).toBe(1);
    const missing =
      method === 'bpann' ? '12 of 24 tiles are not done (0, 1, 2, 3, 4, 5, 6, 7, 8, 9, …)' : '2 of 5 tiles are not done (0, 1)';
    expect(merged.stderr).toBe(
      `smfuse: ${join(out, '.smfuse-work')}: ${missing}; shards done: shard-1-of-2.json. Run the missing shards (or smfuse ${method} --config … --resume) first\n`,
    );
  }, 60_000);

  it('site mode refuses the tile flags', async () => {
    const r = await runCli(method, '--site', join(dir, 'none.csv'), '--shard', '0/2');
    expect(r).toEqual({ code: 1, stderr: 'smfuse: --shard is for gridded runs (--config)\n' });
  });

  it.runIf(method === 'bpann')(
    'a run killed after some tiles and resumed gives the uninterrupted outputs',
    async () => {
      const out = join(dir, 'bpann-killed');
      const { child, done } = spawnCli(...flags('bpann', out));
      while (tilesDone(out) < 3 && child.exitCode === null) await new Promise((r) => setTimeout(r, 5));
      child.kill('SIGKILL');
      const killed = await done;
      expect(killed.code, `the run ended before it could be killed: ${killed.stderr}`).toBe(null);
      expect(tilesDone(out)).toBeGreaterThanOrEqual(3);
      expect(readdirSync(out).filter((n) => !n.startsWith('.'))).toEqual([]);

      const refused = await runCli(...flags('bpann', out));
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/holds checkpoints of an unfinished run \(\d+ of 24 tiles\): pass --resume/);

      expectFinished(await runCli(...flags('bpann', out), '--resume'));
      expect(existsSync(join(out, '.smfuse-work'))).toBe(false);
      expectSameOutputs(single, out, OUTPUT_FILES);
    },
    60_000,
  );
});
