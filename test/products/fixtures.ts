import { makeGrid, type GridSpec } from '../../src/grid/gridspec.js';
import type { Stack } from '../../src/cube/stack.js';

/** A width × height grid of 1° cells with its north-west corner at (0°E, height°N). */
export function unitGrid(width: number, height: number): GridSpec {
  return makeGrid({ west: 0, south: 0, east: width, north: height }, 1);
}

/** Dates 2020-01-01, 2020-01-02, … */
export function januaryDates(days: number): string[] {
  return Array.from({ length: days }, (_, d) => `2020-01-${String(d + 1).padStart(2, '0')}`);
}

/** A stack from values listed day by day, row by row. */
export function stackOf(grid: GridSpec, dates: readonly string[], values: ArrayLike<number>): Stack {
  return { grid, dates, data: Float32Array.from(values) };
}
