import { describe, expect, it } from 'vitest';
import { DIVERGED_FACTOR, keepMembers, memberMeanSd } from '../../../kernels/bpann/ensemble.js';
import { fastKernel } from '../../../kernels/bpann/fast.js';
import { initBpannParams } from '../../../kernels/bpann/init.js';
import { forward } from '../../../kernels/bpann/reference.js';
import { BPANN_LAYER_OFFSETS, BPANN_LAYER_SIZES, PARAMS_PER_NETWORK } from '../../../kernels/bpann/types.js';
import { bpannFuse } from '../../../src/methods/bpann/fuse.js';
import { inProcessTrainer, type BpannTrainer } from '../../../src/methods/bpann/trainer.js';
import type { PixelCube } from '../../../src/cube/pixel-cube.js';
import { PixelStatus } from '../../../src/methods/pixel-cube.js';
import { makeRng } from '../../../core/rng.js';

/** Three pixels × 150 days, observations a smooth function of the inputs plus noise, gaps here and there. */
function cube(): PixelCube {
  const days = 150,
    pixels = 3;
  const rng = makeRng(11);
  const n = days * pixels;
  const smap = Float32Array.from({ length: n }, (_, j) => (j % 13 === 5 ? NaN : 0.15 + 0.25 * rng.next()));
  const clm = Float32Array.from({ length: n }, () => 0.1 + 0.3 * rng.next());
  const lst = Float32Array.from({ length: n }, () => 265 + 30 * rng.next());
  const obs = Float32Array.from({ length: n }, (_, j) =>
    j % 4 === 0 ? NaN : 0.5 * smap[j] + 0.3 * clm[j] + 0.001 * (lst[j] - 280) + 0.01 * rng.normal(),
  );
  return { days, pixels, smap, clm, lst, obs };
}

const OPTIONS = { iterations: 15, seed: 3 };

/** A trainer that keeps a copy of what it returned (the members' trained parameters). */
function spying(): BpannTrainer & { params?: Float64Array } {
  const inner = inProcessTrainer(fastKernel);
  const spy: BpannTrainer & { params?: Float64Array } = {
    backend: inner.backend,
    async train(task) {
      const r = await inner.train(task);
      spy.params = r.params.slice();
      return r;
    },
    close: inner.close,
  };
  return spy;
}

describe('BPANN ensembles', () => {
  it('member 0 of any ensemble is the single network: same seed stream, same weights', () => {
    const five = initBpannParams(7, [4, 9], 5);
    const single = initBpannParams(7, [4, 9]);
    expect(five.subarray(0, PARAMS_PER_NETWORK)).toEqual(single.subarray(0, PARAMS_PER_NETWORK));
    expect(five.subarray(5 * PARAMS_PER_NETWORK, 6 * PARAMS_PER_NETWORK)).toEqual(single.subarray(PARAMS_PER_NETWORK));
    // members differ from each other, and member m of a pixel does not depend on K
    expect(five.subarray(PARAMS_PER_NETWORK, 2 * PARAMS_PER_NETWORK)).not.toEqual(five.subarray(0, PARAMS_PER_NETWORK));
    expect(initBpannParams(7, [9], 3)).toEqual(five.subarray(5 * PARAMS_PER_NETWORK, 8 * PARAMS_PER_NETWORK));
  });

  it('with one member equals the single network trained and run on its own, bit for bit, and has no sd', async () => {
    const c = cube();
    const trainer = spying();
    const r = await bpannFuse(c, trainer, { ...OPTIONS, members: 1 });
    expect(Array.from(r.status)).toEqual([PixelStatus.FUSED, PixelStatus.FUSED, PixelStatus.FUSED]);
    expect(Array.from(r.kept)).toEqual([1, 1, 1]);
    expect(r.sd.every(Number.isNaN)).toBe(true);
    // the same networks from the one-network-per-pixel API give the same trained parameters
    const again = spying();
    const single = await bpannFuse(c, again, { ...OPTIONS, members: 1, pixelRange: [1, 2] });
    expect(again.params).toEqual(trainer.params!.subarray(PARAMS_PER_NETWORK, 2 * PARAMS_PER_NETWORK));
    for (let d = 0; d < c.days; d++)
      expect(Object.is(single.fused[d], r.fused[d * 3 + 1]) || single.fused[d] === r.fused[d * 3 + 1]).toBe(true);
    expect(initBpannParams(3, [1])).toEqual(initBpannParams(3, [0, 1, 2], 1).subarray(PARAMS_PER_NETWORK, 2 * PARAMS_PER_NETWORK));
  });

  it('averages the members and gives their sample sd, as computed from the members directly', async () => {
    const c = cube();
    const K = 4;
    const trainer = spying();
    const r = await bpannFuse(c, trainer, { ...OPTIONS, members: K });
    const p = 2;
    expect(r.kept[p]).toBe(K);
    // the pixel's scaling: min and max over its training days
    const samples = Array.from({ length: c.days }, (_, d) => d).filter((d) =>
      [c.smap, c.clm, c.lst, c.obs].every((v) => !Number.isNaN(v[d * 3 + p])),
    );
    const train = samples.slice(0, Math.round(samples.length * (2 / 3)));
    const range = [c.smap, c.clm, c.lst, c.obs].map((v) => {
      const t = train.map((d) => v[d * 3 + p]);
      return { min: Math.min(...t), max: Math.max(...t) };
    });
    const unit = (x: number, k: number) => (2 * (x - range[k].min)) / (range[k].max - range[k].min) - 1;
    let checked = 0;
    for (let d = 0; d < c.days; d++) {
      const j = d * 3 + p;
      if (Number.isNaN(c.smap[j])) {
        expect(r.fused[j]).toBeNaN();
        continue;
      }
      const x = [unit(c.smap[j], 0), unit(c.clm[j], 1), unit(c.lst[j], 2)];
      const outs = Array.from({ length: K }, (_, m) => {
        const net = Array.from(trainer.params!.subarray((p * K + m) * PARAMS_PER_NETWORK, (p * K + m + 1) * PARAMS_PER_NETWORK));
        const y = forward(net, BPANN_LAYER_SIZES, BPANN_LAYER_OFFSETS, x)[BPANN_LAYER_SIZES.length - 1][0];
        return ((y + 1) * (range[3].max - range[3].min)) / 2 + range[3].min;
      });
      const mean = outs.reduce((s, v) => s + v, 0) / K;
      const sd = Math.sqrt(outs.reduce((s, v) => s + (v - mean) ** 2, 0) / (K - 1));
      expect(r.fused[j]).toBeCloseTo(mean, 6);
      expect(r.sd[j]).toBeCloseTo(sd, 6);
      expect(sd).toBeGreaterThan(1e-5);
      checked++;
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('does not depend on the tile a pixel is fused in', async () => {
    const c = cube();
    const whole = await bpannFuse(c, inProcessTrainer(fastKernel), { ...OPTIONS, members: 3 });
    const tile = await bpannFuse(c, inProcessTrainer(fastKernel), { ...OPTIONS, members: 3, pixelRange: [2, 3] });
    for (let d = 0; d < c.days; d++) {
      expect(tile.fused[d]).toEqual(whole.fused[d * 3 + 2]);
      expect(tile.sd[d]).toEqual(whole.sd[d * 3 + 2]);
    }
  });

  it('bagging trains members on other samples (other outputs), deterministically', async () => {
    const c = cube();
    const run = () => bpannFuse(c, inProcessTrainer(fastKernel), { ...OPTIONS, members: 3, bagging: true });
    const [a, b] = [await run(), await run()];
    expect(a.fused).toEqual(b.fused);
    const plain = await bpannFuse(c, inProcessTrainer(fastKernel), { ...OPTIONS, members: 3 });
    expect(a.fused).not.toEqual(plain.fused);
  });

  it('discards diverged members: a score above twice the median, or not finite', () => {
    const keep = new Uint8Array(6);
    // median of the finite scores 1, 1.2, 0.9, 2.5, 7 is 1.2: limit 2.4
    expect(keepMembers([1, 1.2, 0.9, 2.5, 7, NaN], keep)).toBe(3);
    expect(Array.from(keep)).toEqual([1, 1, 1, 0, 0, 0]);
    expect(DIVERGED_FACTOR).toBe(2);
    // the best member is always kept; none when no score is finite
    expect(keepMembers([5], keep)).toBe(1);
    expect(keepMembers([Infinity, NaN], keep)).toBe(0);
    expect(keepMembers([0.1, 3], keep)).toBe(2); // median 1.55: limit 3.1
  });

  it('the mean and sd of kept members equal a plain computation', () => {
    const pred = Float64Array.from([1, 2, NaN, 3, 5, 0, 100, 100, 100]); // 3 members × 3 samples
    const keep = Uint8Array.from([1, 1, 0]);
    const mean = new Float64Array(3);
    const sd = new Float64Array(3);
    memberMeanSd(pred, keep, 3, 3, mean, sd);
    expect(mean[0]).toBe(2);
    expect(mean[1]).toBe(3.5);
    expect(mean[2]).toBeNaN();
    expect(sd[0]).toBeCloseTo(Math.SQRT2, 12);
    expect(sd[1]).toBeCloseTo(Math.sqrt(4.5), 12);
    memberMeanSd(pred, Uint8Array.from([0, 1, 0]), 3, 3, mean, sd);
    expect(Array.from(mean)).toEqual([3, 5, 0]);
    expect(sd.every(Number.isNaN)).toBe(true);
  });
});
