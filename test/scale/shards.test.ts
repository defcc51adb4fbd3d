import { describe, expect, it } from 'vitest';
import { parseShard, shardFromFlags, shardTiles } from '../../src/scale/shards.js';

describe('shards', () => {
  it('parses i/N and refuses anything else', () => {
    expect(parseShard('2/5')).toEqual({ index: 2, count: 5 });
    expect(() => parseShard('5/5')).toThrow('--shard 5/5: shard 5 is not in 0…4');
    expect(() => parseShard('1-4')).toThrow('expected i/N');
    expect(() => parseShard('0/0')).toThrow('must be a whole number ≥ 1');
  });

  it('reads the environment only when a flag asks for it', () => {
    const slurm = { SLURM_ARRAY_TASK_ID: '5', SLURM_ARRAY_TASK_MIN: '1', SLURM_ARRAY_TASK_COUNT: '8' };
    expect(shardFromFlags({}, slurm)).toBeUndefined();
    expect(shardFromFlags({ shard: 'auto' }, slurm)).toEqual({ index: 4, count: 8 });
    expect(shardFromFlags({ shards: 6 }, slurm)).toEqual({ index: 4, count: 6 });
    expect(shardFromFlags({ shard: '1/3' }, slurm)).toEqual({ index: 1, count: 3 });
    expect(shardFromFlags({ shards: 4 }, { JOB_COMPLETION_INDEX: '3' })).toEqual({ index: 3, count: 4 });
    expect(() => shardFromFlags({ shard: 'auto' }, { JOB_COMPLETION_INDEX: '3' })).toThrow('--shards N must give their number');
    expect(() => shardFromFlags({ shards: 4 }, { JOB_COMPLETION_INDEX: '4' })).toThrow('JOB_COMPLETION_INDEX 4: shard 4 is not in 0…3');
    expect(() => shardFromFlags({ shards: 4 }, {})).toThrow('need SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX');
  });

  it('gives each shard a contiguous range of tiles: every tile to exactly one shard, sizes within one', () => {
    expect(shardTiles({ index: 0, count: 3 }, 8)).toEqual([0, 1]);
    expect(shardTiles({ index: 1, count: 3 }, 8)).toEqual([2, 3, 4]);
    expect(shardTiles({ index: 2, count: 3 }, 8)).toEqual([5, 6, 7]);
    expect(shardTiles({ index: 3, count: 4 }, 2)).toEqual([1]);
    expect(shardTiles({ index: 0, count: 4 }, 2)).toEqual([]);
    expect(shardTiles(undefined, 3)).toEqual([0, 1, 2]);
    const all = [0, 1, 2, 3].flatMap((index) => shardTiles({ index, count: 4 }, 10)).sort((a, b) => a - b);
    expect(all).toEqual([...Array(10).keys()]);
  });
});
