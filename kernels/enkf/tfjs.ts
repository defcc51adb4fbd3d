import { deriveSeed } from '../../core/rng.js';
import { tf } from '../tfjs/backend.js';
import { makeGaussianStream } from './gaussian-table.js';
import {
  ENKF_FILTER_DEFAULTS,
  STATE_SIZE,
  STREAM_ENKF,
  type EnkfFilterOptions,
  type EnkfInputs,
  type EnkfKernel,
  type EnkfOutputs,
  type EnkfSetup,
} from './types.js';

/** Upper bound on pixels × members × 4 filtered at once (a few such tensors live per day). */
const CHUNK_ELEMENTS = 1 << 20;

/**
 * EnKF on the tfjs tensor core: the ensembles of all pixels are one anomaly tensor
 * [pixels, members, 4] and every analysis is a handful of batched ops over it; the day
 * loop and the per-pixel 4-vectors (mean, variance, pending noise) stay in JS
 * float64, exactly as in enkfRunFast. Keeping the mean apart from the float32 anomalies
 * (τ = τ̄ + A) avoids the cancellation of τ − τ̄ in float32. The perturbations are the
 * very draws of the JS kernel: each pixel's seeded stream, drawn in the same order
 * (4N initial, then per observed day 4N state-noise draws when additive and N
 * observation perturbations) into typed arrays uploaded per day.
 */
export function enkfRunTfjs(
  inputs: EnkfInputs,
  setup: EnkfSetup,
  options: EnkfFilterOptions,
  out: EnkfOutputs,
  chunkElements = CHUNK_ELEMENTS,
): void {
  const settings = { ...ENKF_FILTER_DEFAULTS, ...options };
  const count = setup.pixels.length;
  const chunk = Math.max(1, Math.floor(chunkElements / (settings.members * STATE_SIZE)));
  for (let lo = 0; lo < count; lo += chunk) runChunk(inputs, setup, settings, out, lo, Math.min(count, lo + chunk));
}

/**
 * Per pixel [I·4], in JS float64: ensemble mean, 1/N variance, pending anomaly factor
 * (inflate) and noise variance (additive); [I·16] the 1/N covariance matrix (its
 * off-diagonal entries give the spread of H·τ, out.sd).
 */
interface PixelState {
  mean: Float64Array;
  variance: Float64Array;
  covariance: Float64Array;
  factor: Float64Array;
  pending: Float64Array;
}

/** One analysis day's inputs per pixel (zero where update[i] = 0, scale 1). */
interface AnalysisInputs {
  /** H [I·4]. */
  h: Float32Array;
  /** y − H·τ̄ [I]. */
  innovationBase: Float32Array;
  /** √R·ε [I·N]. */
  draws: Float32Array;
  /** Additive state noise √(pending)·ε [I·N·4], or null (inflate). */
  noise: Float32Array | null;
  /** Anomaly scale: pending noise factor × inflation [I·4]. */
  scale: Float32Array;
  /** 1 where the pixel is updated, else 0 [I]. */
  update: Float32Array;
}

/** Filters setup pixels lo…hi−1 over every day. */
function runChunk(
  inputs: EnkfInputs,
  setup: EnkfSetup,
  settings: typeof ENKF_FILTER_DEFAULTS & EnkfFilterOptions,
  out: EnkfOutputs,
  lo: number,
  hi: number,
): void {
  const I = hi - lo;
  const N = settings.members;
  const gauss = Array.from({ length: I }, (_, i) =>
    makeGaussianStream(deriveSeed(settings.seed, STREAM_ENKF, setup.pixels[lo + i] + (settings.seedOffset ?? 0))),
  );
  const state: PixelState = {
    mean: new Float64Array(I * STATE_SIZE),
    variance: new Float64Array(I * STATE_SIZE),
    covariance: new Float64Array(I * 16),
    factor: new Float64Array(I * STATE_SIZE),
    pending: new Float64Array(I * STATE_SIZE),
  };
  const additive = settings.stateNoiseMode === 'additive';
  let anomalies = initialEnsemble(setup, settings, gauss, lo, hi, state);
  const day: AnalysisInputs = {
    h: new Float32Array(I * STATE_SIZE),
    innovationBase: new Float32Array(I),
    draws: new Float32Array(I * N),
    scale: new Float32Array(I * STATE_SIZE),
    update: new Float32Array(I),
    noise: additive ? new Float32Array(I * N * STATE_SIZE) : null,
  };
  try {
    for (let d = 0; d < inputs.days; d++) {
      if (forecastDay(inputs, setup, settings, lo, d, state, gauss, day, out.fused, out.sd)) {
        const result = tf.tidy(() => analysis(anomalies, day, I, N, settings.obsVariance));
        anomalies.dispose();
        anomalies = result.anomalies;
        applyMoments(result.stats, day.update, state);
      }
      if (out.stateMean) recordState(out, d, setup.pixels.length, lo, state);
      addStateNoise(setup.stateNoise, lo, state, additive);
    }
  } finally {
    anomalies.dispose();
  }
}

/**
 * The initial ensemble initMean + √initVariance·ε of each pixel (per coefficient): its anomalies
 * [I, N, 4] on the tensor core, its mean and variance into `state`.
 */
function initialEnsemble(
  setup: EnkfSetup,
  settings: typeof ENKF_FILTER_DEFAULTS & EnkfFilterOptions,
  gauss: readonly (() => number)[],
  lo: number,
  hi: number,
  state: PixelState,
): tf.Tensor3D {
  const N = settings.members;
  const I = hi - lo;
  const sdInit = setup.initVariance.map(Math.sqrt);
  const ens = new Float32Array(I * N * STATE_SIZE);
  for (let i = 0; i < I; i++) {
    for (let m = 0; m < N; m++) {
      for (let k = 0; k < STATE_SIZE; k++)
        ens[(i * N + m) * STATE_SIZE + k] = setup.initMean[(lo + i) * STATE_SIZE + k] + sdInit[(lo + i) * STATE_SIZE + k] * gauss[i]();
    }
  }
  const { anomalies, stats } = tf.tidy(() => {
    const e = tf.tensor3d(ens, [I, N, STATE_SIZE]);
    const { mean, variance } = tf.moments(e, 1);
    const anomalies = tf.sub(e, tf.expandDims(mean, 1)) as tf.Tensor3D;
    return { anomalies, stats: tf.concat([mean, variance, covarianceRows(anomalies, I, N)], 1) as tf.Tensor2D };
  });
  applyMoments(stats, new Float32Array(I).fill(1), state);
  return anomalies;
}

/**
 * Writes day d's forecast H·τ̄ of every pixel into `fused` (NaN without SMAP, CLM or LST)
 * and fills `day` for the analysis: the next N draws of each pixel with an observation,
 * zeros (and scale 1) for the others. Returns whether any pixel has an observation.
 */
function forecastDay(
  inputs: EnkfInputs,
  setup: EnkfSetup,
  settings: typeof ENKF_FILTER_DEFAULTS & EnkfFilterOptions,
  lo: number,
  d: number,
  state: PixelState,
  gauss: readonly (() => number)[],
  day: AnalysisInputs,
  fused: Float32Array,
  sd: Float32Array | undefined,
): boolean {
  const { smap, clm, lst, obs } = inputs;
  const { members: N, inflation } = settings;
  const { mean, factor, pending } = state;
  const { h, innovationBase, draws, noise, scale, update } = day;
  const sdR = Math.sqrt(settings.obsVariance);
  let anyUpdate = false;
  for (let i = 0; i < update.length; i++) {
    const j = d * inputs.pixels + setup.pixels[lo + i];
    const s = smap[j],
      h0 = s * s,
      h1 = clm[j],
      h2 = lst[j],
      y = obs[j];
    const valid = h0 === h0 && h1 === h1 && h2 === h2;
    const o = i * STATE_SIZE;
    const forecast = h0 * mean[o] + h1 * mean[o + 1] + h2 * mean[o + 2] + mean[o + 3];
    fused[j] = valid ? forecast : NaN;
    if (sd) sd[j] = valid ? forecastSpread(state, i, h0, h1, h2) : NaN;
    const u = valid && y === y ? 1 : 0;
    update[i] = u;
    anyUpdate ||= u === 1;
    h[o] = u ? h0 : 0;
    h[o + 1] = u ? h1 : 0;
    h[o + 2] = u ? h2 : 0;
    h[o + 3] = u;
    for (let k = 0; k < STATE_SIZE; k++) scale[o + k] = u ? factor[o + k] * inflation : 1;
    innovationBase[i] = u ? y - forecast : 0;
    if (noise) {
      const at = i * N * STATE_SIZE;
      if (u)
        for (let m = 0; m < N; m++)
          for (let k = 0; k < STATE_SIZE; k++) noise[at + m * STATE_SIZE + k] = Math.sqrt(pending[o + k]) * gauss[i]();
      else noise.fill(0, at, at + N * STATE_SIZE);
    }
    if (u) for (let m = 0; m < N; m++) draws[i * N + m] = sdR * gauss[i]();
    else draws.fill(0, i * N, (i + 1) * N);
  }
  return anyUpdate;
}

/**
 * sd of H·τ of the forecast ensemble, as enkfRunFast: the variances (pending noise in
 * them) and the covariances scaled by the pending anomaly factors.
 */
function forecastSpread({ variance: v, covariance: c, factor: f }: PixelState, i: number, h0: number, h1: number, h2: number): number {
  const o = i * STATE_SIZE,
    q = i * 16;
  const diag = h0 * h0 * v[o] + h1 * h1 * v[o + 1] + h2 * h2 * v[o + 2] + v[o + 3];
  const off =
    h0 * h1 * c[q + 1] * f[o] * f[o + 1] +
    h0 * h2 * c[q + 2] * f[o] * f[o + 2] +
    h0 * c[q + 3] * f[o] * f[o + 3] +
    h1 * h2 * c[q + 6] * f[o + 1] * f[o + 2] +
    h1 * c[q + 7] * f[o + 1] * f[o + 3] +
    h2 * c[q + 11] * f[o + 2] * f[o + 3];
  return Math.sqrt(Math.max(0, diag + 2 * off));
}

/** [I, 16]: each pixel's 1/N covariance matrix of the anomalies A [I, N, 4], row-major. */
function covarianceRows(A: tf.Tensor3D, I: number, N: number): tf.Tensor2D {
  return tf.reshape(tf.div(tf.matMul(A, A, true, false), N), [I, 16]);
}

/** For each pixel with update[i] = 1: mean += stats[i][0…3], variance = stats[i][4…7], covariance = stats[i][8…23], no pending noise. */
function applyMoments(stats: tf.Tensor2D, update: Float32Array, state: PixelState): void {
  const values = stats.dataSync();
  stats.dispose();
  for (let i = 0; i < update.length; i++) {
    if (!update[i]) continue;
    const row = i * (2 * STATE_SIZE + 16);
    for (let k = 0; k < 16; k++) state.covariance[i * 16 + k] = values[row + 2 * STATE_SIZE + k];
    for (let k = 0; k < STATE_SIZE; k++) {
      const o = i * STATE_SIZE + k;
      state.mean[o] += values[row + k];
      state.variance[o] = values[row + STATE_SIZE + k];
      state.factor[o] = 1;
      state.pending[o] = 0;
    }
  }
}

function recordState(out: EnkfOutputs, d: number, count: number, lo: number, state: PixelState): void {
  const o = (d * count + lo) * STATE_SIZE;
  for (let k = 0; k < state.mean.length; k++) {
    out.stateMean![o + k] = state.mean[k];
    out.stateSpread![o + k] = Math.sqrt(state.variance[k]);
  }
}

/** The forecast to the next day: state noise q as a pending anomaly factor √(1 + q/v) (inflate) or pending variance (additive). */
function addStateNoise(stateNoise: Float64Array, lo: number, state: PixelState, additive: boolean): void {
  const { variance, factor, pending } = state;
  for (let o = 0; o < variance.length; o++) {
    const v = variance[o];
    const q = stateNoise[lo * STATE_SIZE + o];
    if (additive) {
      pending[o] += q;
      variance[o] = v + q;
      continue;
    }
    if (!(v > 0)) continue;
    factor[o] *= Math.sqrt(1 + q / v);
    variance[o] = v + q;
  }
}

/**
 * One analysis of every pixel at once (the gain of eq. 2 with the 1/N covariance of
 * eq. 3, perturbed observations) on the anomalies A [I, N, 4]. Returns the new
 * anomalies and [I, 24]: the change of the mean, the new variance of each
 * coefficient, then the new covariance matrix. A pixel without update has h = 0, hence gain 0, and keeps A exactly.
 */
function analysis(A: tf.Tensor3D, day: AnalysisInputs, I: number, N: number, R: number): { anomalies: tf.Tensor3D; stats: tf.Tensor2D } {
  const { h, innovationBase, draws, noise, scale } = day;
  const scaled = tf.mul(A, tf.tensor3d(scale, [I, 1, STATE_SIZE])) as tf.Tensor3D;
  // additive state noise: the members' mean moves by the draws' mean, kept by the re-centring below
  const a = noise ? (tf.add(scaled, tf.tensor3d(noise, [I, N, STATE_SIZE])) as tf.Tensor3D) : scaled;
  const hA = tf.squeeze(tf.matMul(a, tf.tensor3d(h, [I, STATE_SIZE, 1])), [2]); // H·(τ − τ̄) [I, N]
  const dh = tf.sub(hA, tf.mean(hA, 1, true));
  const hph = tf.mean(tf.square(dh), 1, true); // H·P·Hᵀ [I, 1]
  const phT = tf.div(tf.squeeze(tf.matMul(tf.expandDims(dh, 1), a), [1]), N); // P·Hᵀ [I, 4]
  // divNoNan: without update P·Hᵀ = 0 and H·P·Hᵀ = 0, and R may be 0
  const gain = tf.divNoNan(phT, tf.add(hph, R));
  // y + √R·ε − H·τ per member, with H·τ = H·τ̄ + H·(τ − τ̄)
  const innovation = tf.sub(tf.add(tf.tensor2d(innovationBase, [I, 1]), tf.tensor2d(draws, [I, N])), hA);
  const meanInnovation = tf.mean(innovation, 1, true);
  const updated = tf.add(a, tf.mul(tf.expandDims(gain, 1), tf.expandDims(tf.sub(innovation, meanInnovation), 2)));
  // re-centre the updated pixels: the anomalies' own mean (float32 rounding, which
  // inflation would grow ×1.02 per analysis) moves into the float64 mean, as in
  // enkfRunFast, which recomputes the mean from the members
  const moments = tf.moments(updated, 1);
  const mean = tf.mul(moments.mean, tf.tensor2d(day.update, [I, 1]));
  const anomalies = tf.sub(updated, tf.expandDims(mean, 1)) as tf.Tensor3D;
  const stats = tf.concat(
    [tf.add(tf.mul(gain, meanInnovation), mean), moments.variance, covarianceRows(anomalies, I, N)],
    1,
  ) as tf.Tensor2D;
  return { anomalies, stats };
}

/** The tfjs kernel; its name says which tfjs backend runs (`tfjs-wasm`, `tfjs-cpu`, …). */
export const tfjsEnkfKernel: EnkfKernel = {
  get name() {
    return `tfjs-${tf.getBackend()}`;
  },
  run: enkfRunTfjs,
};
