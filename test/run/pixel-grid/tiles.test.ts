/**
 * Pixel tiles of gridded BPANN / EnKF: fusing tile by tile (each tile a separate batch or
 * kernel call on the method's backend) and assembling gives the whole-grid fusion's bytes.
 */
import { describe, expect, it } from 'vitest';
import { fastKernel as fastBpann } from '../../../kernels/bpann/fast.js';
import { fastKernel as fastEnkf } from '../../../kernels/enkf/fast.js';
import { parseFusionConfig } from '../../../src/config/fusion-config.js';
import { makeGrid } from '../../../src/grid/gridspec.js';
import { silentLogger } from '../../../src/log.js';
import { bpannFuse, type BpannFuseOptions } from '../../../src/methods/bpann/fuse.js';
import { inProcessTrainer } from '../../../src/methods/bpann/trainer.js';
import { enkfFuse, type EnkfFuseOptions } from '../../../src/methods/enkf/fuse.js';
import { bpannGridMethod } from '../../../src/run/bpann/grid-method.js';
import { enkfGridMethod, enkfSplitDays } from '../../../src/run/enkf/grid-method.js';
import type { PixelMethod } from '../../../src/run/pixel-grid/run.js';
import type { PixelGridInputs } from '../../../src/run/pixel-grid/inputs.js';
import { createPixelAssembly, decodePixelTile, encodePixelTile, pixelTileCount, tilePixelRange } from '../../../src/run/pixel-grid/tiles.js';
import { synthesizeFusionGrid } from '../../../src/sample/fusion-grid-sample.js';

// 5 × 4 cells: the last column has no observations and the one before only every 15th day.
const grid = makeGrid({ west: 100, south: 35, east: 101.25, north: 36 }, 0.25);
const sample = synthesizeFusionGrid(grid, 2017, 4);
const inputs: PixelGridInputs = {
  grid,
  dates: sample.dates,
  cube: { days: sample.dates.length, pixels: grid.width * grid.height, smap: sample.smap, clm: sample.clm, lst: sample.lst, obs: sample.obs },
  sources: {},
};
const { days, pixels } = inputs.cube;
const SEED = 11;
const config = (method: Record<string, unknown>) =>
  parseFusionConfig({ year: 2017, seed: SEED, backend: 'js', inputs: { smap: 's.tif', clm: 'c.tif', lst: 'l.tif', obs: 'o.tif' }, ...method }, 'test', '/');

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
    expect([0, 1, 2, 3].map((t) => tilePixelRange(t, 20, 6))).toEqual([[0, 6], [6, 12], [12, 18], [18, 20]]);
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

describe('tile by tile = the whole grid, byte for byte', () => {
  it('BPANN (seeds by cube index, not by place in the batch)', async () => {
    const method = bpannGridMethod(config({ bpann: { trainer: 'gd', iterations: 40 } }));
    const whole = await bpannFuse(inputs.cube, inProcessTrainer(fastBpann), { ...(method.options as BpannFuseOptions), gridWidth: inputs.grid.width });
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
