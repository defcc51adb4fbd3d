/**
 * TIFF predictors, applied before DEFLATE so that smooth fields compress well: the
 * encoders for one tile with one sample per pixel (planar files), and the decoder of the
 * floating-point predictor for any layout.
 */
import { endianness } from 'node:os';

const HOST_LITTLE_ENDIAN = endianness() === 'LE';

/**
 * Floating-point predictor (Predictor = 3, Adobe TIFF Technical Note 3), as libtiff's
 * fpDiff: each row of little-endian 32-bit floats is split into four byte planes, most
 * significant first, and the resulting byte row is differenced left to right.
 * `tile` holds `rows` rows of `width` floats; `out` receives `tile.byteLength` bytes.
 */
export function floatPredictor(tile: Float32Array, width: number, rows: number, out: Uint8Array): void {
  const src = new Uint8Array(tile.buffer, tile.byteOffset, tile.byteLength);
  const rowBytes = width * 4;
  for (let r = 0; r < rows; r++) {
    const s = r * rowBytes;
    let o = s;
    let prev = 0;
    for (let plane = 3; plane >= 0; plane--) {
      for (let i = s + plane; i < s + rowBytes; i += 4) {
        const v = src[i];
        out[o++] = v - prev;
        prev = v;
      }
    }
  }
}

/** Horizontal differencing (Predictor = 2) of 8-bit samples, row by row. */
export function horizontalPredictor8(tile: Uint8Array, width: number, rows: number, out: Uint8Array): void {
  for (let r = 0; r < rows; r++) {
    const s = r * width;
    let prev = 0;
    for (let i = s; i < s + width; i++) {
      const v = tile[i];
      out[i] = v - prev;
      prev = v;
    }
  }
}

/**
 * Undoes the floating-point predictor in place, as libtiff's fpAcc: each row of `rowBytes`
 * bytes is summed with step `stride` (samples per pixel), then its byte planes are put
 * back together into `bytesPerSample`-byte values. `scratch` holds at least one row.
 */
export function undoFloatPredictor(
  block: Uint8Array,
  rowBytes: number,
  rows: number,
  stride: number,
  bytesPerSample: number,
  scratch: Uint8Array,
): void {
  const values = rowBytes / bytesPerSample;
  // planar float32, the common case, assembles whole words: several times faster
  const words =
    HOST_LITTLE_ENDIAN && stride === 1 && bytesPerSample === 4 && scratch.byteOffset % 4 === 0
      ? new Uint32Array(scratch.buffer, scratch.byteOffset, values)
      : null;
  for (let r = 0; r < rows; r++) {
    const s = r * rowBytes;
    if (stride === 1) {
      let acc = 0;
      for (let j = s; j < s + rowBytes; j++) block[j] = acc = (acc + block[j]) & 0xff;
    } else {
      for (let j = s + stride; j < s + rowBytes; j++) block[j] += block[j - stride];
    }
    if (words) {
      for (let i = 0, j = s; i < values; i++, j++) {
        words[i] = ((block[j] << 24) | (block[j + values] << 16) | (block[j + 2 * values] << 8) | block[j + 3 * values]) >>> 0;
      }
    } else {
      for (let plane = 0; plane < bytesPerSample; plane++) {
        const from = s + plane * values;
        const byte = bytesPerSample - 1 - plane;
        for (let i = 0; i < values; i++) scratch[i * bytesPerSample + byte] = block[from + i];
      }
    }
    block.set(scratch.subarray(0, rowBytes), s);
  }
}
