import { beforeAll, describe, expect, it } from 'vitest';
import { fastKernel } from '../../../kernels/enkf/fast.js';
import { enkfRunTfjs, tfjsEnkfKernel } from '../../../kernels/enkf/tfjs.js';
import type { EnkfFilterOptions, EnkfInputs, EnkfKernel, EnkfOutputs, EnkfSetup } from '../../../kernels/enkf/types.js';
import { initTfjs, tf as tfjs } from '../../../kernels/tfjs/backend.js';
import { makeRng } from '../../../core/rng.js';

const PIXELS = 5;

/**
 * A 5-pixel cube whose observations follow eq. 1 with a drifting state, with gaps of
 * every kind: pixel p misses its observation on days where (d + p) % 4 = 0, pixel 2 has
 * none at all, and day 7 has no SMAP anywhere (no fused value, no update).
 */
function cube(DAYS: number): EnkfInputs {
  const rng = makeRng(21);
  const n = DAYS * PIXELS;
  const smap = Float32Array.from({ length: n }, () => 0.05 + 0.35 * rng.next());
  const clm = Float32Array.from({ length: n }, () => 0.1 + 0.25 * rng.next());
  const lst = Float32Array.from({ length: n }, () => 2 * rng.next() - 1);
  const obs = new Float32Array(n);
  for (let j = 0; j < n; j++) {
    const d = Math.floor(j / PIXELS),
      p = j % PIXELS;
    const a1 = 0.8 + 0.004 * d;
    obs[j] = p === 2 || (d + p) % 4 === 0 ? NaN : a1 * smap[j] ** 2 + 0.6 * clm[j] + 0.03 * lst[j] + 0.04 + 0.02 * rng.normal();
  }
  smap.fill(NaN, 7 * PIXELS, 8 * PIXELS);
  return { days: DAYS, pixels: PIXELS, smap, clm, lst, obs };
}

/** Pixels 4, 0, 2, 3 (not in cube order, pixel 1 not filtered), each with its own start. */
function setup(noise: number): EnkfSetup {
  const pixels = Int32Array.from([4, 0, 2, 3]);
  const initMean = Float64Array.from({ length: 16 }, (_, k) => [0.7, 0.5, 0.02, 0.05][k % 4] + 0.01 * Math.floor(k / 4));
  const initVariance = Float64Array.from({ length: 16 }, (_, k) => [1e-4, 4e-4, 1e-6, 1e-4][k % 4]);
  return { pixels, initMean, initVariance, stateNoise: new Float64Array(16).fill(noise) };
}

function run(kernel: EnkfKernel, inputs: EnkfInputs, s: EnkfSetup, options: EnkfFilterOptions): Required<EnkfOutputs> {
  const DAYS = inputs.days;
  const out = {
    fused: new Float32Array(DAYS * PIXELS).fill(-1),
    sd: new Float32Array(DAYS * PIXELS).fill(-1),
    stateMean: new Float32Array(DAYS * 4 * 4),
    stateSpread: new Float32Array(DAYS * 4 * 4),
  };
  kernel.run(inputs, s, options, out);
  return out;
}

/** Largest |a − b| over entries where b is a number; NaN in b must be NaN in a. */
function worstDifference(a: Float32Array, b: Float32Array): number {
  let worst = 0;
  for (let i = 0; i < b.length; i++) {
    if (Number.isNaN(b[i])) expect(a[i]).toBeNaN();
    else worst = Math.max(worst, Math.abs(a[i] - b[i]));
  }
  return worst;
}

describe.each(['cpu', 'wasm'] as const)('EnKF on tfjs-%s', (backend) => {
  beforeAll(async () => {
    await initTfjs(backend);
  });

  it.each(['inflate', 'additive'] as const)(
    'equals the JS kernel within float32 rounding (gaps, inflation, %s state noise, state records)',
    (stateNoiseMode) => {
      const DAYS = 50;
      const inputs = cube(DAYS);
      const s = setup(1e-6);
      const options = { members: 40, obsVariance: 4e-4, inflation: 1.03, stateNoiseMode, seed: 5 };
      const js = run(fastKernel, inputs, s, options);
      const tf = run(tfjsEnkfKernel, inputs, s, options);
      // the outputs are float32 of values ≈ 0.1–0.8: their own rounding is up to 6e-8
      expect(worstDifference(tf.fused, js.fused)).toBeLessThan(3e-7);
      expect(worstDifference(tf.stateMean, js.stateMean)).toBeLessThan(1e-6);
      expect(worstDifference(tf.stateSpread, js.stateSpread)).toBeLessThan(3e-7);
      // the spread of H·τ from float32 covariances (≈ 0.01–0.03 m³/m³)
      expect(worstDifference(tf.sd, js.sd)).toBeLessThan(2e-6);
      // pixel 1 is not filtered: its fused values stay untouched
      for (let d = 0; d < DAYS; d++) expect(tf.fused[d * PIXELS + 1]).toBe(-1);
      // day 7 has no SMAP: no fused value; pixel 2 has no observation: its state never moves
      for (const p of [0, 2, 3, 4]) expect(tf.fused[7 * PIXELS + p]).toBeNaN();
      for (let d = 0; d < DAYS; d++) for (let k = 0; k < 4; k++) expect(tf.stateMean[(d * 4 + 2) * 4 + k]).toBe(tf.stateMean[2 * 4 + k]);
      // and the filter did move the others
      expect(Math.abs(tf.stateMean[(DAYS - 1) * 4 * 4] - tf.stateMean[0])).toBeGreaterThan(1e-3);
    },
  );

  it('stays within float32 rounding of the JS kernel over a year of inflated analyses', () => {
    // inflation grows any error the anomalies carry ×1.02 per analysis (~1.02²⁷⁰ ≈ 200×
    // here): a float32 offset left in them would show as ~1e-5 by December
    const inputs = cube(365);
    const options = { members: 30, inflation: 1.02, seed: 6 };
    const js = run(fastKernel, inputs, setup(1e-6), options);
    const tf = run(tfjsEnkfKernel, inputs, setup(1e-6), options);
    expect(worstDifference(tf.fused, js.fused)).toBeLessThan(3e-7);
    expect(worstDifference(tf.stateMean, js.stateMean)).toBeLessThan(1e-6);
  });

  it('equals the JS kernel with the default options (100 members, no noise, no inflation)', () => {
    const inputs = cube(50);
    const js = run(fastKernel, inputs, setup(0), { seed: 3 });
    const tf = run(tfjsEnkfKernel, inputs, setup(0), { seed: 3 });
    expect(worstDifference(tf.fused, js.fused)).toBeLessThan(3e-7);
  });

  it('filtering in chunks of pixels gives the same numbers as one chunk, and frees its tensors', () => {
    const inputs = cube(50);
    const options = { members: 20, seed: 8, inflation: 1.1 };
    const tensors = tfjs.memory().numTensors;
    const whole = run(tfjsEnkfKernel, inputs, setup(1e-6), options);
    expect(tfjs.memory().numTensors).toBe(tensors); // nothing leaked
    const chunked = run({ name: 'chunked', run: (i, s, o, out) => enkfRunTfjs(i, s, o, out, 20 * 4 * 3) }, inputs, setup(1e-6), options);
    expect(Array.from(chunked.fused)).toEqual(Array.from(whole.fused));
    expect(Array.from(chunked.stateMean)).toEqual(Array.from(whole.stateMean));
  });

  it('is named after the running tfjs backend', () => {
    expect(tfjsEnkfKernel.name).toBe(`tfjs-${backend}`);
  });
});
