import { BPANN_LAYER_OFFSETS } from './types.js';

/**
 * Forward and backward pass of one sample through one 3–5×6–1 network, shared by the
 * gradient-descent and Levenberg–Marquardt kernels. Width-5 dot products written out;
 * all scratch comes from the caller (nothing allocated per sample).
 */

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

/** Scratch of one pass: activations of every layer and two delta rows. */
export interface BpannScratch {
  readonly act: Float64Array;
  readonly d: Float64Array;
  readonly nd: Float64Array;
}

export function bpannScratch(): BpannScratch {
  return { act: new Float64Array(3 + 30), d: new Float64Array(5), nd: new Float64Array(5) };
}

/** Output of the network at P[o…] for the input x[xi…xi+2]; leaves activations in `act`. */
export function forwardSample(P: Float64Array, o: number, x: ArrayLike<number>, xi: number, act: Float64Array): number {
  const x0 = x[xi],
    x1 = x[xi + 1],
    x2 = x[xi + 2];
  act[0] = x0;
  act[1] = x1;
  act[2] = x2;
  for (let j = 0; j < 5; j++) {
    const w = o + 3 * j;
    const z = P[o + FIRST_BIAS + j] + P[w] * x0 + P[w + 1] * x1 + P[w + 2] * x2;
    act[3 + j] = 1 / (1 + Math.exp(-z));
  }
  for (let l = 1; l < 6; l++) {
    const base = o + HIDDEN_BASE + HIDDEN_STRIDE * (l - 1);
    const a = 3 + 5 * (l - 1);
    const a0 = act[a],
      a1 = act[a + 1],
      a2 = act[a + 2],
      a3 = act[a + 3],
      a4 = act[a + 4];
    for (let j = 0; j < 5; j++) {
      const w = base + 5 * j;
      const z = P[base + HIDDEN_BIAS + j] + P[w] * a0 + P[w + 1] * a1 + P[w + 2] * a2 + P[w + 3] * a3 + P[w + 4] * a4;
      act[a + 5 + j] = 1 / (1 + Math.exp(-z));
    }
  }
  const w = o + OUTPUT;
  return (
    P[w + 5] +
    P[w] * act[LAST_HIDDEN] +
    P[w + 1] * act[LAST_HIDDEN + 1] +
    P[w + 2] * act[LAST_HIDDEN + 2] +
    P[w + 3] * act[LAST_HIDDEN + 3] +
    P[w + 4] * act[LAST_HIDDEN + 4]
  );
}

/**
 * Adds e·∂output/∂θ of the sample whose activations `s.act` holds (network at P[o…]) to
 * g[go…go+175]. With e = the residual it accumulates the loss gradient (up to 2/n);
 * with e = 1 into a zeroed row it writes that sample's Jacobian row.
 */
export function backpropSample(P: Float64Array, o: number, e: number, g: Float64Array, go: number, s: BpannScratch): void {
  const { act, d, nd } = s;
  // output layer
  for (let i = 0; i < 5; i++) {
    const a = act[LAST_HIDDEN + i];
    g[go + OUTPUT + i] += e * a;
    d[i] = P[o + OUTPUT + i] * e * a * (1 - a);
  }
  g[go + OUTPUT + 5] += e;
  // hidden layers 5…1, each 5 → 5
  for (let l = 5; l >= 1; l--) {
    const gw = go + HIDDEN_BASE + HIDDEN_STRIDE * (l - 1);
    const w = o + HIDDEN_BASE + HIDDEN_STRIDE * (l - 1);
    const a = 3 + 5 * (l - 1);
    const a0 = act[a],
      a1 = act[a + 1],
      a2 = act[a + 2],
      a3 = act[a + 3],
      a4 = act[a + 4];
    let s0 = 0,
      s1 = 0,
      s2 = 0,
      s3 = 0,
      s4 = 0;
    for (let j = 0; j < 5; j++) {
      const dj = d[j];
      const r = gw + 5 * j;
      g[r] += dj * a0;
      g[r + 1] += dj * a1;
      g[r + 2] += dj * a2;
      g[r + 3] += dj * a3;
      g[r + 4] += dj * a4;
      const q = w + 5 * j;
      s0 += P[q] * dj;
      s1 += P[q + 1] * dj;
      s2 += P[q + 2] * dj;
      s3 += P[q + 3] * dj;
      s4 += P[q + 4] * dj;
      g[gw + HIDDEN_BIAS + j] += dj;
    }
    nd[0] = s0 * a0 * (1 - a0);
    nd[1] = s1 * a1 * (1 - a1);
    nd[2] = s2 * a2 * (1 - a2);
    nd[3] = s3 * a3 * (1 - a3);
    nd[4] = s4 * a4 * (1 - a4);
    d.set(nd);
  }
  // first layer, 3 → 5
  const x0 = act[0],
    x1 = act[1],
    x2 = act[2];
  for (let j = 0; j < 5; j++) {
    const dj = d[j];
    g[go + 3 * j] += dj * x0;
    g[go + 3 * j + 1] += dj * x1;
    g[go + 3 * j + 2] += dj * x2;
    g[go + FIRST_BIAS + j] += dj;
  }
}

/** Training MSE of the network at P[o…] on samples first…first+n−1. */
export function mseOf(
  P: Float64Array,
  o: number,
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  first: number,
  n: number,
  act: Float64Array,
): number {
  let sse = 0;
  for (let s = 0; s < n; s++) {
    const e = forwardSample(P, o, x, (first + s) * 3, act) - y[first + s];
    sse += e * e;
  }
  return sse / n;
}
