import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import h5wasm from 'h5wasm/node';
import { beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../core/errors.js';
import { openHdf5, takeSlowHdf5Reads } from '../../src/io/hdf5.js';
import { sharedData } from '../helpers/shared-data.js';

const DIR = sharedData('esa-cci');
const REAL = [
  `${DIR}/ESACCI-SOILMOISTURE-L3S-SSMV-COMBINED-20140101000000-fv02.2.nc`, // int16, shuffle + deflate
  `${DIR}/ESACCI-SOILMOISTURE-L3S-SSMV-COMBINED-20160607000000-fv05.2.nc`, // float32, shuffle + deflate
];

type H5Dataset = InstanceType<typeof h5wasm.Dataset>;

/** h5wasm's own read of the hyperslab: what the native chunk path must reproduce byte for byte. */
function h5wasmSlice(file: string, name: string, start: number[], count: number[]): ArrayBufferView {
  const f = new h5wasm.File(file, 'r');
  try {
    return (f.get(name) as H5Dataset).slice(start.map((s, i) => [s, s + count[i]])) as unknown as ArrayBufferView;
  } finally {
    f.close();
  }
}

const bytes = (a: ArrayLike<number>) => {
  const v = a as unknown as ArrayBufferView;
  return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
};

beforeAll(async () => {
  await h5wasm.ready;
});

describe('native zlib chunk reads', () => {
  for (const file of REAL) {
    it(`give h5wasm's values for ${file.slice(-9)} (whole globe, the TP window, one corner cell)`, async () => {
      const d = await openHdf5(file);
      try {
        for (const [start, count] of [
          [
            [0, 0, 0],
            [1, 720, 1440],
          ],
          [
            [0, 200, 1000],
            [1, 60, 140],
          ],
          [
            [0, 719, 1439],
            [1, 1, 1],
          ],
        ]) {
          const ours = d.readRaw('sm', start, count);
          const theirs = h5wasmSlice(file, 'sm', start, count);
          expect(ours.constructor).toBe(theirs.constructor);
          expect(bytes(ours).equals(bytes(theirs as unknown as ArrayLike<number>))).toBe(true);
        }
      } finally {
        d.close();
      }
      expect(takeSlowHdf5Reads()).toEqual([]);
    });
  }

  it('reads only the chunks a window touches, edge chunks included, of a many-chunk variable', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'smfuse-chunks-')), 'many.h5');
    const values = Int32Array.from({ length: 3 * 250 * 450 }, (_, i) => (i * 7919) % 100_003);
    const f = new h5wasm.File(file, 'w');
    f.create_dataset({
      name: 'v',
      data: values,
      shape: [3, 250, 450],
      dtype: '<i4',
      chunks: [2, 64, 100],
      compression: 'gzip',
      compression_opts: 4,
    });
    f.close();
    const d = await openHdf5(file);
    try {
      for (const [start, count] of [
        [
          [0, 0, 0],
          [3, 250, 450],
        ],
        [
          [1, 60, 95],
          [2, 130, 260],
        ],
        [
          [2, 249, 449],
          [1, 1, 1],
        ],
      ]) {
        const ours = d.readRaw('/v', start, count);
        expect(ours).toBeInstanceOf(Int32Array);
        // independently: the C-order hyperslab of the array written
        const want = new Int32Array(count[0] * count[1] * count[2]);
        let k = 0;
        for (let a = 0; a < count[0]; a++)
          for (let b = 0; b < count[1]; b++)
            for (let c = 0; c < count[2]; c++) want[k++] = values[((start[0] + a) * 250 + start[1] + b) * 450 + start[2] + c];
        expect(bytes(ours).equals(bytes(want))).toBe(true);
      }
    } finally {
      d.close();
    }
    expect(takeSlowHdf5Reads()).toEqual([]);
  });

  it('refuses a chunk whose deflate stream is corrupt, naming the file (h5wasm returned garbage)', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'smfuse-chunks-')), 'bad-chunk.nc');
    copyFileSync(REAL[1], file);
    const buf = readFileSync(file);
    // the sm chunk starts at byte 845949 (0xce87d, its B-tree says); scramble bytes inside its deflate stream
    buf.fill(0x55, 0xce87d + 1000, 0xce87d + 1400);
    writeFileSync(file, buf);
    const d = await openHdf5(file);
    try {
      expect(() => d.readRaw('sm', [0, 200, 1000], [1, 60, 140])).toThrow(
        new InputError(file, '/sm: cannot read (corrupt data: the chunk at byte 845949 does not inflate (incorrect data check))'),
      );
    } finally {
      d.close();
    }
    expect(takeSlowHdf5Reads()).toEqual([]);
  });
});
