import { backpropSample, bpannScratch, forwardSample, mseOf } from './backprop.js';
import { bpannTrainLm } from './lm.js';
import {
  defaultErrorGoal,
  BPANN_DEFAULTS,
  PARAMS_PER_NETWORK,
  type BpannBatch,
  type BpannKernel,
  type BpannTrainOptions,
  type BpannTrainResult,
} from './types.js';

/**
 * Typed-array gradient descent for the fixed 3–5×6–1 architecture: every network of the
 * batch trains in one loop over the flat parameter buffer, all scratch allocated once
 * per call (nothing allocated per step or sample). Same arithmetic, in the same order,
 * as the reference, so results agree bitwise.
 */
export function bpannTrainGd(
  batch: BpannBatch,
  P: Float64Array,
  options: BpannTrainOptions & { history?: boolean } = {},
): BpannTrainResult {
  const { learningRate, iterations } = { ...BPANN_DEFAULTS, ...options };
  const errorGoal = options.errorGoal ?? defaultErrorGoal('gd');
  const { networks, maxSamples, count, x, y } = batch;
  const steps = new Int32Array(networks);
  const mseOut = new Float64Array(networks);
  const history = options.history ? new Float32Array(networks * iterations).fill(NaN) : undefined;
  const scratch = bpannScratch();
  const g = new Float64Array(PARAMS_PER_NETWORK);

  for (let p = 0; p < networks; p++) {
    const o = p * PARAMS_PER_NETWORK;
    const n = count[p];
    const first = p * maxSamples;
    if (n === 0) {
      mseOut[p] = NaN;
      continue;
    }
    let it = 0;
    let stopped = false;
    for (; it < iterations; it++) {
      g.fill(0);
      let sse = 0;
      for (let s = 0; s < n; s++) {
        const e = forwardSample(P, o, x, (first + s) * 3, scratch.act) - y[first + s];
        sse += e * e;
        backpropSample(P, o, e, g, 0, scratch);
      }
      const mse = sse / n;
      if (history) history[p * iterations + it] = mse;
      if (mse <= errorGoal) {
        mseOut[p] = mse;
        stopped = true;
        break;
      }
      for (let k = 0; k < PARAMS_PER_NETWORK; k++) P[o + k] -= learningRate * ((2 * g[k]) / n);
    }
    steps[p] = it;
    if (!stopped) mseOut[p] = mseOf(P, o, x, y, first, n, scratch.act);
  }
  return { steps, mse: mseOut, history };
}

/** The typed-array kernel: Levenberg–Marquardt or gradient descent, by `options.trainer`. */
export const fastKernel: BpannKernel = {
  name: 'js',
  train: (batch, params, options = {}) =>
    (options.trainer ?? BPANN_DEFAULTS.trainer) === 'lm' ? bpannTrainLm(batch, params, options) : bpannTrainGd(batch, params, options),
};
