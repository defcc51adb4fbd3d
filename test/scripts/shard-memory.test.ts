/**
 * The shard-memory bench's core on tiny grids: every shard process reports its peak RSS
 * and band, the bands cover the grid's rows with the method's margin, the merge's peak RSS
 * is measured, and each merged shard count gives the single run's outputs byte for byte.
 * Spawns bin/smfuse.js (dist/): build first.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeGrid } from '../../src/grid/gridspec.js';
import {
  formatShardTable,
  measureShardMemory,
  predictedRows,
  type ShardBenchCase,
  type ShardBenchReport,
} from '../../scripts/bench/shard-memory.js';

const dir = mkdtempSync(join(tmpdir(), 'smfuse-shard-memory-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const bands = (r: ShardBenchReport, shards: number) => r.runs.find((run) => run.shards === shards)!.processes.map((p) => p.band);

function expectMeasured(r: ShardBenchReport, counts: number[]): void {
  expect(r.runs.map((run) => run.shards)).toEqual(counts);
  for (const run of r.runs) {
    expect(run.processes).toHaveLength(run.shards);
    // a Node process holding a year of inputs: tens of MiB at least, far from the machine's size
    for (const p of run.processes) expect(p.peakRssMiB).toBeGreaterThan(30);
    expect(run.merge.peakRssMiB).toBeGreaterThan(30);
    expect(run.identical).toBe(true);
  }
  expect(formatShardTable(r)).toMatch(new RegExp(`^ +${counts[1]} .* yes$`, 'm'));
}

describe('shard-memory bench', () => {
  it('EnKF: three shards read three bands that partition the rows (no margin), merged equal to one', async () => {
    // 8 × 16 cells, tiles of 16 pixels = 2 rows: 8 tiles; shards take tiles 0–1, 2–4, 5–7
    const c: ShardBenchCase = {
      method: 'enkf',
      grid: makeGrid({ west: 100, south: 30, east: 102, north: 34 }, 0.25),
      flags: ['--threads', '1', '--backend', 'js', '--tile-pixels', '16'],
      margin: 0,
      shardCounts: [1, 3],
      obsEvery: 2,
    };
    const r = await measureShardMemory(c, join(dir, 'enkf'));
    expectMeasured(r, [1, 3]);
    expect(bands(r, 1)).toEqual([{ row0: 0, row1: 16 }]);
    expect(bands(r, 3)).toEqual([
      { row0: 0, row1: 4 },
      { row0: 4, row1: 10 },
      { row0: 10, row1: 16 },
    ]);
  }, 60_000);

  it('GRNN: two shards read their halves plus the 6-row window margin, merged equal to one', async () => {
    // 8 × 24 cells at 0.25°: 0.5° windows and blocks of 2 cells, 4 blocks per row of blocks, one
    // row of blocks per tile: 12 tiles. Shard 0 has block rows 0–11, shard 1 rows 12–23; each
    // reaches 2 + 2·1·2 = 6 rows beyond.
    const c: ShardBenchCase = {
      method: 'grnn',
      grid: makeGrid({ west: 90, south: 28, east: 92, north: 34 }, 0.25),
      flags: ['--threads', '1', '--backend', 'js', '--window-deg', '0.5', '--subsets', '2', '--sigmas', '0.05,0.1', '--tile-windows', '4'],
      margin: 6,
      shardCounts: [1, 2],
    };
    const r = await measureShardMemory(c, join(dir, 'grnn'));
    expectMeasured(r, [1, 2]);
    expect(bands(r, 1)).toEqual([{ row0: 0, row1: 24 }]);
    expect(bands(r, 2)).toEqual([
      { row0: 0, row1: 18 },
      { row0: 6, row1: 24 },
    ]);
    // the formula's rows: the largest band, an inner shard's when there is one
    expect(predictedRows(24, 2, 6)).toBe(18);
    expect(predictedRows(24, 4, 6)).toBe(6 + 12);
    expect(predictedRows(24, 1, 6)).toBe(24);
  }, 60_000);
});
