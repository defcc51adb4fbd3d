import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CheckpointError, readCheckpoint, writeCheckpoint } from '../../src/scale/checkpoint-file.js';
import { openWorkFolder } from '../../src/scale/work-folder.js';

const dir = mkdtempSync(join(tmpdir(), 'smfuse-checkpoint-'));

describe('checkpoint files', () => {
  const arrays = {
    a: Float32Array.from([1.5, NaN, -0, 3e-39]),
    flags: Uint8Array.from([0, 255, 7]),
    sums: Float64Array.from([Math.PI, -Infinity]),
    ids: Int32Array.from([-1, 2 ** 31 - 1]),
  };

  it('round-trips named arrays (NaN, −0, subnormals) and JSON, and leaves no temporary file', async () => {
    const file = join(dir, 'rt.bin');
    await writeCheckpoint(file, { key: 'k1', part: 3, meta: { windows: [1, 2] }, arrays });
    const cp = await readCheckpoint(file);
    expect(cp.key).toBe('k1');
    expect(cp.part).toBe(3);
    expect(cp.meta).toEqual({ windows: [1, 2] });
    for (const [name, a] of Object.entries(arrays)) {
      expect(cp.arrays[name].constructor).toBe(a.constructor);
      expect(Buffer.from(cp.arrays[name].buffer).equals(Buffer.from(a.buffer)), name).toBe(true);
    }
    expect(readdirSync(dir).filter((n) => n.includes('.tmp-'))).toEqual([]);
  });

  it('a damaged or truncated file is a CheckpointError, not data', async () => {
    const file = join(dir, 'bad.bin');
    await writeCheckpoint(file, { key: 'k', part: 0, meta: null, arrays });
    const bytes = readFileSync(file);
    bytes[bytes.length - 40] ^= 1;
    writeFileSync(file, bytes);
    await expect(readCheckpoint(file)).rejects.toThrow(new CheckpointError('checksum mismatch (damaged)'));
    writeFileSync(file, bytes.subarray(0, 20));
    await expect(readCheckpoint(file)).rejects.toThrow(new CheckpointError('not a checkpoint file'));
  });

  it('a work folder ignores a checkpoint of another key or tile, saying why', async () => {
    const out = join(dir, 'out');
    const work = await openWorkFolder(out, { key: { seed: 1 }, tiles: 2, extra: {}, mode: 'fresh' });
    await work.save(0, null, arrays);
    expect((await work.load(0))?.arrays.flags).toEqual(arrays.flags);
    expect(await work.load(1)).toBeUndefined();
    await writeCheckpoint(join(work.dir, 'tile-00001.bin'), { key: 'other', part: 1, meta: null, arrays });
    const why: string[] = [];
    expect(await work.load(1, (w) => why.push(w))).toBeUndefined();
    expect(why).toEqual(['tile-00001.bin: written by a run with other settings or for another tile']);
    await expect(openWorkFolder(out, { key: { seed: 1 }, tiles: 2, extra: {}, mode: 'fresh' })).rejects.toThrow(
      '(2 of 2 tiles): pass --resume',
    );
    await expect(openWorkFolder(out, { key: { seed: 2 }, tiles: 2, extra: {}, mode: 'resume' })).rejects.toThrow(
      'other settings or inputs (seed)',
    );
  });
});
