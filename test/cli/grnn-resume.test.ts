/**
 * Crash safety: a run killed (SIGKILL) at seeded random points leaves no output that looks
 * complete, and `--resume` continues it from its tile checkpoints to outputs byte-identical
 * to an uninterrupted run.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { makeRng } from '../../core/rng.js';
import { spawnCli } from '../helpers/spawn-cli.js';
import { smallSampleFolder } from '../helpers/small-sample.js';
import { expectSameOutputs } from '../helpers/same-outputs.js';

const { dir, config } = smallSampleFolder('smfuse-resume-');

// 48 windows (0.25° blocks) in 24 tiles of 2, each window trained on 2×2 cells: slow enough to kill mid-run.
const TILES = 24;
const flags = (out: string) => [
  'grnn',
  '--config',
  config,
  '--out',
  out,
  '--window-deg',
  '0.5',
  '--block-deg',
  '0.25',
  '--tile-windows',
  '2',
  '--threads',
  '1',
  '--quiet',
];
const tilesDone = (out: string) => {
  const work = join(out, '.smfuse-work');
  return existsSync(work) ? readdirSync(work).filter((n) => /^tile-\d+\.bin$/.test(n)).length : 0;
};

/** Starts a run and SIGKILLs it once `atTiles` tiles are checkpointed. */
async function killAt(out: string, atTiles: number, ...extra: string[]): Promise<void> {
  const { child, done } = spawnCli(...flags(out), ...extra);
  while (tilesDone(out) < atTiles && child.exitCode === null) await new Promise((r) => setTimeout(r, 5));
  child.kill('SIGKILL');
  const { code, stderr } = await done;
  expect(code, `the run ended before it could be killed: ${stderr}`).toBe(null);
}

it('a run killed three times at random points and resumed gives the uninterrupted outputs', async () => {
  const reference = join(dir, 'reference');
  const full = await spawnCli(...flags(reference)).done;
  expect(full).toEqual({ code: 0, stderr: '' });
  expect(existsSync(join(reference, '.smfuse-work'))).toBe(false);

  const out = join(dir, 'killed');
  const rng = makeRng(2024);
  let at = 0;
  for (let kill = 0; kill < 3; kill++) {
    // 1…7 more tiles each time: every kill lands after some checkpoints, before the end.
    at += 1 + Math.floor(rng.next() * 7);
    await killAt(out, at, ...(kill > 0 ? ['--resume'] : []));
    expect(tilesDone(out)).toBeGreaterThanOrEqual(at);
    expect(tilesDone(out)).toBeLessThan(TILES);
    // Nothing that looks like a finished run: no run.json, no product in OUT itself.
    expect(readdirSync(out).filter((n) => !n.startsWith('.'))).toEqual([]);
  }

  const refused = await spawnCli(...flags(out)).done;
  expect(refused.code).toBe(1);
  expect(refused.stderr).toMatch(/holds checkpoints of an unfinished run \(\d+ of 24 tiles\): pass --resume/);

  const resumed = await spawnCli(...flags(out), '--resume').done;
  expect(resumed).toEqual({ code: 0, stderr: '' });
  expect(existsSync(join(out, '.smfuse-work'))).toBe(false);
  expectSameOutputs(reference, out);
}, 180_000);

it('a checkpoint from other settings is refused, naming what differs', async () => {
  const out = join(dir, 'other-seed');
  await killAt(out, 1);
  const other = await spawnCli(...flags(out), '--resume', '--seed', '8').done;
  expect(other.code).toBe(1);
  expect(other.stderr).toMatch(
    /holds checkpoints of a run with other settings or inputs \(fusion\.seed\): delete that folder, or write to another --out/,
  );
  expect(readFileSync(join(out, '.smfuse-work', 'manifest.json'), 'utf8')).toContain('"seed": 7');
}, 60_000);
