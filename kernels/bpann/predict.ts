import { BPANN_LAYER_OFFSETS, BPANN_LAYER_SIZES, PARAMS_PER_NETWORK } from './types.js';

/**
 * Outputs of network `network` of `params` for `m` scaled inputs `x[s·3 + k]`, into
 * `out[s]`; a sample with a NaN input gives NaN.
 */
export function bpannPredict(params: Float64Array, network: number, x: ArrayLike<number>, m: number, out: Float64Array): Float64Array {
  const layers = BPANN_LAYER_SIZES.length - 1;
  const a = new Float64Array(8);
  const b = new Float64Array(8);
  const o = network * PARAMS_PER_NETWORK;
  for (let s = 0; s < m; s++) {
    let cur = a,
      next = b;
    for (let k = 0; k < 3; k++) cur[k] = x[s * 3 + k];
    for (let l = 0; l < layers; l++) {
      const nIn = BPANN_LAYER_SIZES[l];
      const nOut = BPANN_LAYER_SIZES[l + 1];
      const w = o + BPANN_LAYER_OFFSETS[l];
      for (let j = 0; j < nOut; j++) {
        let z = params[w + nOut * nIn + j];
        for (let i = 0; i < nIn; i++) z += params[w + j * nIn + i] * cur[i];
        next[j] = l === layers - 1 ? z : 1 / (1 + Math.exp(-z));
      }
      [cur, next] = [next, cur];
    }
    out[s] = cur[0];
  }
  return out;
}
