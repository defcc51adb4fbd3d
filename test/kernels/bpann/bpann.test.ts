import { describe, expect, it } from 'vitest';
import { fastKernel } from '../../../kernels/bpann/fast.js';
import { initBpannParams } from '../../../kernels/bpann/init.js';
import { lossAndGradient } from '../../../kernels/bpann/reference.js';
import { BPANN_LAYER_SIZES, PARAMS_PER_NETWORK, type BpannBatch } from '../../../kernels/bpann/types.js';
import { makeRng } from '../../../core/rng.js';

/** Networks with unequal sample counts on a smooth nonlinear target. */
function batchOf(networks: number, maxSamples: number): BpannBatch {
  const rng = makeRng(11);
  const count = Int32Array.from({ length: networks }, (_, p) => maxSamples - 7 * p);
  const x = new Float32Array(networks * maxSamples * 3).map(() => 2 * rng.next() - 1);
  const y = new Float32Array(networks * maxSamples).map((_, i) => 0.6 * x[3 * i] - 0.4 * x[3 * i + 1] ** 2 + 0.1 * x[3 * i + 2]);
  return { networks, maxSamples, count, x, y };
}

describe('BPANN kernels', () => {
  it('has the paper architecture: 3 → 6 × 5 → 1, 176 parameters', () => {
    expect(BPANN_LAYER_SIZES).toEqual([3, 5, 5, 5, 5, 5, 5, 1]);
    expect(PARAMS_PER_NETWORK).toBe(20 + 5 * 30 + 6);
  });

  it('back-propagated gradients match central finite differences', () => {
    const params = Array.from(initBpannParams(3, [0]));
    const rng = makeRng(5);
    const xs = Array.from({ length: 25 }, () => [0, 1, 2].map(() => 2 * rng.next() - 1));
    const ys = xs.map((x) => 0.3 * x[0] - 0.2 * x[1] * x[2]);
    const { gradient } = lossAndGradient(params, BPANN_LAYER_SIZES, xs, ys);
    const h = 1e-6;
    for (let k = 0; k < params.length; k++) {
      const up = params.slice();
      up[k] += h;
      const down = params.slice();
      down[k] -= h;
      const fd = (lossAndGradient(up, BPANN_LAYER_SIZES, xs, ys).mse - lossAndGradient(down, BPANN_LAYER_SIZES, xs, ys).mse) / (2 * h);
      expect(Math.abs(gradient[k] - fd)).toBeLessThan(1e-7 + 1e-5 * Math.abs(fd));
    }
  });

  it('a batch trains the same networks (gradient descent) as training them one by one', () => {
    const batch = batchOf(4, 30);
    const ids = [3, 1, 4, 1];
    const together = initBpannParams(2, ids);
    fastKernel.train(batch, together, { trainer: 'gd', iterations: 50 });
    for (let p = 0; p < 4; p++) {
      const alone = initBpannParams(2, [ids[p]]);
      const one: BpannBatch = {
        networks: 1,
        maxSamples: 30,
        count: batch.count.slice(p, p + 1),
        x: batch.x.slice(p * 90, p * 90 + 90),
        y: batch.y.slice(p * 30, p * 30 + 30),
      };
      fastKernel.train(one, alone, { trainer: 'gd', iterations: 50 });
      expect(Array.from(alone)).toEqual(Array.from(together.subarray(p * PARAMS_PER_NETWORK, (p + 1) * PARAMS_PER_NETWORK)));
    }
  });

  it('stops at the error goal and reports the steps taken', () => {
    const batch = batchOf(1, 30);
    const r = fastKernel.train(batch, initBpannParams(0, [0]), { errorGoal: 10 });
    expect(r.steps[0]).toBe(0);
    expect(r.mse[0]).toBeLessThanOrEqual(10);
  });

  it('initial weights depend on (seed, pixel) only', () => {
    const a = initBpannParams(7, [5, 9]);
    const b = initBpannParams(7, [9]);
    expect(Array.from(a.subarray(PARAMS_PER_NETWORK))).toEqual(Array.from(b));
    expect(Array.from(initBpannParams(8, [9]))).not.toEqual(Array.from(b));
  });
});
