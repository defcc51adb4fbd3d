import type { PixelCube } from '../../cube/pixel-cube.js';
import { sampleDays } from '../pixel-cube.js';

/**
 * Pixel p's training rows as flat cube indices j = day · pixels + q, ascending (day-major):
 * the sample days before `splitDay` of every pixel q within Chebyshev distance `radius` of p
 * on a grid `width` cells wide (row-major pixels), p included. Radius 0 is p's own days.
 * `samplesOf` returns a pixel's sample days (sampleDays, cached by the caller).
 */
export function pooledRows(
  cube: PixelCube,
  p: number,
  splitDay: number,
  radius: number,
  width: number,
  samplesOf: (q: number) => readonly number[] = (q) => sampleDays(cube, q),
): number[] {
  const { pixels } = cube;
  const height = Math.ceil(pixels / width);
  const row = Math.floor(p / width);
  const col = p % width;
  const rows: number[] = [];
  for (let r = Math.max(0, row - radius); r <= Math.min(height - 1, row + radius); r++) {
    for (let c = Math.max(0, col - radius); c <= Math.min(width - 1, col + radius); c++) {
      const q = r * width + c;
      if (q >= pixels) continue;
      for (const d of samplesOf(q)) {
        if (d >= splitDay) break;
        rows.push(d * pixels + q);
      }
    }
  }
  return rows.sort((a, b) => a - b);
}
