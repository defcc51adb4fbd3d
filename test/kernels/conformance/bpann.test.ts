// Every BPANN backend of the registry against the float64 reference (kernels/bpann/reference.ts,
// gradient descent: the reference has no LM) on the same batches, within TOLERANCES.bpann.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeRng } from '../../../core/rng.js';
import { initBpannParams } from '../../../kernels/bpann/init.js';
import { referenceKernel } from '../../../kernels/bpann/reference.js';
import { PARAMS_PER_NETWORK, type BpannBatch, type BpannKernel, type BpannTrainOptions } from '../../../kernels/bpann/types.js';
import { BPANN_BACKENDS } from '../../../src/backends/registry.js';
import { conformanceBackends, reportSkipped } from './backends.js';
import { compare, TOLERANCES, within } from './tolerances.js';

/** Networks with unequal sample counts (one empty, one of five samples) on a smooth nonlinear target; NaN in the padding. */
function batchOf(maxSamples: number, seed: number): BpannBatch {
  const rng = makeRng(seed);
  const count = Int32Array.from([maxSamples, maxSamples - 7, 0, 5, maxSamples - 13, maxSamples - 1]);
  const networks = count.length;
  const x = new Float32Array(networks * maxSamples * 3).map(() => 2 * rng.next() - 1);
  const y = new Float32Array(networks * maxSamples).map((_, i) => 0.6 * x[3 * i] - 0.4 * x[3 * i + 1] ** 2 + 0.1 * x[3 * i + 2]);
  for (let p = 0; p < networks; p++) {
    x.fill(NaN, (p * maxSamples + count[p]) * 3, (p + 1) * maxSamples * 3);
    y.fill(NaN, p * maxSamples + count[p], (p + 1) * maxSamples);
  }
  return { networks, maxSamples, count, x, y };
}

function train(kernel: BpannKernel, batch: BpannBatch, options: BpannTrainOptions & { history?: boolean }) {
  const params = initBpannParams(
    5,
    Array.from({ length: batch.networks }, (_, p) => p + 1),
  );
  return { params, ...kernel.train(batch, params, options) };
}

const { runnable, skipped } = await conformanceBackends(BPANN_BACKENDS);
reportSkipped('BPANN', skipped);

describe.each(runnable)('BPANN conformance: $id', ({ id, family, open }) => {
  const tol = TOLERANCES.bpann[family];
  let kernel: BpannKernel;
  let worst = 0;
  beforeAll(async () => {
    kernel = await open();
  });
  afterAll(() =>
    console.info(`BPANN conformance: ${id}: worst parameter |Δ| vs reference ${worst.toExponential(2)} of the network's largest`),
  );

  /** Same steps; parameters within tol of each network's largest; MSE (and history) within tol. */
  const expectLikeReference = (got: ReturnType<typeof train>, ref: ReturnType<typeof train>) => {
    expect(Array.from(got.steps)).toEqual(Array.from(ref.steps));
    for (let p = 0; p < ref.steps.length; p++) {
      const o = p * PARAMS_PER_NETWORK;
      const block = ref.params.subarray(o, o + PARAMS_PER_NETWORK);
      const scale = Math.max(...block.map(Math.abs));
      const r = compare(got.params.subarray(o, o + PARAMS_PER_NETWORK), block, tol, scale);
      worst = Math.max(worst, r.worst / scale);
      expect(r.bad, `network ${p}, parameter ${r.bad}`).toBe(-1);
      expect(within(got.mse[p], ref.mse[p], { abs: tol.abs, rel: 10 * tol.rel }), `network ${p} mse ${got.mse[p]} vs ${ref.mse[p]}`).toBe(
        true,
      );
    }
  };

  it('follows the reference for 50 descent steps, unequal counts, an empty network left alone with mse NaN', () => {
    const batch = batchOf(40, 11);
    const options = { trainer: 'gd' as const, learningRate: 0.3, iterations: 50, errorGoal: 0, history: true };
    const ref = train(referenceKernel, batch, options);
    const got = train(kernel, batch, options);
    expectLikeReference(got, ref);
    expect(got.mse[2]).toBeNaN();
    expect(Array.from(got.params.subarray(2 * PARAMS_PER_NETWORK, 3 * PARAMS_PER_NETWORK))).toEqual(Array.from(initBpannParams(5, [3])));
    for (const p of [0, 1, 4, 5]) expect(got.mse[p]).toBeLessThan(ref.history![p * 50]); // it did train
    for (let i = 0; i < ref.history!.length; i++) {
      expect(
        within(got.history![i], ref.history![i], { abs: 1e-12, rel: 10 * tol.rel + 1e-7 }),
        `history ${i}: ${got.history![i]} vs ${ref.history![i]}`,
      ).toBe(true);
    }
  });

  it('stops each network at the error goal where the reference does', () => {
    const batch = batchOf(30, 4);
    const first = train(referenceKernel, batch, { trainer: 'gd', iterations: 1, errorGoal: 0 }).mse;
    // a goal between the networks' starting errors: some stop at once, others train to it
    const errorGoal = [...first].filter((v) => !Number.isNaN(v)).sort((u, v) => u - v)[2] * 0.98;
    const options = { trainer: 'gd' as const, learningRate: 0.2, iterations: 200, errorGoal };
    const ref = train(referenceKernel, batch, options);
    expect(ref.steps.some((s) => s === 0) && ref.steps.some((s) => s > 0 && s < 200)).toBe(true);
    expectLikeReference(train(kernel, batch, options), ref);
  });
});
