import { tf } from '../tfjs/backend.js';
import type { GrnnKernel, GrnnTrainingSet } from './types.js';

/** Upper bound on elements of the [queries × samples × features] difference tensor. */
const CHUNK_ELEMENTS = 1 << 22;

/**
 * GRNN on the tfjs tensor core (whatever backend initTfjs started). Squared distances
 * come from explicit differences, not ‖q‖²+‖x‖²−2q·x, which cancels badly in float32;
 * queries are processed in chunks so memory stays bounded.
 */
export function grnnPredictTfjs(train: GrnnTrainingSet, query: Float32Array, m: number, sigmas: readonly number[]): Float32Array {
  const { n, d } = train;
  const out = new Float32Array(sigmas.length * m);
  if (n === 0) return out.fill(NaN);
  const chunk = Math.max(1, Math.floor(CHUNK_ELEMENTS / (n * d)));
  const x = tf.tensor2d(train.x, [n, d]);
  const y = tf.tensor2d(train.y, [n, 1]);
  try {
    for (let start = 0; start < m; start += chunk) {
      const rows = Math.min(chunk, m - start);
      const values = tf.tidy(() => {
        const q = tf.tensor2d(query.subarray(start * d, (start + rows) * d), [rows, d]);
        const diff = tf.sub(tf.expandDims(q, 1), tf.expandDims(x, 0));
        const dist = tf.sum(tf.square(diff), 2);
        const shifted = tf.sub(dist, tf.min(dist, 1, true));
        const perSigma = sigmas.map((sigma) => {
          const w = tf.exp(tf.mul(shifted, -1 / (2 * sigma * sigma)));
          return tf.div(tf.matMul(w, y), tf.sum(w, 1, true));
        });
        return tf.concat(perSigma, 1);
      });
      const data = values.dataSync();
      values.dispose();
      for (let r = 0; r < rows; r++) {
        for (let s = 0; s < sigmas.length; s++) out[s * m + start + r] = data[r * sigmas.length + s];
      }
    }
  } finally {
    x.dispose();
    y.dispose();
  }
  return out;
}

export const tfjsKernel: GrnnKernel = { name: 'tfjs', predict: grnnPredictTfjs };
