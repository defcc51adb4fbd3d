import { ConfigError } from '../../core/errors.js';
import { tf } from '../tfjs/backend.js';
import {
  defaultErrorGoal,
  BPANN_DEFAULTS,
  BPANN_LAYER_OFFSETS,
  BPANN_LAYER_SIZES,
  PARAMS_PER_NETWORK,
  type BpannBatch,
  type BpannKernel,
  type BpannTrainOptions,
  type BpannTrainResult,
} from './types.js';

/**
 * Upper bound on networks × samples trained at once. A step keeps about 7 tensors of
 * [networks × samples × 5] per layer until it ends (activations, deltas), so a chunk
 * peaks near 7·7·5·2¹⁶ floats ≈ 64 MB; networks are independent, so chunking changes no
 * number.
 */
const CHUNK_NETWORK_SAMPLES = 1 << 16;

const LAYERS = BPANN_LAYER_SIZES.length - 1;

/**
 * Full-batch gradient descent of a batch of BPANNs on the tfjs tensor core (whatever
 * backend initTfjs started), in float32: layer l of all networks is one weight tensor
 * [networks, out, in] and one bias tensor [networks, out], and the forward and backward
 * passes are one batched matMul per layer and direction, on the masked MSE (samples
 * s ≥ count[p] weigh 0). Back-propagation is written out with tensor ops rather than
 * tf.grads: tfjs-core alone registers no gradients (only the @tensorflow/tfjs bundle
 * does), and it is a dozen lines.
 * Same steps, stop rule and outputs as bpannTrainGd: a network whose MSE before a step is
 * ≤ the error goal stops there and its parameters no longer change.
 * Levenberg–Marquardt needs a per-network 176×176 solve that this kernel does not batch:
 * asking for it is a ConfigError, not a silent switch of algorithm.
 */
export function bpannTrainTfjs(
  batch: BpannBatch,
  params: Float64Array,
  options: BpannTrainOptions & { history?: boolean } = {},
  chunkNetworkSamples = CHUNK_NETWORK_SAMPLES,
): BpannTrainResult {
  const trainer = options.trainer ?? BPANN_DEFAULTS.trainer;
  if (trainer !== 'gd') {
    throw new ConfigError(
      `the tfjs BPANN kernel trains by gradient descent only: use trainer 'gd' (got '${trainer}'), or the js/native backend for '${trainer}'`,
    );
  }
  const { learningRate, iterations } = { ...BPANN_DEFAULTS, ...options };
  const errorGoal = options.errorGoal ?? defaultErrorGoal('gd');
  const { networks, maxSamples } = batch;
  const result: BpannTrainResult = {
    steps: new Int32Array(networks),
    mse: new Float64Array(networks),
    history: options.history ? new Float32Array(networks * iterations).fill(NaN) : undefined,
  };
  const chunk = Math.max(1, Math.floor(chunkNetworkSamples / Math.max(1, maxSamples)));
  for (let lo = 0; lo < networks; lo += chunk) {
    trainChunk(batch, params, lo, Math.min(networks, lo + chunk), { learningRate, iterations, errorGoal }, result);
  }
  return result;
}

interface GdSettings {
  learningRate: number;
  iterations: number;
  errorGoal: number;
}

/** Trains networks lo…hi−1 of the batch; writes their parameters and results in place. */
function trainChunk(batch: BpannBatch, params: Float64Array, lo: number, hi: number, gd: GdSettings, result: BpannTrainResult): void {
  const P = hi - lo;
  const { steps, mse: mseOut, history } = result;
  const data = uploadSamples(batch, lo, hi);
  let theta = uploadParams(params, lo, hi);
  // active[p] = 1 while network lo+p still trains; a network without samples never does
  const active = new Float32Array(P);
  for (let p = 0; p < P; p++) {
    active[p] = batch.count[lo + p] > 0 ? 1 : 0;
    if (!active[p]) mseOut[lo + p] = NaN;
  }
  try {
    let it = 0;
    for (; it < gd.iterations && active.some((a) => a === 1); it++) {
      const { mse, grads } = tf.tidy(() => mseAndGradient(theta, data));
      const values = mse.dataSync();
      mse.dispose();
      for (let p = 0; p < P; p++) {
        if (!active[p]) continue;
        if (history) history[(lo + p) * gd.iterations + it] = values[p];
        if (values[p] <= gd.errorGoal) {
          active[p] = 0;
          steps[lo + p] = it;
          mseOut[lo + p] = values[p];
        }
      }
      const next = tf.tidy(() => {
        const rate = tf.tensor1d(active.map((a) => a * gd.learningRate));
        return theta.map((t, k) => tf.sub(t, tf.mul(grads[k], broadcastOverRows(rate, t.rank))));
      });
      tf.dispose([...theta, ...grads]);
      theta = next;
    }
    if (active.some((a) => a === 1)) {
      const finalMse = tf.tidy(() => maskedErrors(forward(theta, data.x), data).mse);
      const final = finalMse.dataSync();
      finalMse.dispose();
      for (let p = 0; p < P; p++) {
        if (!active[p]) continue;
        steps[lo + p] = it;
        mseOut[lo + p] = final[p];
      }
    }
    downloadParams(theta, params, lo, hi, steps);
  } finally {
    tf.dispose([...theta, data.x, data.y, data.mask, data.inverseCount]);
  }
}

/** Samples of a chunk of networks; mask[p][s] = 1 for s < count[p]. */
interface SampleTensors {
  x: tf.Tensor3D;
  y: tf.Tensor2D;
  mask: tf.Tensor2D;
  inverseCount: tf.Tensor1D;
}

/** Samples of networks lo…hi−1 as tensors, the padding past count[p] zeroed (it may hold anything, NaN too). */
function uploadSamples(batch: BpannBatch, lo: number, hi: number): SampleTensors {
  const S = batch.maxSamples;
  const P = hi - lo;
  const mask = new Float32Array(P * S);
  const inverseCount = new Float32Array(P);
  for (let p = 0; p < P; p++) {
    const n = batch.count[lo + p];
    mask.fill(1, p * S, p * S + n);
    inverseCount[p] = n > 0 ? 1 / n : 0;
  }
  return tf.tidy(() => {
    const m = tf.tensor2d(mask, [P, S]);
    const keep = tf.cast(m, 'bool');
    return {
      x: tf.where(tf.expandDims(keep, 2), tf.tensor3d(batch.x.subarray(lo * S * 3, hi * S * 3), [P, S, 3]), 0) as tf.Tensor3D,
      y: tf.where(keep, tf.tensor2d(batch.y.subarray(lo * S, hi * S), [P, S]), 0) as tf.Tensor2D,
      mask: m,
      inverseCount: tf.tensor1d(inverseCount),
    };
  });
}

/** Per layer: weights [P, out, in], then biases [P, out] (2·LAYERS tensors). */
function uploadParams(params: Float64Array, lo: number, hi: number): tf.Tensor[] {
  const P = hi - lo;
  const theta: tf.Tensor[] = [];
  for (let l = 0; l < LAYERS; l++) {
    const nIn = BPANN_LAYER_SIZES[l];
    const nOut = BPANN_LAYER_SIZES[l + 1];
    const w = new Float32Array(P * nOut * nIn);
    const b = new Float32Array(P * nOut);
    for (let p = 0; p < P; p++) {
      const o = (lo + p) * PARAMS_PER_NETWORK + BPANN_LAYER_OFFSETS[l];
      w.set(params.subarray(o, o + nOut * nIn), p * nOut * nIn);
      b.set(params.subarray(o + nOut * nIn, o + nOut * (nIn + 1)), p * nOut);
    }
    theta.push(tf.tensor3d(w, [P, nOut, nIn]), tf.tensor2d(b, [P, nOut]));
  }
  return theta;
}

/** Writes back the networks that took a step; the others keep their float64 values exactly. */
function downloadParams(theta: readonly tf.Tensor[], params: Float64Array, lo: number, hi: number, steps: Int32Array): void {
  const P = hi - lo;
  for (let l = 0; l < LAYERS; l++) {
    const nIn = BPANN_LAYER_SIZES[l];
    const nOut = BPANN_LAYER_SIZES[l + 1];
    const w = theta[2 * l].dataSync();
    const b = theta[2 * l + 1].dataSync();
    for (let p = 0; p < P; p++) {
      if (steps[lo + p] === 0) continue;
      const o = (lo + p) * PARAMS_PER_NETWORK + BPANN_LAYER_OFFSETS[l];
      params.set(w.subarray(p * nOut * nIn, (p + 1) * nOut * nIn), o);
      params.set(b.subarray(p * nOut, (p + 1) * nOut), o + nOut * nIn);
    }
  }
}

/** Activations of every layer: [0] the inputs [P, S, 3], [LAYERS] the outputs [P, S, 1]. */
function forward(theta: readonly tf.Tensor[], x: tf.Tensor3D): tf.Tensor3D[] {
  const acts = [x];
  for (let l = 0; l < LAYERS; l++) {
    const z = tf.add(tf.matMul(acts[l], theta[2 * l] as tf.Tensor3D, false, true), tf.expandDims(theta[2 * l + 1], 1)) as tf.Tensor3D;
    acts.push(l === LAYERS - 1 ? z : tf.sigmoid(z));
  }
  return acts;
}

/** Residuals with the padding zeroed [P, S], and every network's MSE [P]. */
function maskedErrors(acts: readonly tf.Tensor3D[], data: SampleTensors): { e: tf.Tensor2D; mse: tf.Tensor1D } {
  const e = tf.mul(tf.sub(tf.squeeze(acts[LAYERS], [2]), data.y), data.mask) as tf.Tensor2D;
  return { e, mse: tf.mul(tf.sum(tf.square(e), 1), data.inverseCount) };
}

/**
 * Every network's MSE and its gradient, per layer as the parameters are laid out:
 * δ = ∂mse/∂z starts at 2e/n on the output; a layer's weight gradient is δᵀ·(its input)
 * summed over samples, its bias gradient Σδ, and δ ← (δ·W) ⊙ a(1 − a) below it.
 */
function mseAndGradient(theta: readonly tf.Tensor[], data: SampleTensors): { mse: tf.Tensor1D; grads: tf.Tensor[] } {
  const acts = forward(theta, data.x);
  const { e, mse } = maskedErrors(acts, data);
  let delta = tf.expandDims(tf.mul(e, tf.expandDims(tf.mul(data.inverseCount, 2), 1)), 2) as tf.Tensor3D;
  const grads: tf.Tensor[] = new Array(2 * LAYERS);
  for (let l = LAYERS - 1; l >= 0; l--) {
    grads[2 * l] = tf.matMul(delta, acts[l], true, false);
    grads[2 * l + 1] = tf.sum(delta, 1);
    if (l > 0) delta = tf.mul(tf.matMul(delta, theta[2 * l] as tf.Tensor3D), tf.mul(acts[l], tf.sub(1, acts[l])));
  }
  return { mse, grads };
}

/** A per-network [P] tensor shaped to broadcast over a [P, …] tensor of the given rank. */
function broadcastOverRows(v: tf.Tensor1D, rank: number): tf.Tensor {
  return tf.reshape(v, [v.shape[0], ...Array.from({ length: rank - 1 }, () => 1)]);
}

/** The tfjs kernel; its name says which tfjs backend runs (`tfjs-wasm`, `tfjs-cpu`, …). */
export const tfjsBpannKernel: BpannKernel = {
  get name() {
    return `tfjs-${tf.getBackend()}`;
  },
  train: bpannTrainTfjs,
};
