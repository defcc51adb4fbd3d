import type { GrnnTrainingSet } from '../../kernels/grnn/types.js';

/** A seeded training set of n samples in d features, targets a smooth function of them plus noise. */
export function randomSet(seed: number, n: number, d: number): GrnnTrainingSet {
  let state = seed >>> 0;
  const rand = () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  const x = new Float32Array(n * d).map(rand);
  const y = new Float32Array(n).map((_, i) => Math.sin(3 * x[i * d]) + x[i * d + (d - 1)] + 0.1 * rand());
  return { x, y, n, d };
}

// Hand case: 1-D samples at 0 and 1 with targets 0 and 2, query at 0.25, σ = 0.5.
// w0 = exp(−0.0625/0.5) = exp(−0.125), w1 = exp(−0.5625/0.5) = exp(−1.125)
// ŷ = 2·w1/(w0 + w1) = 2/(1 + e) = 0.537882842739990
export const HAND: GrnnTrainingSet = { x: new Float32Array([0, 1]), y: new Float32Array([0, 2]), n: 2, d: 1 };
export const HAND_EXPECTED = 2 / (1 + Math.E);
