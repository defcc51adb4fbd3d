import { describe, expect, it } from 'vitest';
import { fastKernel } from '../../../kernels/grnn/fast.js';
import { referenceKernel } from '../../../kernels/grnn/reference.js';
import type { GrnnTrainingSet } from '../../../kernels/grnn/types.js';
import { pairStats } from '../../../kernels/metrics/pair-stats.js';
import { fitWindowModel, type WindowModelTask } from '../../../src/methods/grnn/fit-window.js';
import { assignFolds, selectFold } from '../../../src/methods/grnn/folds.js';
import { applyScaler, fitScaler } from '../../../src/methods/grnn/scaling.js';
import { selectModel } from '../../../src/methods/grnn/select.js';
import { makeRng } from '../../../core/rng.js';

/** y depends on features 0 and 1 only; 2 is noise, 3 is constant. */
function makeSet(seed: number, n: number): GrnnTrainingSet {
  const rng = makeRng(seed);
  const x = new Float32Array(n * 4);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    x[i * 4] = 10 * rng.next();
    x[i * 4 + 1] = rng.next();
    x[i * 4 + 2] = rng.next();
    x[i * 4 + 3] = 4500;
    y[i] = 0.2 + 0.1 * Math.sin(x[i * 4] / 2) + 0.05 * x[i * 4 + 1] + 0.005 * rng.normal();
  }
  return { x, y, n, d: 4 };
}

function task(samples: GrnnTrainingSet, seed: number, queries = makeSet(99, 200)): WindowModelTask {
  return {
    samples,
    queries: queries.x,
    m: queries.n,
    seed,
    subsets: 5,
    sigmas: [0.01, 0.03, 0.1, 0.3, 1],
    minSamples: 30,
    tolerance: 0,
    importanceQueries: 100,
  };
}

describe('folds', () => {
  it('splits into k subsets whose sizes differ by at most one, reproducibly', () => {
    const f1 = assignFolds(103, 5, makeRng(1));
    const sizes = [0, 0, 0, 0, 0];
    for (const f of f1) sizes[f]++;
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    expect(assignFolds(103, 5, makeRng(1))).toEqual(f1);
    expect(assignFolds(103, 5, makeRng(2))).not.toEqual(f1);
  });
});

describe('selectModel', () => {
  it('picks the σ with the best mean test R and the subset with the best R at it (brute force check)', () => {
    const set = makeSet(5, 400);
    const scaled = { ...set, x: applyScaler(fitScaler(set.x, set.n, 4), set.x, set.n, 4) };
    const fold = assignFolds(set.n, 5, makeRng(7));
    const sigmas = [0.01, 0.05, 0.2, 1];
    const choice = selectModel(scaled, fold, 5, sigmas, fastKernel);
    // Second, plain implementation: the reference kernel, one σ at a time.
    const r: number[][] = [];
    for (let k = 0; k < 5; k++) {
      const train = selectFold(scaled, fold, k, false);
      const test = selectFold(scaled, fold, k, true);
      r.push(sigmas.map((s) => pairStats(referenceKernel.predict(train, test.x, test.n, [s]), test.y).r));
    }
    const means = sigmas.map((_, s) => r.reduce((acc, row) => acc + row[s], 0) / 5);
    const bestSigma = means.indexOf(Math.max(...means));
    const bestFold = r.map((row) => row[bestSigma]).indexOf(Math.max(...r.map((row) => row[bestSigma])));
    expect(choice.sigmaIndex).toBe(bestSigma);
    expect(choice.fold).toBe(bestFold);
    expect(choice.testR).toBeCloseTo(r[bestFold][bestSigma], 4);
    expect(choice.testR).toBeGreaterThan(0.9);
  });
});

describe('fitWindowModel', () => {
  it('is byte-identical for the same seed and differs for another seed', () => {
    const set = makeSet(11, 300);
    const a = fitWindowModel(task(set, 42), fastKernel);
    const b = fitWindowModel(task(set, 42), fastKernel);
    const c = fitWindowModel(task(set, 43), fastKernel);
    expect(Buffer.from(a.prediction.buffer)).toEqual(Buffer.from(b.prediction.buffer));
    expect(a.sigma).toBe(b.sigma);
    expect(Buffer.from(c.prediction.buffer)).not.toEqual(Buffer.from(a.prediction.buffer));
  });

  it('predicts unseen queries of a smooth function well and ranks the informative feature first', () => {
    const queries = makeSet(77, 200);
    const out = fitWindowModel(task(makeSet(12, 600), 1, queries), fastKernel);
    expect(out.status).toBe('ok');
    expect(pairStats(out.prediction, queries.y).r).toBeGreaterThan(0.95);
    const imp = Array.from(out.importanceSumSq);
    expect(imp[0]).toBe(Math.max(...imp));
    expect(imp[3]).toBe(0); // a constant feature is scaled to 0 everywhere: dropping it changes nothing
    expect(out.importanceCount).toBe(100);
  });

  it('leaves a window with too few samples as NaN with a status, never a crash', () => {
    const out = fitWindowModel(task(makeSet(3, 20), 1), fastKernel);
    expect(out.status).toBe('too-few-samples');
    expect(out.prediction.every(Number.isNaN)).toBe(true);
  });
});

describe('fitWindowModel on the tfjs tensor core', () => {
  it('chooses the same σ and predicts the same values as the typed-array kernel (float32 tolerance)', async () => {
    const { initTfjs } = await import('../../../kernels/tfjs/backend.js');
    const { tfjsKernel } = await import('../../../kernels/grnn/tfjs.js');
    await initTfjs('cpu');
    const t = task(makeSet(21, 250), 9, makeSet(22, 60));
    const js = fitWindowModel(t, fastKernel);
    const tf = fitWindowModel(t, tfjsKernel);
    expect(tf.sigma).toBe(js.sigma);
    expect(tf.testR).toBeCloseTo(js.testR, 3);
    for (let j = 0; j < t.m; j++) expect(Math.abs(tf.prediction[j] - js.prediction[j])).toBeLessThan(1e-3);
    // the sd through two tfjs calls, against the js kernel's one pass
    for (let j = 0; j < t.m; j++) expect(Math.abs(tf.sd[j] - js.sd[j])).toBeLessThan(1e-4 + 1e-3 * js.sd[j]);
  });
});
