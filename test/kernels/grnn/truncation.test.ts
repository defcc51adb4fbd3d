import { describe, expect, it } from 'vitest';
import { nativeGrnnKernel } from '../../../kernels/grnn/native.js';
import { grnnPredictReference } from '../../../kernels/grnn/reference.js';
import type { GrnnTrainingSet } from '../../../kernels/grnn/types.js';
import { nativeAddon } from '../../../kernels/native/load.js';
import { randomSet } from '../../helpers/grnn-sets.js';

const addon = nativeAddon();
const TOLERANCE = 1e-7;
/** One float32 unit in the last place of v: the output's own rounding. */
const ulp = (v: number) => 2 ** (Math.floor(Math.log2(Math.abs(v) || 1e-38)) - 23);

function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

/** n samples at `centre` ± spread in d features, every target `y` ± noise. */
function cluster(seed: number, n: number, centre: number[], spread: number, y: number, noise: number): GrnnTrainingSet {
  const rand = lcg(seed);
  const d = centre.length;
  const x = new Float32Array(n * d).map((_, i) => centre[i % d] + spread * (rand() - 0.5));
  return { x, y: new Float32Array(n).map(() => y + noise * (rand() - 0.5)), n, d };
}

function join(...sets: GrnnTrainingSet[]): GrnnTrainingSet {
  const n = sets.reduce((a, s) => a + s.n, 0);
  const x = new Float32Array(n * sets[0].d);
  const y = new Float32Array(n);
  let at = 0;
  for (const s of sets) {
    x.set(s.x, at * s.d);
    y.set(s.y, at);
    at += s.n;
  }
  return { x, y, n, d: sets[0].d };
}

/**
 * The truncated kernel against the float64 reference: it may differ by what the exact
 * native kernel differs (float32 arithmetic) plus the tolerance of the value plus a few
 * units of float32 rounding (dropping terms changes the partial sums' rounding).
 */
function expectWithinTolerance(train: GrnnTrainingSet, query: Float32Array, m: number, sigmas: number[]) {
  const kernel = nativeGrnnKernel({ threads: 2 })!;
  const reference = grnnPredictReference(train, query, m, sigmas);
  const exact = kernel.predict(train, query, m, sigmas);
  const truncated = kernel.predict(train, query, m, sigmas, TOLERANCE);
  let worst = 0;
  for (let i = 0; i < reference.length; i++) {
    const allowed = Math.abs(exact[i] - reference[i]) + TOLERANCE * Math.abs(reference[i]) + 4 * ulp(reference[i]);
    expect(Math.abs(truncated[i] - reference[i]), `value ${i}`).toBeLessThanOrEqual(allowed);
    worst = Math.max(worst, Math.abs(truncated[i] - exact[i]) / Math.abs(exact[i]));
  }
  return worst;
}

/** Kept share of the blocks per σ since the last call. */
function keptShare(): Map<number, { share: number; resummed: number }> {
  return new Map(addon!.grnnPruneStats().map((s) => [s.sigma, { share: s.kept / s.total, resummed: s.resummed }]));
}

describe.skipIf(!addon)('GRNN native kernel, exact truncation (tolerance 1e-7)', () => {
  it('two tight clusters far apart: skips the far cluster, within the tolerance of the reference', () => {
    const train = join(cluster(1, 500, [0.1, 0.1, 0.1, 0.1], 0.02, 0.1, 0.01), cluster(2, 500, [0.9, 0.8, 0.9, 0.7], 0.02, 0.5, 0.01));
    const query = join(cluster(3, 40, [0.1, 0.1, 0.1, 0.1], 0.05, 0, 0), cluster(4, 40, [0.5, 0.45, 0.5, 0.4], 0.2, 0, 0)).x;
    keptShare();
    expectWithinTolerance(train, query, 80, [0.02, 0.05, 0.1]);
    expect(keptShare().get(0.02)!.share).toBeLessThan(0.75);
  });

  it('many duplicates of one sample among random ones', () => {
    const train = join(cluster(5, 200, [0.3, 0.3, 0.3, 0.3], 0, 0.25, 0.1), randomSet(6, 300, 4));
    const query = join(cluster(7, 30, [0.3, 0.3, 0.3, 0.3], 0.1, 0, 0), randomSet(8, 30, 4)).x;
    expectWithinTolerance(train, query, 60, [0.01, 0.03, 0.1, 0.3]);
  });

  it('one far sample with a large target: kept where it matters, dropped where it does not', () => {
    const far = { x: new Float32Array([1, 1, 1, 1]), y: new Float32Array([100]), n: 1, d: 4 };
    const train = join(cluster(9, 400, [0.1, 0.1, 0.1, 0.1], 0.2, 0.2, 0.05), far);
    const query = join(cluster(10, 30, [0.1, 0.1, 0.1, 0.1], 0.2, 0, 0), cluster(11, 10, [0.9, 0.9, 0.9, 0.9], 0.1, 0, 0)).x;
    expectWithinTolerance(train, query, 40, [0.02, 0.05, 0.2]);
  });

  it('a σ large enough that nothing is dropped gives the exact kernel bit for bit', () => {
    const train = randomSet(12, 700, 4);
    const query = randomSet(13, 50, 4).x;
    const kernel = nativeGrnnKernel({ threads: 1 })!;
    keptShare();
    const truncated = kernel.predict(train, query, 50, [1, 3], TOLERANCE);
    const stats = keptShare();
    expect(stats.get(1)!.share).toBe(1);
    expect(stats.get(3)!.share).toBe(1);
    expect(Buffer.from(truncated.buffer).equals(Buffer.from(kernel.predict(train, query, 50, [1, 3]).buffer))).toBe(true);
  });

  it('sums again in full when the bound cannot hold (a prediction of exactly 0), giving the exact bytes', () => {
    // the far cluster's weights (about 2^−70 each) are dropped, yet not negligible next to ŷ = 0
    const train = join(cluster(14, 300, [0.1, 0.1, 0.1, 0.1], 0.02, 0, 0), cluster(15, 300, [0.35, 0.35, 0.35, 0.35], 0.02, 1, 0));
    const query = cluster(16, 20, [0.1, 0.1, 0.1, 0.1], 0.01, 0, 0).x;
    const kernel = nativeGrnnKernel({ threads: 1 })!;
    keptShare();
    const truncated = kernel.predict(train, query, 20, [0.05], TOLERANCE);
    expect(keptShare().get(0.05)!.resummed).toBe(20);
    expect(Buffer.from(truncated.buffer).equals(Buffer.from(kernel.predict(train, query, 20, [0.05]).buffer))).toBe(true);
  });

  it('bounds the second target (predictWithSecond) the same way', () => {
    const train = join(cluster(17, 400, [0.2, 0.2, 0.2, 0.2], 0.1, 0.3, 0.1), cluster(18, 400, [0.8, 0.7, 0.8, 0.7], 0.1, 0.1, 0.05));
    const second = new Float32Array(train.n).map((_, i) => (i % 7) * 1e-3);
    const query = randomSet(19, 64, 4).x;
    const kernel = nativeGrnnKernel({ threads: 2 })!;
    const exact = kernel.predictWithSecond!(train, second, query, 64, 0.05);
    const truncated = kernel.predictWithSecond!(train, second, query, 64, 0.05, TOLERANCE);
    const referenceZ = grnnPredictReference({ ...train, y: second }, query, 64, [0.05]);
    for (let j = 0; j < 64; j++) {
      const z = referenceZ[j];
      expect(Math.abs(truncated[64 + j] - z)).toBeLessThanOrEqual(Math.abs(exact[64 + j] - z) + TOLERANCE * z + 4 * ulp(z));
    }
  });

  it('gives the same bytes whatever the thread count and SIMD path', () => {
    const train = join(cluster(20, 600, [0.3, 0.6, 0.3, 0.6], 0.3, 0.2, 0.1), randomSet(21, 400, 4));
    const query = randomSet(22, 257, 4).x;
    const sigmas = [0.02, 0.05, 0.1];
    const first = nativeGrnnKernel({ simd: 'baseline', threads: 1 })!.predict(train, query, 257, sigmas, TOLERANCE);
    for (const simd of addon!.simdPaths) {
      for (const threads of [1, 3]) {
        const other = nativeGrnnKernel({ simd, threads })!.predict(train, query, 257, sigmas, TOLERANCE);
        expect(Buffer.from(other.buffer).equals(Buffer.from(first.buffer)), `${simd}, ${threads} threads`).toBe(true);
      }
    }
  });

  it('rejects a negative tolerance', () => {
    const t = randomSet(23, 20, 2);
    expect(() => addon!.grnnPredict(t.x, t.y, 20, 2, t.x, 20, new Float64Array([0.1]), 1, undefined, null, -1)).toThrow(/tolerance/);
  });
});
