/**
 * Cutting a [band][row][col] stack into the encoded tiles of a planar tiled TIFF, in file
 * order (band, tile row, tile column), through buffers reused from tile to tile.
 */
import { promisify } from 'node:util';
import { deflate } from 'node:zlib';
import { floatPredictor, horizontalPredictor8 } from './predictor.js';

const deflateAsync = promisify(deflate);

/** Level 6 is zlib's default: close to level 9's size on smooth fields at a fraction of the time. */
const DEFLATE_LEVEL = 6;

/**
 * Tiles deflated at once on libuv's thread pool (4 threads by default): DEFLATE is most
 * of the writing time, and this spreads it over the cores while JS cuts the next tiles.
 */
const IN_FLIGHT = 4;

/**
 * Encoded tiles, each a fresh buffer the caller may keep. Edge tiles are padded with
 * zeros to the full tile size, as TIFF requires.
 */
export async function* encodedTiles(
  data: Float32Array | Uint8Array,
  grid: { width: number; height: number },
  bands: number,
  tileWidth: number,
  tileHeight: number,
  compressed: boolean,
): AsyncGenerator<Uint8Array> {
  const { width, height } = grid;
  const tile = data instanceof Float32Array ? new Float32Array(tileWidth * tileHeight) : new Uint8Array(tileWidth * tileHeight);
  const tileBytes = new Uint8Array(tile.buffer);
  // one predictor output per tile in flight; slot k is reused once its deflate is done
  const predicted = Array.from({ length: IN_FLIGHT }, () => new Uint8Array(tile.byteLength));
  const inFlight: Promise<Uint8Array>[] = [];
  let slot = 0;
  for (let b = 0; b < bands; b++) {
    const plane = b * width * height;
    for (let y0 = 0; y0 < height; y0 += tileHeight) {
      const rows = Math.min(tileHeight, height - y0);
      for (let x0 = 0; x0 < width; x0 += tileWidth) {
        const cols = Math.min(tileWidth, width - x0);
        if (rows < tileHeight || cols < tileWidth) tile.fill(0);
        for (let r = 0; r < rows; r++) {
          const from = plane + (y0 + r) * width + x0;
          tile.set(data.subarray(from, from + cols), r * tileWidth);
        }
        if (!compressed) {
          yield tileBytes.slice();
          continue;
        }
        const out = predicted[slot];
        if (tile instanceof Float32Array) floatPredictor(tile, tileWidth, tileHeight, out);
        else horizontalPredictor8(tile, tileWidth, tileHeight, out);
        const job = deflateAsync(out, { level: DEFLATE_LEVEL });
        job.catch(() => undefined); // a failure surfaces when its turn to be yielded comes
        inFlight.push(job);
        slot = (slot + 1) % IN_FLIGHT;
        if (inFlight.length === IN_FLIGHT) yield await inFlight.shift()!;
      }
    }
  }
  while (inFlight.length > 0) yield await inFlight.shift()!;
}
