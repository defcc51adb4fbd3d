/**
 * Scale-out: three shard processes (`grnn --shard i/3`, run side by side into one OUT) and
 * `smfuse merge OUT` give the outputs of a single run, byte for byte.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { expectSameOutputs } from '../helpers/same-outputs.js';
import { nativeAddon } from '../../kernels/native/load.js';
import { spawnCli, spawnCliWithEnv } from '../helpers/spawn-cli.js';
import { smallSampleFolder } from '../helpers/small-sample.js';

const { dir, config } = smallSampleFolder('smfuse-shard-');

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
  '5',
  '--threads',
  '1',
  '--quiet',
];

it('three concurrent shards and a merge give the single run, byte-identical', async () => {
  const single = join(dir, 'single');
  expect(await spawnCli(...flags(single)).done).toEqual({ code: 0, stderr: '' });

  const out = join(dir, 'sharded');
  // Shard 1 comes from the environment, as in a Kubernetes Indexed Job.
  const shards = await Promise.all([
    spawnCli(...flags(out), '--shard', '0/3').done,
    spawnCliWithEnv({ JOB_COMPLETION_INDEX: '1' }, ...flags(out), '--shards', '3').done,
    spawnCli(...flags(out), '--shard', '2/3').done,
  ]);
  expect(shards).toEqual(Array(3).fill({ code: 0, stderr: '' }));
  // Shards write checkpoints only: nothing in OUT but the work folder.
  expect(readdirSync(out)).toEqual(['.smfuse-work']);
  expect(
    readdirSync(join(out, '.smfuse-work'))
      .filter((n) => n.startsWith('shard-'))
      .sort(),
  ).toEqual(['shard-0-of-3.json', 'shard-1-of-3.json', 'shard-2-of-3.json']);

  expect(await spawnCli('merge', out, '--quiet').done).toEqual({ code: 0, stderr: '' });
  expect(existsSync(join(out, '.smfuse-work'))).toBe(false);
  expectSameOutputs(single, out);
}, 180_000);

it('shards read only their rows (plus the margin their windows reach) and still merge to the single run', async () => {
  // one-cell windows that never widen: a margin of one row, so the 6 rows split into real bands
  const narrow = (out: string) => [
    'grnn',
    '--config',
    config,
    '--out',
    out,
    '--window-deg',
    '0.25',
    '--max-widen',
    '0',
    '--tile-windows',
    '8',
    '--threads',
    '1',
    '--quiet',
  ];
  const single = join(dir, 'narrow-single');
  expect(await spawnCli(...narrow(single)).done).toEqual({ code: 0, stderr: '' });
  const out = join(dir, 'narrow-sharded');
  for (const shard of ['0/3', '1/3', '2/3']) expect(await spawnCli(...narrow(out), '--shard', shard).done).toEqual({ code: 0, stderr: '' });
  const marker = (i: number) => JSON.parse(readFileSync(join(out, '.smfuse-work', `shard-${i}-of-3.json`), 'utf8'));
  // 8 × 6 cells, one window per cell, a tile per row of windows: shard i has rows 2i, 2i+1
  expect([0, 1, 2].map((i) => marker(i).band)).toEqual([
    { row0: 0, row1: 3 },
    { row0: 1, row1: 5 },
    { row0: 3, row1: 6 },
  ]);
  expect(marker(1).peakRssMiB).toBeGreaterThan(10);
  expect(await spawnCli('merge', out, '--quiet').done).toEqual({ code: 0, stderr: '' });
  expectSameOutputs(single, out);
}, 180_000);

it('shards on different SIMD paths (a mixed partition) merge to the single run', async ({ skip }) => {
  const paths = nativeAddon()?.simdPaths ?? [];
  if (paths.length < 2) skip(); // one SIMD path on this CPU: nothing to mix
  const single = join(dir, 'single-native');
  expect(await spawnCli(...flags(single)).done).toEqual({ code: 0, stderr: '' });
  const out = join(dir, 'mixed');
  expect(await spawnCli(...flags(out), '--shard', '0/2').done).toEqual({ code: 0, stderr: '' });
  expect(await spawnCliWithEnv({ SMFUSE_SIMD: 'baseline' }, ...flags(out), '--shard', '1/2').done).toEqual({ code: 0, stderr: '' });
  expect(await spawnCli('merge', out, '--quiet').done).toEqual({ code: 0, stderr: '' });
  for (const n of readdirSync(single).filter((f) => f.endsWith('.tif') || f.endsWith('.csv'))) {
    expect(readFileSync(join(out, n)).equals(readFileSync(join(single, n))), n).toBe(true);
  }
  expect(JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')).backend).toBe([`native-${paths[0]}`, 'native-baseline'].sort().join(', '));
}, 180_000);

it('a merge with a shard missing names the tiles that are not done', async () => {
  const out = join(dir, 'partial');
  expect(await spawnCli(...flags(out), '--shard', '0/2').done).toEqual({ code: 0, stderr: '' });
  const merged = await spawnCli('merge', out, '--quiet').done;
  expect(merged.code).toBe(1);
  // 48 windows in tiles of 5: tiles 0…9, shard 1/2 has the contiguous second half.
  expect(merged.stderr).toBe(
    `smfuse: ${join(out, '.smfuse-work')}: 5 of 10 tiles are not done (5, 6, 7, 8, 9); shards done: shard-0-of-2.json. Run the missing shards (or smfuse grnn --resume) first\n`,
  );
}, 60_000);
