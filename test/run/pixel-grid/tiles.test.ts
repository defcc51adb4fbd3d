/**
 * Pixel tiles of gridded BPANN / EnKF: fusing tile by tile (each tile a separate batch or
 * kernel call on the method's backend) and assembling gives the whole-grid fusion's bytes.
 */
import { describe, expect, it } from 'vitest';
import { fastKernel as fastBpann } from '../../../kernels/bpann/fast.js';
import { fastKernel as fastEnkf } from '../../../kernels/enkf/fast.js';
import { parsePixelMethodConfig } from '../../../src/config/pixel-method-config.js';
import { makeGrid } from '../../../src/grid/gridspec.js';
import { silentLogger } from '../../../src/log.js';
import { bpannFuse, type BpannFuseOptions } from '../../../src/methods/bpann/fuse.js';
import { inProcessTrainer } from '../../../src/methods/bpann/trainer.js';
import { enkfFuse, type EnkfFuseOptions } from '../../../src/methods/enkf/fuse.js';
import { bpannGridMethod } from '../../../src/run/bpann/grid-method.js';
import { enkfGridMethod, enkfSplitDays } from '../../../src/run/enkf/grid-method.js';
import type { PixelMethod } from '../../../src/run/pixel-grid/run.js';
import type { PixelGridInputs } from '../../../src/run/pixel-grid/inputs.js';
import { bandGrid } from '../../../src/grid/gridspec.js';
import {
  createPixelAssembly,
  decodePixelTile,
  encodePixelTile,
  pixelTileCount,
  tilePixelRange,
} from '../../../src/run/pixel-grid/tiles.js';
import { synthesizePixelGrid } from '../../../src/sample/pixel-grid-sample.js';

// 5 × 4 cells: the last column has no observations and the one before only every 15th day.
const grid = makeGrid({ west: 100, south: 35, east: 101.25, north: 36 }, 0.25);
const sample = synthesizePixelGrid(grid, 2017, 4);
const inputs: PixelGridInputs = {
  grid,
  fullGrid: grid,
  band: { row0: 0, row1: grid.height },
  dates: sample.dates,
  cube: {
    days: sample.dates.length,
    pixels: grid.width * grid.height,
    smap: sample.smap,
    clm: sample.clm,
    lst: sample.lst,
    obs: sample.obs,
  },
  sources: {},
};
const { days, pixels } = inputs.cube;
const SEED = 11;
const config = (method: Record<string, unknown>) =>
  parsePixelMethodConfig(
    { year: 2017, seed: SEED, backend: 'js', inputs: { smap: 's.tif', clm: 'c.tif', lst: 'l.tif', obs: 'o.tif' }, ...method },
    'test',
    '/',
  );

/** Rows [row0, row1) of the inputs, as a shard reads them. */
function bandInputs(row0: number, row1: number): PixelGridInputs {
  const { width } = grid;
  const n = (row1 - row0) * width;
  const rows = (a: Float32Array) => {
    const out = new Float32Array(days * n);
    for (let d = 0; d < days; d++) out.set(a.subarray(d * pixels + row0 * width, d * pixels + row1 * width), d * n);
    return out;
  };
  const { smap, clm, lst, obs } = inputs.cube;
  return {
    ...inputs,
    grid: bandGrid(grid, { row0, row1 }),
    band: { row0, row1 },
    cube: { days, pixels: n, smap: rows(smap), clm: rows(clm), lst: rows(lst), obs: rows(obs) },
  };
}

/** Every tile of `tilePixels` fused separately through the method's own fuser, assembled. */
async function byTiles(method: PixelMethod, tilePixels: number) {
  const fuser = await method.open(inputs, 1, silentLogger());
  const assembly = createPixelAssembly(days, pixels);
  try {
    // Backwards: tiles may finish in any order.
    for (let t = pixelTileCount(pixels, tilePixels) - 1; t >= 0; t--) {
      const range = tilePixelRange(t, pixels, tilePixels);
      assembly.add(range, await fuser.fuse(range));
    }
  } finally {
    await fuser.close();
  }
  return assembly;
}

const bytes = (a: ArrayBufferView) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

describe('tile geometry', () => {
  it('covers the pixels once, the last tile short', () => {
    expect(pixelTileCount(20, 6)).toBe(4);
    expect([0, 1, 2, 3].map((t) => tilePixelRange(t, 20, 6))).toEqual([
      [0, 6],
      [6, 12],
      [12, 18],
      [18, 20],
    ]);
    expect(pixelTileCount(8400, 256)).toBe(33);
  });

  it('a checkpoint whose shapes do not fit the tile is refused', () => {
    const tile = { fused: new Float32Array(3 * 2), status: new Uint8Array(2), splitDay: new Int32Array(2) };
    const cp = { key: 'k', part: 0, meta: {}, arrays: encodePixelTile(tile) };
    expect(decodePixelTile(cp, 3, [4, 6])).toEqual(tile);
    expect(decodePixelTile(cp, 3, [4, 7])).toBeUndefined();
    expect(decodePixelTile(cp, 4, [4, 6])).toBeUndefined();
  });
});

describe('a band of rows (a shard) = those rows of the whole grid, byte for byte', () => {
  // row 2 of 4, read with one row of margin on each side (BPANN's pool radius 1)
  const [row0, row1, row] = [1, 4, 2];
  const columns = (a: Float32Array, n: number, first: number, count: number) =>
    Float32Array.from({ length: days * count }, (_, i) => a[Math.floor(i / count) * n + first + (i % count)]);

  for (const [name, method] of [
    ['BPANN', () => bpannGridMethod(config({ bpann: { trainer: 'gd', iterations: 40 } }))],
    ['EnKF', () => enkfGridMethod(config({}))],
  ] as const) {
    it(name, async () => {
      const m = method();
      const { width } = grid;
      const whole = await m.open(inputs, 1, silentLogger());
      const inBand = await m.open(bandInputs(row0, row1), 1, silentLogger());
      try {
        const expected = await whole.fuse([row * width, (row + 1) * width]);
        const got = await inBand.fuse([(row - row0) * width, (row - row0 + 1) * width]);
        expect(expected.status.filter((s) => s === 1).length).toBeGreaterThan(2);
        expect(bytes(got.fused).equals(bytes(expected.fused))).toBe(true);
        expect(got.status).toEqual(expected.status);
        expect(got.splitDay).toEqual(expected.splitDay);
        expect(bytes(got.sd!).equals(bytes(expected.sd!))).toBe(true);
        // and against the whole grid fused at once
        const all = await whole.fuse([0, pixels]);
        expect(bytes(columns(all.fused, pixels, row * width, width)).equals(bytes(got.fused))).toBe(true);
      } finally {
        await whole.close();
        await inBand.close();
      }
    }, 60_000);
  }
});

describe('tile by tile = the whole grid, byte for byte', () => {
  it('BPANN (seeds by cube index, not by place in the batch)', async () => {
    const method = bpannGridMethod(config({ bpann: { trainer: 'gd', iterations: 40 } }));
    const whole = await bpannFuse(inputs.cube, inProcessTrainer(fastBpann), {
      ...(method.options as BpannFuseOptions),
      gridWidth: inputs.grid.width,
    });
    expect(whole.status.filter((s) => s === 1).length).toBeGreaterThan(8);
    for (const tilePixels of [1, 6, 7]) {
      const tiled = await byTiles(method, tilePixels);
      expect(bytes(tiled.fused).equals(bytes(whole.fused)), `tiles of ${tilePixels}`).toBe(true);
      expect(tiled.status).toEqual(whole.status);
      expect(tiled.splitDay).toEqual(whole.splitDay);
    }
  }, 60_000);

  it('EnKF', async () => {
    const method = enkfGridMethod(config({}));
    const { split, ...options } = method.options;
    const whole = enkfFuse(inputs.cube, fastEnkf, options as EnkfFuseOptions);
    expect(whole.status.filter((s) => s === 1).length).toBeGreaterThan(8);
    for (const tilePixels of [1, 6, 7]) {
      const tiled = await byTiles(method, tilePixels);
      expect(bytes(tiled.fused).equals(bytes(whole.fused)), `tiles of ${tilePixels}`).toBe(true);
      expect(tiled.status).toEqual(whole.status);
      expect(tiled.splitDay).toEqual(enkfSplitDays(inputs.cube, split as number));
    }
  }, 60_000);
});
