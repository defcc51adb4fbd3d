/**
 * Reduced-resolution levels for internal overviews (COG layout): each level halves the
 * previous one (sizes rounded up) until the image fits in one tile, as GDAL's COG driver
 * does. Float levels average the valid cells of each 2 × 2 block (NaN and nodata drop
 * out, so a gap does not spread); uint8 levels (flag codes, which cannot be averaged)
 * take the block's first cell, GDAL's NEAREST.
 */

export interface Level {
  readonly width: number;
  readonly height: number;
}

/** The overview sizes below a width × height image, largest first. */
export function overviewLevels(width: number, height: number, tileWidth: number, tileHeight: number): Level[] {
  const levels: Level[] = [];
  let w = width;
  let h = height;
  while (w > tileWidth || h > tileHeight) {
    w = Math.ceil(w / 2);
    h = Math.ceil(h / 2);
    levels.push({ width: w, height: h });
  }
  return levels;
}

/** `data` ([band][row][col], width × height) reduced 2× to `to`; a fresh array. */
export function reduce2x<T extends Float32Array | Uint8Array>(data: T, bands: number, from: Level, to: Level, nodata: number): T {
  const out = (
    data instanceof Float32Array ? new Float32Array(bands * to.width * to.height) : new Uint8Array(bands * to.width * to.height)
  ) as T;
  const float = data instanceof Float32Array;
  for (let b = 0; b < bands; b++) {
    const src = b * from.width * from.height;
    const dst = b * to.width * to.height;
    for (let r = 0; r < to.height; r++) {
      const r0 = 2 * r;
      const r1 = Math.min(r0 + 1, from.height - 1);
      for (let c = 0; c < to.width; c++) {
        const c0 = 2 * c;
        if (!float) {
          out[dst + r * to.width + c] = data[src + r0 * from.width + c0];
          continue;
        }
        const c1 = Math.min(c0 + 1, from.width - 1);
        let sum = 0;
        let n = 0;
        for (let rr = r0; rr <= r1; rr++) {
          for (let cc = c0; cc <= c1; cc++) {
            const v = data[src + rr * from.width + cc];
            if (v === v && v !== nodata) {
              sum += v;
              n++;
            }
          }
        }
        out[dst + r * to.width + c] = n > 0 ? sum / n : nodata;
      }
    }
  }
  return out;
}
