import {
  defaultErrorGoal,
  BPANN_DEFAULTS,
  BPANN_LAYER_SIZES,
  PARAMS_PER_NETWORK,
  layerOffsets,
  type BpannBatch,
  type BpannKernel,
  type BpannTrainOptions,
  type BpannTrainResult,
} from './types.js';

/**
 * Plain reference BPANN: one network at a time, any layer sizes, activations kept per
 * layer as arrays. Loss is MATLAB's `mse`, mean(e²) over the training samples; its
 * gradient (2/n)·Σ e·∂out/∂θ by back-propagation. The fast kernels are tested against it,
 * and it against finite differences.
 */
export function lossAndGradient(
  params: ArrayLike<number>,
  sizes: readonly number[],
  xs: readonly (readonly number[])[],
  ys: readonly number[],
): { mse: number; gradient: number[] } {
  const offsets = layerOffsets(sizes);
  const layers = sizes.length - 1;
  const gradient = new Array<number>(offsets[layers]).fill(0);
  let sse = 0;
  for (let s = 0; s < xs.length; s++) {
    const acts = forward(params, sizes, offsets, xs[s]);
    const e = acts[layers][0] - ys[s];
    sse += e * e;
    let delta = [e];
    for (let l = layers - 1; l >= 0; l--) {
      const nIn = sizes[l];
      const w = offsets[l];
      const b = w + sizes[l + 1] * nIn;
      const below = acts[l];
      const next = new Array<number>(nIn).fill(0);
      for (let j = 0; j < delta.length; j++) {
        for (let i = 0; i < nIn; i++) {
          gradient[w + j * nIn + i] += delta[j] * below[i];
          next[i] += params[w + j * nIn + i] * delta[j];
        }
        gradient[b + j] += delta[j];
      }
      delta = next.map((d, i) => d * below[i] * (1 - below[i]));
    }
  }
  const n = xs.length;
  return { mse: sse / n, gradient: gradient.map((g) => (2 * g) / n) };
}

/** Activations of every layer for one input: hidden logsig, output linear. */
export function forward(params: ArrayLike<number>, sizes: readonly number[], offsets: readonly number[], x: readonly number[]): number[][] {
  const acts = [x.slice()];
  const layers = sizes.length - 1;
  for (let l = 0; l < layers; l++) {
    const nIn = sizes[l];
    const nOut = sizes[l + 1];
    const w = offsets[l];
    const b = w + nOut * nIn;
    const out: number[] = [];
    for (let j = 0; j < nOut; j++) {
      let z = params[b + j];
      for (let i = 0; i < nIn; i++) z += params[w + j * nIn + i] * acts[l][i];
      out.push(l === layers - 1 ? z : 1 / (1 + Math.exp(-z)));
    }
    acts.push(out);
  }
  return acts;
}

/** Full-batch gradient descent of one network (params updated in place). */
export function trainNetwork(
  params: number[],
  sizes: readonly number[],
  xs: readonly (readonly number[])[],
  ys: readonly number[],
  options: BpannTrainOptions = {},
): { steps: number; mse: number; history: number[] } {
  const { learningRate, iterations } = { ...BPANN_DEFAULTS, ...options };
  const errorGoal = options.errorGoal ?? defaultErrorGoal('gd');
  const history: number[] = [];
  for (let it = 0; it < iterations; it++) {
    const { mse, gradient } = lossAndGradient(params, sizes, xs, ys);
    history.push(mse);
    if (mse <= errorGoal) return { steps: it, mse, history };
    for (let k = 0; k < params.length; k++) params[k] -= learningRate * gradient[k];
  }
  return { steps: iterations, mse: lossAndGradient(params, sizes, xs, ys).mse, history };
}

/**
 * The reference as a BpannKernel: each network of the batch trained on its own, by
 * gradient descent only (LM is checked through its Jacobian against finite differences).
 */
export const referenceKernel: BpannKernel = {
  name: 'reference',
  train(batch: BpannBatch, params: Float64Array, options: BpannTrainOptions & { history?: boolean } = {}): BpannTrainResult {
    if ((options.trainer ?? BPANN_DEFAULTS.trainer) !== 'gd') throw new Error("the reference BPANN kernel trains with trainer: 'gd' only");
    const iterations = options.iterations ?? BPANN_DEFAULTS.iterations;
    const steps = new Int32Array(batch.networks);
    const mse = new Float64Array(batch.networks);
    const history = options.history ? new Float32Array(batch.networks * iterations).fill(NaN) : undefined;
    for (let p = 0; p < batch.networks; p++) {
      const xs: number[][] = [];
      const ys: number[] = [];
      for (let s = 0; s < batch.count[p]; s++) {
        const i = p * batch.maxSamples + s;
        xs.push(Array.from(batch.x.subarray(i * 3, i * 3 + 3)));
        ys.push(batch.y[i]);
      }
      const net = Array.from(params.subarray(p * PARAMS_PER_NETWORK, (p + 1) * PARAMS_PER_NETWORK));
      const r = xs.length > 0 ? trainNetwork(net, BPANN_LAYER_SIZES, xs, ys, options) : { steps: 0, mse: NaN, history: [] };
      params.set(net, p * PARAMS_PER_NETWORK);
      steps[p] = r.steps;
      mse[p] = r.mse;
      history?.set(r.history, p * iterations);
    }
    return { steps, mse, history };
  },
};
