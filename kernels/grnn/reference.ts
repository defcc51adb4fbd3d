import type { GrnnKernel, GrnnTrainingSet } from './types.js';

/**
 * The plain GRNN formula in float64 with Math.exp: the oracle every fast kernel is
 * tested against. Distances are shifted by the query's nearest distance before the
 * exponential, which cancels in the ratio but keeps small σ from underflowing to 0/0
 * (so σ → 0 is exactly nearest-neighbour).
 */
export function grnnPredictReference(train: GrnnTrainingSet, query: Float32Array, m: number, sigmas: readonly number[]): Float32Array {
  const { x, y, n, d } = train;
  const out = new Float32Array(sigmas.length * m);
  const dist = new Float64Array(n);
  for (let j = 0; j < m; j++) {
    let dmin = Infinity;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let k = 0; k < d; k++) {
        const diff = query[j * d + k] - x[i * d + k];
        s += diff * diff;
      }
      dist[i] = s;
      if (s < dmin) dmin = s;
    }
    sigmas.forEach((sigma, si) => {
      let num = 0;
      let den = 0;
      for (let i = 0; i < n; i++) {
        const w = Math.exp(-(dist[i] - dmin) / (2 * sigma * sigma));
        num += w * y[i];
        den += w;
      }
      out[si * m + j] = n === 0 ? NaN : num / den;
    });
  }
  return out;
}

export const referenceKernel: GrnnKernel = { name: 'reference', predict: grnnPredictReference };
