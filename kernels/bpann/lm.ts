import { backpropSample, bpannScratch, forwardSample, mseOf, type BpannScratch } from './backprop.js';
import { choleskyInPlace, choleskySolve } from './cholesky.js';
import {
  defaultErrorGoal,
  BPANN_DEFAULTS,
  PARAMS_PER_NETWORK,
  type BpannBatch,
  type BpannTrainOptions,
  type BpannTrainResult,
} from './types.js';

/** MATLAB trainlm's defaults: μ, its factors on success and failure, its ceiling, min_grad. */
export const LM_SETTINGS = { mu: 1e-3, muDec: 0.1, muInc: 10, muMax: 1e10, muMin: 1e-20, minGrad: 1e-7, maxFail: 6 } as const;

const N = PARAMS_PER_NETWORK;

/**
 * Residuals e[s] = output − target and Jacobian rows J[s·N + k] = ∂output_s/∂θ_k of the
 * network at P[o…] on samples first…first+n−1 (back-propagation seeded with 1 per
 * sample). Returns the MSE.
 */
export function residualJacobian(
  P: Float64Array,
  o: number,
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  first: number,
  n: number,
  e: Float64Array,
  J: Float64Array,
  scratch: BpannScratch,
): number {
  J.fill(0, 0, n * N);
  let sse = 0;
  for (let s = 0; s < n; s++) {
    e[s] = forwardSample(P, o, x, (first + s) * 3, scratch.act) - y[first + s];
    sse += e[s] * e[s];
    backpropSample(P, o, 1, J, s * N, scratch);
  }
  return sse / n;
}

/**
 * Levenberg–Marquardt, one network after another (each is independent): per epoch solve
 * (JᵀJ + μI)·δ = −Jᵀe by Cholesky in float64; accept δ if it lowers the MSE (μ ÷ 10),
 * else μ × 10 and retry. Stops at the error goal, after `iterations` accepted steps,
 * when μ passes 1e10, when the MSE gradient norm (2/n)‖Jᵀe‖ < 1e-7, or on the
 * validation stop of `batch.holdout`. All buffers are allocated once per call.
 */
export function bpannTrainLm(
  batch: BpannBatch,
  P: Float64Array,
  options: BpannTrainOptions & { history?: boolean } = {},
): BpannTrainResult {
  const iterations = options.iterations ?? BPANN_DEFAULTS.iterations;
  const errorGoal = options.errorGoal ?? defaultErrorGoal('lm');
  const { networks, maxSamples, count, x, y } = batch;
  const steps = new Int32Array(networks);
  const mseOut = new Float64Array(networks);
  const history = options.history ? new Float32Array(networks * iterations).fill(NaN) : undefined;
  const scratch = bpannScratch();
  const J = new Float64Array(maxSamples * N);
  const e = new Float64Array(maxSamples);
  const jtj = new Float64Array(N * N);
  const chol = new Float64Array(N * N);
  const jte = new Float64Array(N);
  const step = new Float64Array(N);
  const trial = new Float64Array(N);
  const best = new Float64Array(N);

  for (let p = 0; p < networks; p++) {
    const o = p * N;
    const watched = batch.holdout?.[p] ?? 0;
    const n = count[p] - watched;
    const first = p * maxSamples;
    if (n <= 0) {
      mseOut[p] = NaN;
      continue;
    }
    const watchedMse = () => (watched > 0 ? mseOf(P, o, x, y, first + n, watched, scratch.act) : 0);
    let bestWatched = watchedMse();
    let bestAt = 0;
    best.set(P.subarray(o, o + N));
    let mu: number = LM_SETTINGS.mu;
    let mse = residualJacobian(P, o, x, y, first, n, e, J, scratch);
    let it = 0;
    for (; it < iterations; it++) {
      if (history) history[p * iterations + it] = mse;
      if (mse <= errorGoal || (watched > 0 && it - bestAt >= LM_SETTINGS.maxFail)) break;
      if ((2 / n) * normalEquations(J, e, n, jtj, jte) < LM_SETTINGS.minGrad) break;
      let accepted = false;
      for (; mu <= LM_SETTINGS.muMax; mu *= LM_SETTINGS.muInc) {
        chol.set(jtj);
        for (let k = 0; k < N; k++) chol[k * N + k] += mu;
        if (!choleskyInPlace(chol, N)) continue;
        choleskySolve(chol, N, jte, step);
        for (let k = 0; k < N; k++) trial[k] = P[o + k] - step[k];
        if (mseOf(trial, 0, x, y, first, n, scratch.act) < mse) {
          P.set(trial, o);
          mu = Math.max(mu * LM_SETTINGS.muDec, LM_SETTINGS.muMin);
          accepted = true;
          break;
        }
      }
      if (!accepted) break;
      mse = residualJacobian(P, o, x, y, first, n, e, J, scratch);
      const w = watchedMse();
      if (w < bestWatched) {
        bestWatched = w;
        bestAt = it + 1;
        best.set(P.subarray(o, o + N));
      }
    }
    steps[p] = it;
    if (watched > 0 && bestAt < it) {
      P.set(best, o);
      mse = mseOf(P, o, x, y, first, n, scratch.act);
    }
    mseOut[p] = mse;
  }
  return { steps, mse: mseOut, history };
}

/** Lower triangle of JᵀJ and Jᵀe over n rows; returns ‖Jᵀe‖. */
function normalEquations(J: Float64Array, e: Float64Array, n: number, jtj: Float64Array, jte: Float64Array): number {
  jtj.fill(0);
  jte.fill(0);
  for (let s = 0; s < n; s++) {
    const r = s * N;
    const es = e[s];
    for (let i = 0; i < N; i++) {
      const ji = J[r + i];
      jte[i] += ji * es;
      const ri = i * N;
      for (let j = 0; j <= i; j++) jtj[ri + j] += ji * J[r + j];
    }
  }
  let sq = 0;
  for (let i = 0; i < N; i++) sq += jte[i] * jte[i];
  return Math.sqrt(sq);
}
