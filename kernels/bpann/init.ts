import { deriveSeed, makeRng } from '../../core/rng.js';
import { BPANN_LAYER_OFFSETS, BPANN_LAYER_SIZES, PARAMS_PER_NETWORK } from './types.js';

/** Stream id of BPANN initial weights in deriveSeed(seed, STREAM, pixel). */
const STREAM_BPANN_INIT = 0xb9a1;

/** logsig's active input range is [−4, 4]: initnw spreads each node's net input over it. */
const LOGSIG_ACTIVE_HALF_WIDTH = 4;

/**
 * Nguyen–Widrow initial parameters as MATLAB's initnw makes them for logsig layers: a
 * node's weight row is uniform in [−1, 1] normalised to β = 0.7·S^(1/R) (S nodes, R
 * inputs), the biases spread evenly over [−β, β] (sign of the row's first weight); both
 * are stretched onto logsig's active range [−4, 4] and then mapped from the layer's input
 * range to [−1, 1] (the inputs [−1, 1] after mapminmax, a hidden layer's [0, 1]). Without
 * that stretch a 6-layer logsig stack starts with nearly constant hidden outputs and
 * gradient descent cannot move it. The linear output layer is uniform in [−1, 1]
 * (initnw's fallback, rands). With `members` K networks per pixel, network p·K + m is
 * member m of pixel pixelIds[p]; each draws from its own stream (memberSeed), so a
 * member does not depend on batching, threads, tiles or K, and member 0 is the single
 * network of a one-member run.
 */
export function initBpannParams(seed: number, pixelIds: ArrayLike<number>, members = 1): Float64Array {
  const params = new Float64Array(pixelIds.length * members * PARAMS_PER_NETWORK);
  const layers = BPANN_LAYER_SIZES.length - 1;
  for (let p = 0; p < pixelIds.length * members; p++) {
    const rng = makeRng(memberSeed(seed, pixelIds[Math.floor(p / members)], p % members));
    const uniform = () => 2 * rng.next() - 1;
    const base = p * PARAMS_PER_NETWORK;
    for (let l = 0; l < layers; l++) {
      const nIn = BPANN_LAYER_SIZES[l];
      const nOut = BPANN_LAYER_SIZES[l + 1];
      const w = base + BPANN_LAYER_OFFSETS[l];
      const b = w + nOut * nIn;
      if (l === layers - 1) {
        for (let k = 0; k < nOut * (nIn + 1); k++) params[w + k] = uniform();
        continue;
      }
      const beta = 0.7 * nOut ** (1 / nIn);
      // input range → [−1, 1]: x ↦ scale·x + shift (identity for the first layer)
      const scale = l === 0 ? 1 : 2;
      const shift = l === 0 ? 0 : -1;
      for (let j = 0; j < nOut; j++) {
        const row = Array.from({ length: nIn }, uniform);
        const norm = Math.hypot(...row) || 1;
        const spread = nOut > 1 ? -1 + (2 * j) / (nOut - 1) : 0;
        let bias = LOGSIG_ACTIVE_HALF_WIDTH * beta * spread * Math.sign(row[0]);
        for (let i = 0; i < nIn; i++) {
          const wi = (LOGSIG_ACTIVE_HALF_WIDTH * beta * row[i]) / norm;
          params[w + j * nIn + i] = wi * scale;
          bias += wi * shift;
        }
        params[b + j] = bias;
      }
    }
  }
  return params;
}

/** Seed of member m of pixel `pixel`: member 0 keeps the single network's (seed, pixel) stream. */
export function memberSeed(seed: number, pixel: number, member: number): number {
  return member === 0 ? deriveSeed(seed, STREAM_BPANN_INIT, pixel) : deriveSeed(seed, STREAM_BPANN_INIT, pixel, member);
}
