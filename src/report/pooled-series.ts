/** Daily series of a gridded BPANN/EnKF run pooled over its fused pixels, and where its validation period lies. */
import type { RasterStack } from '../io/geotiff-read.js';
import { timeSplit } from '../methods/bpann/time-split.js';
import type { PixelCube } from '../cube/pixel-cube.js';
import { sampleDays } from '../methods/pixel-cube.js';

/**
 * Per date, the mean of the stack's finite values over the pixels `mask` marks (each
 * series over the pixels it has a value at that day); NaN on dates the stack lacks or
 * where no marked pixel has a value.
 */
export function spatialMeanSeries(stack: RasterStack, dates: readonly string[], mask: Uint8Array): Float64Array {
  const plane = mask.length;
  const band = new Map(stack.dates.map((d, b) => [d, b]));
  const means = new Float64Array(dates.length).fill(NaN);
  for (let d = 0; d < dates.length; d++) {
    const b = band.get(dates[d]);
    if (b === undefined) continue;
    let sum = 0;
    let n = 0;
    for (let p = 0, o = b * plane; p < plane; p++, o++) {
      const v = stack.data[o];
      if (mask[p] && Number.isFinite(v)) {
        sum += v;
        n++;
      }
    }
    if (n > 0) means[d] = sum / n;
  }
  return means;
}

/**
 * The first and last of the fused pixels' split days (first day of the validation
 * period), by the rule both methods use: `trainFraction` of a pixel's sample days (all
 * inputs and an observation) in time order train it. Null when a pixel has no
 * validation day or there is no fused pixel.
 */
export function splitDayRange(cube: PixelCube, mask: Uint8Array, trainFraction: number): { first: number; last: number } | null {
  let first = Infinity;
  let last = -Infinity;
  for (let p = 0; p < cube.pixels; p++) {
    if (!mask[p]) continue;
    const { splitDay } = timeSplit(sampleDays(cube, p), trainFraction, cube.days);
    first = Math.min(first, splitDay);
    last = Math.max(last, splitDay);
  }
  return first <= last && last < cube.days ? { first, last } : null;
}
