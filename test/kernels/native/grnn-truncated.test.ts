import { describe, expect, it } from 'vitest';
import { makeRng } from '../../../core/rng.js';
import { nativeTruncatedGrnnKernel, nativeTruncatedStats } from '../../../kernels/grnn/native-truncated.js';
import { grnnPredictReference } from '../../../kernels/grnn/reference.js';
import type { GrnnTrainingSet } from '../../../kernels/grnn/types.js';
import { nativeAddon, nativeUnavailableReason } from '../../../kernels/native/load.js';

/**
 * The truncated native GRNN kernel against the float64 reference on adversarial sets:
 * |truncated − reference| ≤ relTol·|reference| + the float rounding the brute-force native
 * kernel shows on the same case (measured here, per case, times a margin), on every query
 * and σ; and the same bytes on every SIMD path and thread count.
 */
const addon = nativeAddon();
if (!addon) console.warn(`truncated GRNN not tested: ${nativeUnavailableReason()}`);

const SIGMAS = [0.003, 0.02, 0.03, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 5];
const bytes = (a: Float32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

interface Case {
  readonly train: GrnnTrainingSet;
  readonly query: Float32Array;
  readonly m: number;
  readonly second: Float32Array;
}

function make(n: number, d: number, m: number, seed: number, point: (rng: ReturnType<typeof makeRng>, i: number) => number[], query?: (rng: ReturnType<typeof makeRng>) => number[]): Case {
  const rng = makeRng(seed);
  const x = new Float32Array(n * d);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    x.set(point(rng, i), i * d);
    y[i] = 0.05 + 0.4 * rng.next() + 0.3 * x[i * d];
  }
  const q = new Float32Array(m * d);
  for (let j = 0; j < m; j++) q.set(query ? query(rng) : Array.from({ length: d }, () => rng.next()), j * d);
  const second = Float32Array.from({ length: n }, () => rng.next() ** 4);
  return { train: { x, y, n, d }, query: q, m, second };
}

const uniform = (d: number) => (rng: ReturnType<typeof makeRng>) => Array.from({ length: d }, () => rng.next());
const CASES: Record<string, () => Case> = {
  'uniform, n a multiple of 16': () => make(1024, 4, 60, 1, uniform(4)),
  'uniform, n not a multiple of the SIMD width': () => make(1013, 4, 61, 2, uniform(4)),
  'tight clusters': () => make(1500, 4, 50, 3, (rng, i) => Array.from({ length: 4 }, (_, k) => ((i % 5) * 0.2 + 0.1 * k) % 1 + 1e-4 * rng.normal())),
  'exact duplicates': () => make(700, 4, 40, 4, (rng, i) => (i < 600 ? [0.3, 0.3, 0.3, 0.3] : Array.from({ length: 4 }, () => rng.next()))),
  'one far sample, queries beside it': () =>
    make(801, 4, 30, 5, (rng, i) => (i === 800 ? [1, 1, 1, 1] : Array.from({ length: 4 }, () => 0.3 * rng.next())), (rng) => [1 - 0.01 * rng.next(), 1, 1, 0.99]),
  'every sample far from the queries': () => make(900, 4, 30, 6, (rng) => Array.from({ length: 4 }, () => 0.2 * rng.next()), (rng) => Array.from({ length: 4 }, () => 3 + rng.next())),
  'one query (m = 1), d = 3': () => make(2000, 3, 1, 7, uniform(3)),
  'tiny set (n < 16), d = 2': () => make(9, 2, 20, 8, uniform(2)),
  'targets of both signs, mean near 0': () => {
    const c = make(1200, 4, 40, 9, uniform(4));
    const y = c.train.y.map((v, i) => v - 0.4 - 0.1 * c.train.x[i * 4 + 1]);
    return { ...c, train: { ...c.train, y } };
  },
};

/** Largest |got − ref| / |ref| over entries. */
function worstRelative(got: Float32Array, ref: Float32Array): number {
  let worst = 0;
  for (let i = 0; i < ref.length; i++) worst = Math.max(worst, Math.abs(got[i] - ref[i]) / Math.abs(ref[i]));
  return worst;
}

describe.skipIf(!addon)('truncated native GRNN', () => {
  const brute = () => nativeTruncatedGrnnKernel({ relTol: 0, threads: 2 })!;

  describe.each(Object.entries(CASES))('%s', (_name, build) => {
    const c = build();
    const ref = grnnPredictReference(c.train, c.query, c.m, SIGMAS);
    const refSecond = grnnPredictReference({ ...c.train, y: c.second }, c.query, c.m, [0.05]);
    // float32 rounding of the native kernel on this case, and a margin over it
    const rounding = worstRelative(brute().predict(c.train, c.query, c.m, SIGMAS), ref);
    const roundingSecond = worstRelative(brute().predictWithSecond!(c.train, c.second, c.query, c.m, 0.05).subarray(c.m), refSecond);

    it.each([1e-7, 1e-4, 1e-2])('is within relTol %s of the reference (plus float rounding)', (relTol) => {
      const kernel = nativeTruncatedGrnnKernel({ relTol, threads: 2 })!;
      const got = kernel.predict(c.train, c.query, c.m, SIGMAS);
      for (let i = 0; i < ref.length; i++) {
        const err = Math.abs(got[i] - ref[i]);
        expect(err, `σ ${SIGMAS[Math.floor(i / c.m)]}, query ${i % c.m}: ${got[i]} vs ${ref[i]}`).toBeLessThanOrEqual((relTol + 4 * rounding + 2e-7) * Math.abs(ref[i]));
      }
      const both = kernel.predictWithSecond!(c.train, c.second, c.query, c.m, 0.05);
      const single = kernel.predict(c.train, c.query, c.m, [0.05]);
      const err = worstRelative(both.subarray(c.m), refSecond);
      expect(err).toBeLessThanOrEqual(relTol + 4 * roundingSecond + 2e-7);
      // the prediction beside the second target keeps at least as much: within the bound too
      expect(worstRelative(both.subarray(0, c.m), single)).toBeLessThanOrEqual(2 * relTol + 8 * rounding + 4e-7);
    });

    it('gives the same bytes on every SIMD path and thread count', () => {
      const first = nativeTruncatedGrnnKernel({ simd: addon!.simdPaths[0], threads: 1 })!;
      const want = bytes(first.predict(c.train, c.query, c.m, SIGMAS));
      const wantSecond = bytes(first.predictWithSecond!(c.train, c.second, c.query, c.m, 0.05));
      for (const simd of addon!.simdPaths) {
        for (const threads of [1, 2, 3]) {
          const k = nativeTruncatedGrnnKernel({ simd, threads })!;
          expect(bytes(k.predict(c.train, c.query, c.m, SIGMAS)).equals(want), `${simd}, ${threads} threads`).toBe(true);
          expect(bytes(k.predictWithSecond!(c.train, c.second, c.query, c.m, 0.05)).equals(wantSecond), `${simd} second`).toBe(true);
        }
      }
    });
  });

  it('prunes at small σ and keeps everything where nothing may be pruned', () => {
    const c = CASES['uniform, n a multiple of 16']();
    const stats = nativeTruncatedStats(c.train, c.query, c.m, [0.02, 5], { threads: 1 });
    expect(stats.kept[0]).toBeLessThan(0.5 * c.m * c.train.n);
    expect(stats.kept[1]).toBe(c.m * c.train.n);
    // σ so large that every sample is kept: the brute force's value up to the order of the sums
    const got = nativeTruncatedGrnnKernel({ threads: 1 })!.predict(c.train, c.query, c.m, [5]);
    const brute = nativeTruncatedGrnnKernel({ relTol: 0, threads: 1 })!.predict(c.train, c.query, c.m, [5]);
    expect(worstRelative(got, brute)).toBeLessThan(1e-6);
  });

  it('relTol 0 is the brute-force kernel, byte for byte', () => {
    const c = CASES['tight clusters']();
    const k = nativeTruncatedGrnnKernel({ relTol: 0 })!;
    const want = addon!.grnnPredict(c.train.x, c.train.y, c.train.n, c.train.d, c.query, c.m, Float64Array.from(SIGMAS), 2);
    expect(bytes(k.predict(c.train, c.query, c.m, SIGMAS)).equals(bytes(want))).toBe(true);
    // and the addon's truncated function with relTol 0 keeps every sample
    const counts = new Float64Array(SIGMAS.length + 1);
    addon!.grnnPredictTruncated(c.train.x, c.train.y, c.train.n, c.train.d, c.query, c.m, Float64Array.from(SIGMAS), 2, undefined, 0, null, counts);
    for (let s = 0; s < SIGMAS.length; s++) expect(counts[s]).toBe(c.m * c.train.n);
  });

  it('is NaN without samples, and a non-finite query keeps every sample', () => {
    const k = nativeTruncatedGrnnKernel()!;
    expect(Number.isNaN(k.predict({ x: new Float32Array(0), y: new Float32Array(0), n: 0, d: 2 }, new Float32Array(2), 1, [0.1])[0])).toBe(true);
    const c = CASES['uniform, n a multiple of 16']();
    const q = c.query.slice(0, 4);
    q[2] = NaN;
    expect(Number.isNaN(k.predict(c.train, q, 1, [0.1])[0])).toBe(true);
  });
});
