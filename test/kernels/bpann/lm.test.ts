import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bpannScratch, forwardSample } from '../../../kernels/bpann/backprop.js';
import { choleskyInPlace, choleskySolve } from '../../../kernels/bpann/cholesky.js';
import { fastKernel } from '../../../kernels/bpann/fast.js';
import { initBpannParams } from '../../../kernels/bpann/init.js';
import { residualJacobian } from '../../../kernels/bpann/lm.js';
import { PARAMS_PER_NETWORK, type BpannBatch } from '../../../kernels/bpann/types.js';
import { addPair, correlationOf, emptyPairMoments, rmseOf } from '../../../kernels/metrics/pair-stats.js';
import { readSiteSeries } from '../../../src/io/site-series.js';
import { bpannFuse, type BpannFuseOptions } from '../../../src/methods/bpann/fuse.js';
import { inProcessTrainer } from '../../../src/methods/bpann/trainer.js';
import { makeRng } from '../../../core/rng.js';

const N = PARAMS_PER_NETWORK;
const series = fileURLToPath(new URL('../../../data/site/series.csv', import.meta.url));

/** Networks with unequal sample counts (and holdouts) on a smooth nonlinear target. */
function batchOf(networks: number, maxSamples: number, holdout = 0): BpannBatch {
  const rng = makeRng(11);
  const count = Int32Array.from({ length: networks }, (_, p) => maxSamples - 7 * p);
  const x = new Float32Array(networks * maxSamples * 3).map(() => 2 * rng.next() - 1);
  const y = new Float32Array(networks * maxSamples).map((_, i) => 0.6 * x[3 * i] - 0.4 * x[3 * i + 1] ** 2 + 0.1 * x[3 * i + 2]);
  return { networks, maxSamples, count, x, y, holdout: new Int32Array(networks).fill(holdout) };
}

describe('BPANN Levenberg–Marquardt', () => {
  it('Cholesky solves a symmetric positive-definite system', () => {
    const a = Float64Array.from([4, 0, 0, 2, 5, 0, 2, 1, 6]); // lower triangle of [[4,2,2],[2,5,1],[2,1,6]]
    expect(choleskyInPlace(a, 3)).toBe(true);
    const x = choleskySolve(a, 3, [8, 8, 9], new Float64Array(3)); // solution [1, 1, 1]
    for (const v of x) expect(v).toBeCloseTo(1, 12);
    expect(choleskyInPlace(Float64Array.from([1, 0, 2, 1]), 2)).toBe(false); // [[1,2],[2,1]] is indefinite
  });

  it('Jacobian rows equal central finite differences of the network output', () => {
    const P = initBpannParams(3, [0]);
    const batch = batchOf(1, 4);
    const e = new Float64Array(4);
    const J = new Float64Array(4 * N);
    const s = bpannScratch();
    residualJacobian(P, 0, batch.x, batch.y, 0, 4, e, J, s);
    const h = 1e-6;
    for (let k = 0; k < N; k++) {
      const up = P.slice();
      up[k] += h;
      const down = P.slice();
      down[k] -= h;
      for (let i = 0; i < 4; i++) {
        const fd = (forwardSample(up, 0, batch.x, i * 3, s.act) - forwardSample(down, 0, batch.x, i * 3, s.act)) / (2 * h);
        expect(Math.abs(J[i * N + k] - fd)).toBeLessThan(1e-8 + 1e-6 * Math.abs(fd));
      }
    }
  });

  it('every accepted step lowers the training MSE', () => {
    const r = fastKernel.train(batchOf(2, 40), initBpannParams(1, [4, 5]), { trainer: 'lm', iterations: 30, errorGoal: 0, history: true });
    for (let p = 0; p < 2; p++) {
      const h = Array.from(r.history!.subarray(p * 30, p * 30 + r.steps[p]));
      expect(h.length).toBeGreaterThan(5);
      for (let i = 1; i < h.length; i++) expect(h[i]).toBeLessThan(h[i - 1]);
      expect(r.mse[p]).toBeLessThan(h[h.length - 1]);
    }
  });

  it('a batch trains the same networks as training them one by one, holdouts included', () => {
    const batch = batchOf(3, 30, 4);
    const ids = [2, 7, 1];
    const together = initBpannParams(5, ids);
    const all = fastKernel.train(batch, together, { trainer: 'lm', iterations: 40, errorGoal: 0 });
    for (let p = 0; p < 3; p++) {
      const alone = initBpannParams(5, [ids[p]]);
      const one: BpannBatch = {
        networks: 1,
        maxSamples: 30,
        count: batch.count.slice(p, p + 1),
        holdout: batch.holdout!.slice(p, p + 1),
        x: batch.x.slice(p * 90, p * 90 + 90),
        y: batch.y.slice(p * 30, p * 30 + 30),
      };
      const r = fastKernel.train(one, alone, { trainer: 'lm', iterations: 40, errorGoal: 0 });
      expect(Array.from(alone)).toEqual(Array.from(together.subarray(p * N, (p + 1) * N)));
      expect(r.steps[0]).toBe(all.steps[p]);
    }
  });
});

describe('BPANN on the bundled site sample', () => {
  const fuse = async (options: BpannFuseOptions) => {
    const site = await readSiteSeries(series);
    return { site, r: await bpannFuse(site.cube, inProcessTrainer(fastKernel), options) };
  };

  it('LM reaches a lower training MSE in 20 steps than gradient descent (SPEC lr 0.01) in 1000', async () => {
    const lm = (await fuse({ trainer: 'lm', iterations: 20, errorGoal: 0, holdoutShare: 0 })).r;
    const gd = (await fuse({ trainer: 'gd', iterations: 1000, errorGoal: 0 })).r;
    expect(gd.steps[0]).toBe(1000);
    expect(lm.mse[0]).toBeLessThan(gd.mse[0] / 5);
  });

  it('with the validation stop, the fused series beats each input in validation RMSE, and on average over seeds in R', async () => {
    const seeds = [0, 1, 2, 3, 4, 5, 6, 7];
    const stats = (est: ArrayLike<number>, obs: ArrayLike<number>, from: number) => {
      const m = emptyPairMoments();
      for (let d = from; d < obs.length; d++) {
        if (Number.isFinite(est[d]) && Number.isFinite(obs[d])) addPair(m, est[d], obs[d]);
      }
      return { r: correlationOf(m), rmse: rmseOf(m) };
    };
    let meanR = 0;
    let inputs: { r: number; rmse: number }[] = [];
    for (const seed of seeds) {
      const { site, r } = await fuse({ trainer: 'lm', errorGoal: 0, seed });
      const { cube } = site;
      // compare on the same days: those the fused series covers
      const masked = (v: ArrayLike<number>) => Float64Array.from(v, (x, d) => (Number.isNaN(r.fused[d]) ? NaN : x));
      inputs = [cube.smap, cube.clm].map((v) => stats(masked(v), cube.obs, r.splitDay[0]));
      const fused = stats(r.fused, cube.obs, r.splitDay[0]);
      for (const input of inputs) expect(fused.rmse).toBeLessThan(input.rmse);
      meanR += fused.r / seeds.length;
    }
    for (const input of inputs) expect(meanR).toBeGreaterThan(input.r);
  });
});
