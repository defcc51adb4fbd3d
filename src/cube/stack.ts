import type { GridSpec } from '../grid/gridspec.js';

/**
 * A daily stack of one variable on one grid: `data[(day * height + row) * width + col]`,
 * NaN where missing. `dates` are ISO `YYYY-MM-DD`, one per day/band.
 */
export interface Stack {
  readonly grid: GridSpec;
  readonly dates: readonly string[];
  readonly data: Float32Array;
}

/** Number of pixels in one day of a stack. */
export function planeSize(stack: Stack): number {
  return stack.grid.width * stack.grid.height;
}
