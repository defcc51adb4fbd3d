/**
 * Pixel tiles of gridded BPANN / EnKF runs: tile t is the `tilePixels` consecutive cube
 * pixels from t·tilePixels, fixed by the grid and the configuration and never by threads.
 * Every pixel is fused alone and seeded by its cube index, so a tile's bytes are those of
 * the whole-grid fusion. A tile's checkpoint holds what the writer needs of its pixels.
 */
import type { Checkpoint, CheckpointArray } from '../../scale/checkpoint-file.js';

export type PixelRange = readonly [first: number, end: number];

export function pixelTileCount(pixels: number, tilePixels: number): number {
  return Math.ceil(pixels / tilePixels);
}

/** Cube pixels [first, end) of a tile. */
export function tilePixelRange(tile: number, pixels: number, tilePixels: number): PixelRange {
  return [tile * tilePixels, Math.min(pixels, (tile + 1) * tilePixels)];
}

/** The fusion of a tile's pixels (pixel k = first + k), as the writer needs it. */
export interface PixelTile {
  /** [day][k]; NaN where not fused. */
  readonly fused: Float32Array;
  /** Per pixel, a PixelStatus code. */
  readonly status: Uint8Array;
  /** Per pixel, first day of its validation period (days when it has none). */
  readonly splitDay: Int32Array;
  /** [day][k]: sd of the fused value (ensemble spread), m³/m³; absent when the method gives none. */
  readonly sd?: Float32Array;
}

export function encodePixelTile(t: PixelTile): Record<string, CheckpointArray> {
  return { fused: t.fused, status: t.status, splitDay: t.splitDay, ...(t.sd && { sd: t.sd }) };
}

/** A checkpoint's tile; undefined when its shapes do not fit the range (damaged or foreign). */
export function decodePixelTile(cp: Checkpoint, days: number, [first, end]: PixelRange): PixelTile | undefined {
  const { fused, status, splitDay, sd } = cp.arrays;
  const n = end - first;
  if (!(fused instanceof Float32Array && fused.length === days * n)) return undefined;
  if (!(status instanceof Uint8Array && status.length === n && splitDay instanceof Int32Array && splitDay.length === n)) return undefined;
  if (sd !== undefined && !(sd instanceof Float32Array && sd.length === days * n)) return undefined;
  return { fused, status, splitDay, ...(sd && { sd }) };
}

/** The whole grid's arrays, filled tile by tile in any order; `sd` once a tile brings one (NaN elsewhere). */
export interface PixelGridAssembly extends PixelTile {
  add(range: PixelRange, tile: PixelTile): void;
}

export function createPixelAssembly(days: number, pixels: number): PixelGridAssembly {
  const fused = new Float32Array(days * pixels);
  const status = new Uint8Array(pixels);
  const splitDay = new Int32Array(pixels);
  let sd: Float32Array | undefined;
  const columns = (into: Float32Array, from: Float32Array, first: number, n: number) => {
    for (let d = 0; d < days; d++) into.set(from.subarray(d * n, (d + 1) * n), d * pixels + first);
  };
  return {
    fused,
    status,
    splitDay,
    get sd() {
      return sd;
    },
    add([first, end], tile) {
      const n = end - first;
      columns(fused, tile.fused, first, n);
      if (tile.sd) columns((sd ??= new Float32Array(days * pixels).fill(NaN)), tile.sd, first, n);
      status.set(tile.status, first);
      splitDay.set(tile.splitDay, first);
    },
  };
}
