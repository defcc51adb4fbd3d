import type { PNG } from 'pngjs';
import { expect } from 'vitest';
import { parseColor } from '../../src/report/palettes.js';

/** RGBA of the PNG pixel nearest to (x, y). */
export function pixelAt(png: PNG, x: number, y: number): number[] {
  const o = (Math.round(y) * png.width + Math.round(x)) * 4;
  return [...png.data.subarray(o, o + 4)];
}

/** An opaque pixel of the CSS colour, within `tolerance` per channel (the maps quantize to 256 levels). */
export function expectColor(actual: number[], css: string, tolerance = 3, what = css): void {
  const expected = parseColor(css);
  for (let k = 0; k < 3; k++) expect(Math.abs(actual[k] - expected[k]), `${what}: ${actual} vs ${css}`).toBeLessThanOrEqual(tolerance);
  expect(actual[3]).toBe(255);
}
