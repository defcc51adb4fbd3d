import { describe, expect, it } from 'vitest';
import { nativeGrnnKernel } from '../../../kernels/grnn/native.js';
import { grnnPredictReference } from '../../../kernels/grnn/reference.js';
import type { GrnnTrainingSet } from '../../../kernels/grnn/types.js';
import { nativeAddon, nativeUnavailableReason } from '../../../kernels/native/load.js';
import { HAND, HAND_EXPECTED, randomSet } from '../../helpers/grnn-sets.js';

type Predict = (t: GrnnTrainingSet, q: Float32Array, m: number, s: readonly number[]) => Float32Array;

const addon = nativeAddon();
if (!addon) console.warn(`native GRNN kernel not tested: ${nativeUnavailableReason()}`);
// The reference itself on the hand-checked cases; every backend is held against it in
// test/kernels/conformance/grnn.test.ts.
const implementations: [string, Predict][] = [['reference', grnnPredictReference]];

describe.each(implementations)('GRNN %s', (_name, predict) => {
  it('matches the hand-computed two-sample case', () => {
    const out = predict(HAND, new Float32Array([0.25]), 1, [0.5]);
    expect(out[0]).toBeCloseTo(HAND_EXPECTED, 5);
  });

  it('is nearest-neighbour as σ → 0 and the training mean as σ → ∞', () => {
    const train = randomSet(3, 50, 4);
    const query = randomSet(4, 20, 4).x;
    const out = predict(train, query, 20, [1e-4, 1e4]);
    const mean = train.y.reduce((a, b) => a + b, 0) / train.n;
    for (let j = 0; j < 20; j++) {
      let best = 0;
      let bestD = Infinity;
      for (let i = 0; i < train.n; i++) {
        let s = 0;
        for (let k = 0; k < 4; k++) s += (query[j * 4 + k] - train.x[i * 4 + k]) ** 2;
        if (s < bestD) [bestD, best] = [s, i];
      }
      expect(out[j]).toBeCloseTo(train.y[best], 5);
      expect(out[20 + j]).toBeCloseTo(mean, 4);
    }
  });

  it('returns the training target at a training point for small σ', () => {
    const train = randomSet(9, 30, 3);
    const out = predict(train, train.x.slice(0, 3 * 5), 5, [1e-3]);
    for (let j = 0; j < 5; j++) expect(out[j]).toBeCloseTo(train.y[j], 5);
  });

  it('gives NaN for an empty training set', () => {
    const out = predict({ x: new Float32Array(0), y: new Float32Array(0), n: 0, d: 4 }, new Float32Array(8), 2, [0.1]);
    expect(Number.isNaN(out[0]) && Number.isNaN(out[1])).toBe(true);
  });
});

describe.skipIf(!addon)('GRNN native', () => {
  it('gives bitwise the same results whatever the thread count', () => {
    const train = randomSet(31, 1000, 4);
    const query = randomSet(32, 333, 4).x;
    const sigmas = [0.02, 0.1, 0.3];
    for (const simd of addon?.simdPaths ?? []) {
      const one = nativeGrnnKernel({ simd, threads: 1 })!.predict(train, query, 333, sigmas);
      for (const threads of [2, 3, 8]) {
        const many = nativeGrnnKernel({ simd, threads })!.predict(train, query, 333, sigmas);
        expect(Buffer.from(many.buffer).equals(Buffer.from(one.buffer)), `${simd}, ${threads} threads`).toBe(true);
      }
    }
  });

  it('handles training sets that are not a multiple of the SIMD width, and no queries', () => {
    const kernel = nativeGrnnKernel()!;
    for (const n of [1, 15, 17, 33]) {
      const train = randomSet(40 + n, n, 3);
      const query = randomSet(50 + n, 9, 3).x;
      const expected = grnnPredictReference(train, query, 9, [0.05, 0.5]);
      const got = kernel.predict(train, query, 9, [0.05, 0.5]);
      for (let i = 0; i < expected.length; i++) expect(Math.abs(got[i] - expected[i])).toBeLessThan(1e-3);
    }
    expect(kernel.predict(randomSet(1, 10, 2), new Float32Array(0), 0, [0.1]).length).toBe(0);
  });

  it('rejects arrays shorter than n, d and m imply', () => {
    expect(() =>
      addon!.grnnPredict(new Float32Array(3), new Float32Array(2), 2, 2, new Float32Array(2), 1, new Float64Array([0.1]), 1),
    ).toThrow(RangeError);
    const ok = [new Float32Array(4), new Float32Array(2), 2, 2, new Float32Array(2), 1, new Float64Array([0.1]), 1, undefined] as const;
    expect(() => addon!.grnnPredict(...ok, new Float32Array(1))).toThrow(RangeError);
  });
});
