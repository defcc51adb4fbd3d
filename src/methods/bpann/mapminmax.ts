/**
 * MATLAB's mapminmax to [−1, 1]: y = 2(x − min)/(max − min) − 1, with min and max from
 * the training samples. A constant variable maps to 0 (it carries no information).
 */
export interface MinMax {
  readonly min: number;
  readonly max: number;
}

export function minMaxOf(values: ArrayLike<number>): MinMax {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return { min, max };
}

export function toUnitRange(x: number, { min, max }: MinMax): number {
  return max > min ? (2 * (x - min)) / (max - min) - 1 : 0;
}

export function fromUnitRange(y: number, { min, max }: MinMax): number {
  return max > min ? ((y + 1) * (max - min)) / 2 + min : min;
}
