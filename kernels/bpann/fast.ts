import {
  BPANN_DEFAULTS, BPANN_LAYER_OFFSETS, PARAMS_PER_NETWORK,
  type BpannBatch, type BpannKernel, type BpannTrainOptions, type BpannTrainResult,
} from './types.js';

/** First hidden layer (3 → 5): weights at 0, biases at 15. */
const FIRST_BIAS = 15;
/** Hidden-to-hidden layers 1…5 (5 → 5): weights at 20 + 30·(l−1), biases 25 further. */
const HIDDEN_BASE = BPANN_LAYER_OFFSETS[1];
const HIDDEN_STRIDE = 30;
const HIDDEN_BIAS = 25;
/** Output layer (5 → 1): weights at 170, bias at 175. */
const OUTPUT = BPANN_LAYER_OFFSETS[6];
/** act[3 + 5·h + j]: node j of hidden layer h; act[0…2]: the inputs. */
const LAST_HIDDEN = 3 + 5 * 5;

/**
 * Typed-array BPANN for the fixed 3–5×6–1 architecture: every network of the batch
 * trains in one loop over the flat parameter buffer, the width-5 dot products written
 * out, all scratch allocated once per call (nothing allocated per step or sample).
 * Same arithmetic, in the same order, as the reference, so results agree bitwise.
 */
export function bpannTrainFast(
  batch: BpannBatch,
  P: Float64Array,
  options: BpannTrainOptions & { history?: boolean } = {},
): BpannTrainResult {
  const { learningRate, iterations, errorGoal } = { ...BPANN_DEFAULTS, ...options };
  const { networks, maxSamples, count, x, y } = batch;
  const steps = new Int32Array(networks);
  const mseOut = new Float64Array(networks);
  const history = options.history ? new Float32Array(networks * iterations).fill(NaN) : undefined;
  const act = new Float64Array(3 + 30);
  const g = new Float64Array(PARAMS_PER_NETWORK);
  const d = new Float64Array(5);
  const nd = new Float64Array(5);

  /** Forward pass of sample s of network at offset o; leaves activations in `act`. */
  const forward = (o: number, xi: number): number => {
    const x0 = x[xi], x1 = x[xi + 1], x2 = x[xi + 2];
    act[0] = x0; act[1] = x1; act[2] = x2;
    for (let j = 0; j < 5; j++) {
      const w = o + 3 * j;
      const z = P[o + FIRST_BIAS + j] + P[w] * x0 + P[w + 1] * x1 + P[w + 2] * x2;
      act[3 + j] = 1 / (1 + Math.exp(-z));
    }
    for (let l = 1; l < 6; l++) {
      const base = o + HIDDEN_BASE + HIDDEN_STRIDE * (l - 1);
      const a = 3 + 5 * (l - 1);
      const a0 = act[a], a1 = act[a + 1], a2 = act[a + 2], a3 = act[a + 3], a4 = act[a + 4];
      for (let j = 0; j < 5; j++) {
        const w = base + 5 * j;
        const z = P[base + HIDDEN_BIAS + j] + P[w] * a0 + P[w + 1] * a1 + P[w + 2] * a2 + P[w + 3] * a3 + P[w + 4] * a4;
        act[a + 5 + j] = 1 / (1 + Math.exp(-z));
      }
    }
    const w = o + OUTPUT;
    return P[w + 5] + P[w] * act[LAST_HIDDEN] + P[w + 1] * act[LAST_HIDDEN + 1] + P[w + 2] * act[LAST_HIDDEN + 2] +
      P[w + 3] * act[LAST_HIDDEN + 3] + P[w + 4] * act[LAST_HIDDEN + 4];
  };

  const mseOf = (o: number, first: number, n: number): number => {
    let sse = 0;
    for (let s = 0; s < n; s++) {
      const e = forward(o, (first + s) * 3) - y[first + s];
      sse += e * e;
    }
    return sse / n;
  };

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
        const e = forward(o, (first + s) * 3) - y[first + s];
        sse += e * e;
        // output layer
        for (let i = 0; i < 5; i++) {
          const a = act[LAST_HIDDEN + i];
          g[OUTPUT + i] += e * a;
          d[i] = P[o + OUTPUT + i] * e * a * (1 - a);
        }
        g[OUTPUT + 5] += e;
        // hidden layers 5…1, each 5 → 5
        for (let l = 5; l >= 1; l--) {
          const gw = HIDDEN_BASE + HIDDEN_STRIDE * (l - 1);
          const w = o + gw;
          const a = 3 + 5 * (l - 1);
          const a0 = act[a], a1 = act[a + 1], a2 = act[a + 2], a3 = act[a + 3], a4 = act[a + 4];
          let s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0;
          for (let j = 0; j < 5; j++) {
            const dj = d[j];
            const r = gw + 5 * j;
            g[r] += dj * a0; g[r + 1] += dj * a1; g[r + 2] += dj * a2; g[r + 3] += dj * a3; g[r + 4] += dj * a4;
            const q = w + 5 * j;
            s0 += P[q] * dj; s1 += P[q + 1] * dj; s2 += P[q + 2] * dj; s3 += P[q + 3] * dj; s4 += P[q + 4] * dj;
            g[gw + HIDDEN_BIAS + j] += dj;
          }
          nd[0] = s0 * a0 * (1 - a0); nd[1] = s1 * a1 * (1 - a1); nd[2] = s2 * a2 * (1 - a2);
          nd[3] = s3 * a3 * (1 - a3); nd[4] = s4 * a4 * (1 - a4);
          d.set(nd);
        }
        // first layer, 3 → 5
        const x0 = act[0], x1 = act[1], x2 = act[2];
        for (let j = 0; j < 5; j++) {
          const dj = d[j];
          g[3 * j] += dj * x0; g[3 * j + 1] += dj * x1; g[3 * j + 2] += dj * x2;
          g[FIRST_BIAS + j] += dj;
        }
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
    if (!stopped) mseOut[p] = mseOf(o, first, n);
  }
  return { steps, mse: mseOut, history };
}

export const fastKernel: BpannKernel = { name: 'js', train: bpannTrainFast };
