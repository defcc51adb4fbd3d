import { describe, expect, it } from 'vitest';
import { fastKernel } from '../../../kernels/bpann/fast.js';
import { initBpannParams } from '../../../kernels/bpann/init.js';
import { nativeBpannKernel } from '../../../kernels/bpann/native.js';
import type { BpannBatch, BpannKernel, BpannTrainOptions } from '../../../kernels/bpann/types.js';
import { nativeAddon, nativeUnavailableReason } from '../../../kernels/native/load.js';
import { makeRng } from '../../../core/rng.js';

const native = nativeBpannKernel({ threads: 1 });
if (!native) console.warn(`native BPANN kernel not tested: ${nativeUnavailableReason() || 'the addon has no bpannTrain'}`);
const simdPaths = nativeAddon()?.simdPaths ?? [];

/**
 * Networks with unequal sample counts (one empty, one with a single sample, others not a
 * multiple of the 8-sample block) on a noisy nonlinear target, each holding out `holdout`.
 */
function batchOf(maxSamples: number, holdout: number): BpannBatch {
  const rng = makeRng(17);
  const count = Int32Array.from([maxSamples, maxSamples - 5, 0, maxSamples - 11, 1 + holdout, maxSamples - 1]);
  const networks = count.length;
  const x = new Float32Array(networks * maxSamples * 3).map(() => 2 * rng.next() - 1);
  const y = new Float32Array(networks * maxSamples).map(
    (_, i) => 0.6 * x[3 * i] - 0.4 * x[3 * i + 1] ** 2 + 0.1 * x[3 * i + 2] + 0.05 * rng.normal(),
  );
  return { networks, maxSamples, count, x, y, holdout: Int32Array.from(count, (c) => Math.min(c, holdout)) };
}

function trainWith(kernel: BpannKernel, batch: BpannBatch, options: BpannTrainOptions & { history?: boolean }) {
  const params = initBpannParams(
    4,
    Array.from({ length: batch.networks }, (_, p) => p),
  );
  return { params, ...kernel.train(batch, params, options) };
}

/** Native and JS training agree: same steps, MSE and parameters within `tol` (float64 in a different summation order). */
function expectClose(a: ReturnType<typeof trainWith>, b: ReturnType<typeof trainWith>, tol: number) {
  expect(Array.from(a.steps)).toEqual(Array.from(b.steps));
  a.mse.forEach((v, p) =>
    Number.isNaN(b.mse[p]) ? expect(v).toBeNaN() : expect(Math.abs(v - b.mse[p])).toBeLessThanOrEqual(tol * b.mse[p]),
  );
  let worst = 0;
  a.params.forEach((v, k) => (worst = Math.max(worst, Math.abs(v - b.params[k]))));
  expect(worst).toBeLessThan(tol);
}

describe.skipIf(!native)('BPANN native kernel', () => {
  const batch = batchOf(45, 9);

  it('gradient descent equals the JS kernel on every SIMD path', () => {
    const options: BpannTrainOptions = { trainer: 'gd', iterations: 150, learningRate: 0.05, errorGoal: 0 };
    const js = trainWith(fastKernel, batch, options);
    expect(js.steps[0]).toBe(150);
    for (const simd of simdPaths) expectClose(trainWith(nativeBpannKernel({ simd })!, batch, options), js, 1e-9);
  });

  it('gradient descent stops at the error goal where the JS kernel does', () => {
    const js = trainWith(fastKernel, batch, { trainer: 'gd', iterations: 200, learningRate: 0.05, errorGoal: 0, history: true });
    const goal = js.history![40] * (1 + 1e-9); // network 0's MSE before step 40
    const options: BpannTrainOptions = { trainer: 'gd', iterations: 200, learningRate: 0.05, errorGoal: goal };
    const stopped = trainWith(native!, batch, options);
    expect(stopped.steps[0]).toBe(40);
    expectClose(stopped, trainWith(fastKernel, batch, options), 1e-9);
  });

  it('Levenberg–Marquardt equals the JS kernel, validation stop and kept best included, on every SIMD path', () => {
    const options: BpannTrainOptions = { trainer: 'lm', iterations: 60 };
    const js = trainWith(fastKernel, batch, options);
    expect(Math.min(...js.steps.filter((_, p) => batch.count[p] > 0))).toBeLessThan(60); // some validation stops
    for (const simd of simdPaths) expectClose(trainWith(nativeBpannKernel({ simd })!, batch, options), js, 1e-6);
  });

  it('Levenberg–Marquardt stops at the error goal and without a holdout as the JS kernel', () => {
    const noHoldout = { ...batch, holdout: undefined };
    for (const options of [
      { trainer: 'lm', iterations: 30, errorGoal: 0.01 },
      { trainer: 'lm', iterations: 8 },
    ] as const) {
      expectClose(trainWith(native!, noHoldout, options), trainWith(fastKernel, noHoldout, options), 1e-6);
    }
  });

  it('gives bitwise the same results whatever the thread count', () => {
    for (const trainer of ['gd', 'lm'] as const) {
      const one = trainWith(native!, batch, { trainer, iterations: 20 });
      for (const threads of [2, 3, 8]) expect(trainWith(nativeBpannKernel({ threads })!, batch, { trainer, iterations: 20 })).toEqual(one);
    }
  });

  it('records the per-step training MSE as the JS kernel does, for any thread count', () => {
    for (const [trainer, tol] of [
      ['gd', 1e-9],
      ['lm', 1e-6],
    ] as const) {
      const options = { trainer, iterations: 25, learningRate: 0.05, history: true };
      const js = trainWith(fastKernel, batch, options);
      const nat = trainWith(native!, batch, options);
      expectClose(nat, js, tol);
      expect(nat.history).toHaveLength(js.history!.length);
      let recorded = 0;
      js.history!.forEach((h, i) => {
        if (Number.isNaN(h)) return expect(nat.history![i]).toBeNaN(); // after a stop, and networks without samples
        recorded++;
        // float32 entries of float64 MSEs summed in another order (an LM fit of a few samples reaches ~1e-20)
        expect(Math.abs(nat.history![i] - h)).toBeLessThanOrEqual(Math.max(tol, 1e-7) * h + 1e-12);
      });
      expect(recorded).toBeGreaterThan(batch.networks * 5);
      expect(trainWith(nativeBpannKernel({ threads: 3 })!, batch, options).history).toEqual(nat.history);
    }
  });

  it('refuses counts outside the batch', () => {
    const bad = { ...batch, count: Int32Array.from(batch.count, (c, p) => (p === 3 ? 46 : c)) };
    expect(() => trainWith(native!, bad, {})).toThrow(/network 3 has a count or holdout/);
  });
});
