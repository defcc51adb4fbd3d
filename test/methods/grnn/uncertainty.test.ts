import { beforeAll, describe, expect, it } from 'vitest';
import { fastKernel } from '../../../kernels/grnn/fast.js';
import { nativeGrnnKernel } from '../../../kernels/grnn/native.js';
import { referenceKernel } from '../../../kernels/grnn/reference.js';
import { tfjsKernel } from '../../../kernels/grnn/tfjs.js';
import type { GrnnKernel, GrnnTrainingSet } from '../../../kernels/grnn/types.js';
import { initTfjs } from '../../../kernels/tfjs/backend.js';
import { fitWindowModel } from '../../../src/methods/grnn/fit-window.js';
import { assignFolds, selectFold } from '../../../src/methods/grnn/folds.js';
import { selectModel } from '../../../src/methods/grnn/select.js';
import { predictWithSd } from '../../../src/methods/grnn/uncertainty.js';
import { makeRng } from '../../../core/rng.js';

const native = nativeGrnnKernel({ threads: 2 });
// every kernel, and the fast one without its one-pass method (the two-call path)
const twoCalls: GrnnKernel = { name: 'js-two-calls', predict: fastKernel.predict };
const kernels: GrnnKernel[] = [referenceKernel, fastKernel, twoCalls, tfjsKernel, ...(native ? [native] : [])];
const sdOf = (set: GrnnTrainingSet, sq: Float32Array, q: Float32Array, m: number, sigma: number, kernel: GrnnKernel) =>
  predictWithSd(set, sq, q, m, sigma, kernel).sd;

beforeAll(async () => {
  await initTfjs('cpu');
});

/** Plain second implementation: Σ w·r² / Σ w with Math.exp, no shift, float64. */
function plainSd(set: GrnnTrainingSet, sq: ArrayLike<number>, q: ArrayLike<number>, sigma: number): number {
  let num = 0,
    den = 0;
  for (let i = 0; i < set.n; i++) {
    let d2 = 0;
    for (let k = 0; k < set.d; k++) d2 += (q[k] - set.x[i * set.d + k]) ** 2;
    const w = Math.exp(-d2 / (2 * sigma * sigma));
    num += w * sq[i];
    den += w;
  }
  return Math.sqrt(num / den);
}

function randomSet(seed: number, n: number, d: number): GrnnTrainingSet {
  const rng = makeRng(seed);
  const x = new Float32Array(n * d).map(() => rng.next());
  const y = new Float32Array(n).map((_, i) => 0.2 + 0.1 * Math.sin(6 * x[i * d]) + 0.02 * rng.normal());
  return { x, y, n, d };
}

describe.each(kernels.map((k) => [k.name, k] as const))('predictWithSd on %s', (_name, kernel) => {
  it('two training samples: ŷ and √((w₀r₀² + w₁r₁²)/(w₀ + w₁)) in closed form', () => {
    // x 0 and 1, y 0 and 2, r² 0.01 and 0.04, query 0.25, σ 0.5: w₀ = e^−0.125, w₁ = e^−1.125, w₁/w₀ = 1/e
    const set: GrnnTrainingSet = { x: new Float32Array([0, 1]), y: new Float32Array([0, 2]), n: 2, d: 1 };
    const { prediction, sd } = predictWithSd(set, new Float32Array([0.01, 0.04]), new Float32Array([0.25]), 1, 0.5, kernel);
    expect(prediction[0]).toBeCloseTo(2 / (1 + Math.E), 5);
    expect(sd[0]).toBeCloseTo(Math.sqrt((0.01 * Math.E + 0.04) / (Math.E + 1)), 5);
  });

  it("gives the same predictions, bit for bit, as the kernel's predict", () => {
    const set = randomSet(13, 257, 4);
    const queries = randomSet(14, 33, 4).x;
    const sq = new Float32Array(set.n).map((_, i) => (i % 7) / 700);
    for (const sigma of [0.03, 0.2]) {
      expect(predictWithSd(set, sq, queries, 33, sigma, kernel).prediction).toEqual(kernel.predict(set, queries, 33, [sigma]));
    }
  });

  it('agrees with the plain formula on random data, and is the RMS of r² as σ → ∞', () => {
    const set = randomSet(3, 300, 4);
    const rng = makeRng(4);
    const sq = new Float32Array(set.n).map(() => 0.01 * rng.next() ** 2);
    const queries = randomSet(5, 40, 4).x;
    const sd = sdOf(set, sq, queries, 40, 0.2, kernel);
    for (let j = 0; j < 40; j++) expect(Math.abs(sd[j] - plainSd(set, sq, queries.subarray(j * 4), 0.2))).toBeLessThan(1e-5);
    const rms = Math.sqrt(sq.reduce((a, b) => a + b, 0) / set.n);
    const wide = sdOf(set, sq, queries, 40, 1e4, kernel);
    for (const v of wide) expect(v).toBeCloseTo(rms, 5);
  });
});

describe('held-out residuals of model selection', () => {
  it('are (y − ŷ)² of each sample predicted by the GRNN of the other subsets at the chosen σ (brute force)', () => {
    const set = randomSet(7, 200, 3);
    const fold = assignFolds(set.n, 5, makeRng(8));
    const sigmas = [0.05, 0.2, 1e4];
    const choice = selectModel(set, fold, 5, sigmas, fastKernel);
    const sigma = sigmas[choice.sigmaIndex];
    for (let k = 0; k < 5; k++) {
      const test = selectFold(set, fold, k, true);
      const predicted = referenceKernel.predict(selectFold(set, fold, k, false), test.x, test.n, [sigma]);
      for (let i = 0, j = 0; i < set.n; i++)
        if (fold[i] === k) expect(choice.heldOutSq[i]).toBeCloseTo((test.y[j] - predicted[j++]) ** 2, 6);
    }
  });

  it('as σ → ∞ the sd is the CV RMSE of the samples: each against the mean of the other subsets', () => {
    const set = randomSet(9, 100, 2);
    const fold = assignFolds(set.n, 5, makeRng(10));
    const choice = selectModel(set, fold, 5, [1e6], referenceKernel);
    let sum = 0;
    for (let i = 0; i < set.n; i++) {
      let others = 0,
        count = 0;
      for (let l = 0; l < set.n; l++) if (fold[l] !== fold[i]) [others, count] = [others + set.y[l], count + 1];
      sum += (set.y[i] - others / count) ** 2;
    }
    const sd = sdOf(set, choice.heldOutSq, new Float32Array([0.5, 0.5, 3, 3]), 2, 1e6, referenceKernel);
    expect(sd[0]).toBeCloseTo(Math.sqrt(sum / set.n), 6);
    expect(sd[1]).toBeCloseTo(Math.sqrt(sum / set.n), 6);
  });
});

describe('fitWindowModel uncertainty', () => {
  // Dense samples on [0, 1] where y is smooth, a sparse tail on [2, 4] where it is not.
  function edgeSet(): GrnnTrainingSet {
    const rng = makeRng(21);
    const xs: number[] = [];
    const ys: number[] = [];
    for (let i = 0; i < 400; i++) {
      const x = rng.next();
      xs.push(x, rng.next());
      ys.push(0.2 + 0.05 * x + 0.005 * rng.normal());
    }
    for (let i = 0; i < 12; i++) {
      const x = 2 + 2 * rng.next();
      xs.push(x, rng.next());
      ys.push(0.2 + 0.15 * Math.sin(5 * x));
    }
    return { x: Float32Array.from(xs), y: Float32Array.from(ys), n: ys.length, d: 2 };
  }

  it('a query far from the dense data gets a larger sd than a query inside it', () => {
    const samples = edgeSet();
    const queries = new Float32Array([0.5, 0.5, 5, 0.5]);
    const r = fitWindowModel(
      { samples, queries, m: 2, seed: 1, subsets: 5, sigmas: [0.02, 0.05, 0.1], minSamples: 30, importanceQueries: 0, tolerance: 0 },
      fastKernel,
    );
    expect(r.status).toBe('ok');
    expect(r.sd[0]).toBeLessThan(0.02);
    expect(r.sd[1]).toBeGreaterThan(3 * r.sd[0]);
  });

  it('gives NaN sd where it gives no prediction', () => {
    const samples = randomSet(1, 10, 2);
    const r = fitWindowModel(
      { samples, queries: samples.x, m: 10, seed: 1, subsets: 5, sigmas: [0.1], minSamples: 30, importanceQueries: 0, tolerance: 0 },
      fastKernel,
    );
    expect(r.status).toBe('too-few-samples');
    expect([...r.sd].every(Number.isNaN)).toBe(true);
  });
});
