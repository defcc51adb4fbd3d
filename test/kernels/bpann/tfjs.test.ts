import { beforeAll, describe, expect, it } from 'vitest';
import { bpannTrainGd } from '../../../kernels/bpann/fast.js';
import { initBpannParams } from '../../../kernels/bpann/init.js';
import { bpannTrainTfjs, tfjsBpannKernel } from '../../../kernels/bpann/tfjs.js';
import { BPANN_LAYER_OFFSETS, PARAMS_PER_NETWORK, type BpannBatch } from '../../../kernels/bpann/types.js';
import { initTfjs, tf as tfjs } from '../../../kernels/tfjs/backend.js';
import { ConfigError } from '../../../core/errors.js';
import { makeRng } from '../../../core/rng.js';

/** Networks with unequal sample counts on a smooth nonlinear target; NaN in the padding. */
function batchOf(networks: number, maxSamples: number, seed = 11): BpannBatch {
  const rng = makeRng(seed);
  const count = Int32Array.from({ length: networks }, (_, p) => maxSamples - ((7 * p) % maxSamples));
  const x = new Float32Array(networks * maxSamples * 3).map(() => 2 * rng.next() - 1);
  const y = new Float32Array(networks * maxSamples).map((_, i) => 0.6 * x[3 * i] - 0.4 * x[3 * i + 1] ** 2 + 0.1 * x[3 * i + 2]);
  for (let p = 0; p < networks; p++) {
    x.fill(NaN, (p * maxSamples + count[p]) * 3, (p + 1) * maxSamples * 3);
    y.fill(NaN, p * maxSamples + count[p], (p + 1) * maxSamples);
  }
  return { networks, maxSamples, count, x, y };
}

const OUTPUT = BPANN_LAYER_OFFSETS[6];
const LAST_HIDDEN = BPANN_LAYER_OFFSETS[5];

// Every tfjs backend that ships with smfuse, on the same inputs.
describe.each(['cpu', 'wasm'] as const)('BPANN on tfjs-%s', (backend) => {
  beforeAll(async () => {
    await initTfjs(backend);
  });

  it('one hand-computed step: only the output layer and the last hidden node 0 move', () => {
    // Network 0: every weight 0 but output weight 0 (= 1), so every hidden node is
    // sigmoid(0) = 1/2 and the output is 1/2. Samples y = 0, 1/4: e = 1/2, 1/4, mean 3/8,
    // mse = (1/4 + 1/16)/2 = 5/32. Gradients of the mse: output bias 2·3/8 = 3/4, output
    // weights 2·mean(e/2) = 3/8; last hidden node 0 (δ = e·1·(1/2)(1/2)): weights
    // 2·mean(δ/2) = 3/32, bias 2·mean(δ) = 3/16; every other gradient is 0 (the weights
    // into them are 0). Step 1/2: all values dyadic, so float32 has them exactly.
    // Network 1: one sample that it already fits (mse 0 ≤ goal): it must not move.
    const batch: BpannBatch = {
      networks: 2,
      maxSamples: 2,
      count: Int32Array.from([2, 1]),
      x: Float32Array.from([0.3, -0.2, 0.9, 1, -1, 0.5, 0.1, 0.2, 0.3, NaN, NaN, NaN]),
      y: Float32Array.from([0, 0.25, 0.5, NaN]),
    };
    const params = new Float64Array(2 * PARAMS_PER_NETWORK);
    params[OUTPUT] = 1;
    params[PARAMS_PER_NETWORK + OUTPUT] = 1;
    const r = bpannTrainTfjs(batch, params, { trainer: 'gd', learningRate: 0.5, iterations: 1, errorGoal: 0.1, history: true });

    const expected = new Float64Array(PARAMS_PER_NETWORK);
    expected.fill(-0.1875, OUTPUT, OUTPUT + 5);
    expected[OUTPUT] = 1 - 0.1875;
    expected[OUTPUT + 5] = -0.375;
    expected.fill(-0.046875, LAST_HIDDEN, LAST_HIDDEN + 5);
    expected[LAST_HIDDEN + 25] = -0.09375;
    expect(Array.from(params.subarray(0, PARAMS_PER_NETWORK))).toEqual(Array.from(expected));
    const untouched = new Float64Array(PARAMS_PER_NETWORK);
    untouched[OUTPUT] = 1;
    expect(Array.from(params.subarray(PARAMS_PER_NETWORK))).toEqual(Array.from(untouched));

    expect(Array.from(r.steps)).toEqual([1, 0]);
    expect(r.history![0]).toBe(5 / 32);
    expect(r.history![1]).toBe(0);
    expect(r.mse[1]).toBe(0);
    // after the step: hidden node 0 of the last layer is σ(−3/32 + 5·(−3/64)/2), the rest 1/2
    const h0 = 1 / (1 + Math.exp(0.09375 + 0.1171875));
    const out = -0.375 + (1 - 0.1875) * h0 - 0.1875 * 2;
    expect(r.mse[0]).toBeCloseTo(((out - 0) ** 2 + (out - 0.25) ** 2) / 2, 6);
  });

  // float32 rounds each value by ≤ 6e-8 relative; a step's gradient sums ≤ 40 samples
  // through 7 layers (≈ 1e-6 relative error), and 50 steps add ≈ 50 such errors of a
  // step far smaller than the weights: parameters agree to ~1e-6 of the network's
  // largest one (measured 5e-7 on cpu and wasm), checked at 1e-5
  it('follows the float64 kernel for 50 steps (params within 1e-5 of their size), unequal counts', () => {
    const batch = batchOf(6, 40);
    const ids = [1, 2, 3, 4, 5, 6];
    const a = initBpannParams(5, ids);
    const b = a.slice();
    const options = { trainer: 'gd' as const, learningRate: 0.3, iterations: 50, errorGoal: 0, history: true };
    const js = bpannTrainGd(batch, a, options);
    const tf = bpannTrainTfjs(batch, b, options);
    expect(Array.from(tf.steps)).toEqual(Array.from(js.steps));
    for (let p = 0; p < 6; p++) {
      const o = p * PARAMS_PER_NETWORK;
      let scale = 0,
        worst = 0;
      for (let k = 0; k < PARAMS_PER_NETWORK; k++) {
        scale = Math.max(scale, Math.abs(a[o + k]));
        worst = Math.max(worst, Math.abs(a[o + k] - b[o + k]));
      }
      expect(worst / scale).toBeLessThan(1e-5);
      expect(Math.abs(tf.mse[p] - js.mse[p]) / js.mse[p]).toBeLessThan(1e-4);
      expect(js.mse[p]).toBeLessThan(js.history![p * 50]); // it did train
    }
    for (let i = 0; i < js.history!.length; i++) expect(tf.history![i]).toBeCloseTo(js.history![i], 5);
  });

  it('stops each network at its error goal as the float64 kernel does', () => {
    const batch = batchOf(5, 30, 4);
    const a = initBpannParams(9, [0, 1, 2, 3, 4]);
    const b = a.slice();
    // a goal between the networks' starting errors: some stop at once, others train to it
    const first = bpannTrainGd(batch, a.slice(), { trainer: 'gd', iterations: 1, errorGoal: 0 }).mse;
    const errorGoal = [...first].sort((u, v) => u - v)[2] * 0.98;
    const options = { trainer: 'gd' as const, learningRate: 0.2, iterations: 200, errorGoal };
    const js = bpannTrainGd(batch, a, options);
    const tf = bpannTrainTfjs(batch, b, options);
    expect(Array.from(tf.steps)).toEqual(Array.from(js.steps));
    expect(js.steps.some((s) => s === 0) && js.steps.some((s) => s > 0 && s < 200)).toBe(true);
    for (let p = 0; p < 5; p++) {
      expect(tf.mse[p]).toBeCloseTo(js.mse[p], 5);
      if (js.steps[p] === 0) {
        const o = p * PARAMS_PER_NETWORK;
        expect(Array.from(b.subarray(o, o + PARAMS_PER_NETWORK))).toEqual(Array.from(a.subarray(o, o + PARAMS_PER_NETWORK)));
      }
    }
  });

  it('training in chunks of networks gives the same numbers as one chunk, and frees its tensors', () => {
    const batch = batchOf(5, 20);
    const whole = initBpannParams(3, [0, 1, 2, 3, 4]);
    const chunked = whole.slice();
    const options = { trainer: 'gd' as const, iterations: 20, errorGoal: 0.02, history: true };
    const tensors = tfjs.memory().numTensors;
    const a = bpannTrainTfjs(batch, whole, options);
    const b = bpannTrainTfjs(batch, chunked, options, 2 * 20); // 2 networks a chunk
    expect(tfjs.memory().numTensors).toBe(tensors); // nothing leaked
    expect(Array.from(chunked)).toEqual(Array.from(whole));
    expect(Array.from(b.steps)).toEqual(Array.from(a.steps));
    expect(Array.from(b.mse)).toEqual(Array.from(a.mse));
    expect(Array.from(b.history!)).toEqual(Array.from(a.history!));
  });

  it('a network without samples is left alone with mse NaN', () => {
    const batch = batchOf(2, 10);
    const empty: BpannBatch = { ...batch, count: Int32Array.from([0, 10]) };
    const params = initBpannParams(1, [0, 1]);
    const before = params.slice();
    const r = bpannTrainTfjs(empty, params, { trainer: 'gd', iterations: 5, errorGoal: 0 });
    expect(r.steps[0]).toBe(0);
    expect(r.mse[0]).toBeNaN();
    expect(Array.from(params.subarray(0, PARAMS_PER_NETWORK))).toEqual(Array.from(before.subarray(0, PARAMS_PER_NETWORK)));
    expect(r.steps[1]).toBe(5);
  });

  it('rejects Levenberg–Marquardt (the default trainer) with a ConfigError', () => {
    const batch = batchOf(1, 10);
    expect(() => tfjsBpannKernel.train(batch, initBpannParams(0, [0]))).toThrow(ConfigError);
    expect(() => tfjsBpannKernel.train(batch, initBpannParams(0, [0]), { trainer: 'lm' })).toThrow(/gradient descent only/);
  });

  it('is named after the running tfjs backend', () => {
    expect(tfjsBpannKernel.name).toBe(`tfjs-${backend}`);
  });
});
