import { EXP_CUTOFF, EXP_STEPS_PER_UNIT, EXP_TABLE } from './exp-table.js';
import type { GrnnKernel, GrnnTrainingSet } from './types.js';

/** Features are processed four at a time: one fused, unrolled distance pass per group. */
const GROUP = 4;

/**
 * Typed-array GRNN. Features are transposed into float64 columns, padded with zero
 * columns to a multiple of four, so the distance loop is one unrolled pass per four
 * features; distances go to a reused scratch buffer and are shifted by the nearest one
 * (exactly nearest-neighbour as σ → 0, no underflow); the exponential comes from a
 * table (exp-table.ts). One distance pass serves every σ, and with `second` (per-sample
 * values) also its weighted mean at each σ, written after the predictions:
 * out[(sigmas + s)*m + j] (GrnnKernel.predictWithSecond).
 */
export function grnnPredictFast(
  train: GrnnTrainingSet,
  query: Float32Array,
  m: number,
  sigmas: readonly number[],
  second?: Float32Array,
): Float32Array {
  const { n, d } = train;
  const targets = second ? 2 : 1;
  const out = new Float32Array(targets * sigmas.length * m);
  if (n === 0) return out.fill(NaN);
  const columns = paddedColumns(train);
  const y = Float64Array.from(train.y);
  const z = second ? Float64Array.from(second.subarray(0, n)) : null;
  const dist = new Float64Array(n);
  const q = new Float64Array(columns.length);
  const scales = sigmas.map((s) => EXP_STEPS_PER_UNIT / (2 * s * s));
  const limit = EXP_CUTOFF * EXP_STEPS_PER_UNIT;
  for (let j = 0; j < m; j++) {
    for (let k = 0; k < d; k++) q[k] = query[j * d + k];
    let dmin = Infinity;
    for (let g = 0; g < columns.length; g += GROUP) {
      const c0 = columns[g],
        c1 = columns[g + 1],
        c2 = columns[g + 2],
        c3 = columns[g + 3];
      const q0 = q[g],
        q1 = q[g + 1],
        q2 = q[g + 2],
        q3 = q[g + 3];
      const first = g === 0;
      const last = g + GROUP === columns.length;
      for (let i = 0; i < n; i++) {
        const a = c0[i] - q0,
          b = c1[i] - q1,
          c = c2[i] - q2,
          e = c3[i] - q3;
        const s = (first ? 0 : dist[i]) + a * a + b * b + c * c + e * e;
        dist[i] = s;
        if (last && s < dmin) dmin = s;
      }
    }
    for (let s = 0; s < scales.length; s++) {
      const scale = scales[s];
      const offset = dmin * scale;
      let num = 0;
      let den = 0;
      let numZ = 0;
      for (let i = 0; i < n; i++) {
        const t = dist[i] * scale - offset;
        if (t < limit) {
          const idx = t | 0;
          const w = EXP_TABLE[idx] + (t - idx) * (EXP_TABLE[idx + 1] - EXP_TABLE[idx]);
          num += w * y[i];
          den += w;
          if (z) numZ += w * z[i];
        }
      }
      out[s * m + j] = num / den;
      if (z) out[(scales.length + s) * m + j] = numZ / den;
    }
  }
  return out;
}

/** Feature columns in float64, plus zero columns up to a multiple of GROUP. */
function paddedColumns({ x, n, d }: GrnnTrainingSet): Float64Array[] {
  const padded = Math.max(GROUP, Math.ceil(d / GROUP) * GROUP);
  const columns: Float64Array[] = [];
  for (let k = 0; k < padded; k++) {
    const col = new Float64Array(n);
    if (k < d) for (let i = 0; i < n; i++) col[i] = x[i * d + k];
    columns.push(col);
  }
  return columns;
}

export const fastKernel: GrnnKernel = {
  name: 'js',
  predict: (train, query, m, sigmas) => grnnPredictFast(train, query, m, sigmas),
  predictWithSecond: (train, second, query, m, sigma) => grnnPredictFast(train, query, m, [sigma], second),
};
