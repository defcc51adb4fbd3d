/**
 * Scale-out: three shard processes (`grnn --shard i/3`, run side by side into one OUT) and
 * `smfuse merge OUT` give the outputs of a single run, byte for byte.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { expectSameOutputs } from '../helpers/same-outputs.js';
import { spawnCli, spawnCliWithEnv } from '../helpers/spawn-cli.js';
import { smallSampleFolder } from '../helpers/small-sample.js';

const { dir, config } = smallSampleFolder('smfuse-shard-');

const flags = (out: string) => ['grnn', '--config', config, '--out', out, '--window-deg', '0.5', '--block-deg', '0.25', '--tile-windows', '5', '--threads', '1', '--quiet'];

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
  expect(readdirSync(join(out, '.smfuse-work')).filter((n) => n.startsWith('shard-')).sort()).toEqual(['shard-0-of-3.json', 'shard-1-of-3.json', 'shard-2-of-3.json']);

  expect(await spawnCli('merge', out, '--quiet').done).toEqual({ code: 0, stderr: '' });
  expect(existsSync(join(out, '.smfuse-work'))).toBe(false);
  expectSameOutputs(single, out);
}, 180_000);

it('a merge with a shard missing names the tiles that are not done', async () => {
  const out = join(dir, 'partial');
  expect(await spawnCli(...flags(out), '--shard', '0/2').done).toEqual({ code: 0, stderr: '' });
  const merged = await spawnCli('merge', out, '--quiet').done;
  expect(merged.code).toBe(1);
  // 48 windows in tiles of 5: tiles 0…9, shard 1/2 has the odd ones.
  expect(merged.stderr).toBe(
    `smfuse: ${join(out, '.smfuse-work')}: 5 of 10 tiles are not done (1, 3, 5, 7, 9); shards done: shard-0-of-2.json. Run the missing shards (or smfuse grnn --resume) first\n`,
  );
}, 60_000);
