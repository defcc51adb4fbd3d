// Every GRNN backend of the registry (each SIMD path, each tfjs backend, the GPU) against
// the float64 reference on the same deterministic cases, within TOLERANCES.grnn.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { grnnPredictReference } from '../../../kernels/grnn/reference.js';
import type { ClosableGrnnKernel } from '../../../src/backends/grnn/grnn-backend.js';
import { GRNN_BACKENDS } from '../../../src/backends/registry.js';
import { conformanceBackends, reportSkipped } from './backends.js';
import { compare, TOLERANCES } from './tolerances.js';
import { HAND, HAND_EXPECTED, randomSet } from '../../helpers/grnn-sets.js';

const { runnable, skipped } = await conformanceBackends(GRNN_BACKENDS);
reportSkipped('GRNN', skipped);

describe.each(runnable)('GRNN conformance: $id', ({ id, family, open }) => {
  const tol = TOLERANCES.grnn[family];
  let kernel: ClosableGrnnKernel;
  let worst = 0;
  /** Asserts `got` within the tolerance of `ref` and keeps the worst difference for the report. */
  const expectNear = (got: ArrayLike<number>, ref: ArrayLike<number>, what: string) => {
    const r = compare(got, ref, tol);
    worst = Math.max(worst, r.worst);
    expect(r.bad, `${what}: entry ${r.bad} is ${got[r.bad]}, the reference ${ref[r.bad]} (tolerance ${JSON.stringify(tol)})`).toBe(-1);
  };
  beforeAll(async () => {
    kernel = await open();
  });
  afterAll(async () => {
    await kernel?.close?.();
    console.info(`GRNN conformance: ${id}: worst |Δ| vs reference ${worst.toExponential(2)}`);
  });

  it('matches the hand-computed two-sample case', () => {
    expectNear(kernel.predict(HAND, new Float32Array([0.25]), 1, [0.5]), [HAND_EXPECTED], 'hand case');
  });

  it('is nearest-neighbour as σ → 0 and the training mean as σ → ∞', () => {
    const train = randomSet(3, 50, 4);
    const query = randomSet(4, 20, 4).x;
    const out = kernel.predict(train, query, 20, [1e-4, 1e4]);
    const mean = train.y.reduce((a, b) => a + b, 0) / train.n;
    const nearest = Array.from({ length: 20 }, (_, j) => {
      let best = 0;
      let bestD = Infinity;
      for (let i = 0; i < train.n; i++) {
        let s = 0;
        for (let k = 0; k < 4; k++) s += (query[j * 4 + k] - train.x[i * 4 + k]) ** 2;
        if (s < bestD) [bestD, best] = [s, i];
      }
      return train.y[best];
    });
    expectNear(out.subarray(0, 20), nearest, 'σ = 1e-4 against the nearest sample');
    expectNear(out.subarray(20), new Array(20).fill(mean), 'σ = 1e4 against the mean');
  });

  it('returns the training target at a training point for small σ', () => {
    const train = randomSet(9, 30, 3);
    expectNear(kernel.predict(train, train.x.slice(0, 3 * 5), 5, [1e-3]), train.y.subarray(0, 5), 'training points');
  });

  it('agrees with the reference on random data, several σ, d = 1…6, sizes off the SIMD widths', () => {
    for (const d of [1, 2, 3, 4, 5, 6]) {
      const n = d === 4 ? 17 : 300;
      const train = randomSet(10 + d, n, d);
      const query = randomSet(20 + d, 97, d).x;
      const sigmas = [0.05, 0.1, 0.3, 1];
      expectNear(kernel.predict(train, query, 97, sigmas), grnnPredictReference(train, query, 97, sigmas), `d = ${d}`);
    }
  });

  it('gives NaN for an empty training set', () => {
    const out = kernel.predict({ x: new Float32Array(0), y: new Float32Array(0), n: 0, d: 4 }, new Float32Array(8), 2, [0.1]);
    expect(Number.isNaN(out[0]) && Number.isNaN(out[1])).toBe(true);
  });

  it("predictWithSecond, where the backend has it: predict's values bit for bit, then the reference's weighted mean of the second target", ({
    skip,
  }) => {
    if (!kernel.predictWithSecond) skip();
    for (const n of [1, 17, 500]) {
      const train = randomSet(60 + n, n, 4);
      const query = randomSet(70 + n, 45, 4).x;
      const second = new Float32Array(n).map((_, i) => 0.001 * ((i * 37) % 11));
      for (const sigma of [0.02, 0.2]) {
        const both = kernel.predictWithSecond!(train, second, query, 45, sigma);
        expect(both.length).toBe(90);
        expect(both.subarray(0, 45)).toEqual(kernel.predict(train, query, 45, [sigma]));
        expectNear(
          both.subarray(45),
          grnnPredictReference({ ...train, y: second }, query, 45, [sigma]),
          `second target, n = ${n}, σ = ${sigma}`,
        );
      }
    }
  });
});
