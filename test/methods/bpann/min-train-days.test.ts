import { describe, expect, it } from 'vitest';
import { fastKernel } from '../../../kernels/bpann/fast.js';
import { bpannFuse } from '../../../src/methods/bpann/fuse.js';
import { inProcessTrainer } from '../../../src/methods/bpann/trainer.js';
import type { PixelCube } from '../../../src/cube/pixel-cube.js';
import { PixelStatus } from '../../../src/methods/pixel-cube.js';

/**
 * One pixel, 200 days of inputs; observations on 48 days, 3 of which lack SMAP: 45
 * sample days, so the 2:1 split trains on round(45 · 2/3) = 30 of them, whatever the
 * number of rows.
 */
function cube(): PixelCube {
  const days = 200;
  const smap = Float32Array.from({ length: days }, (_, d) => (d === 10 || d === 14 || d === 18 ? NaN : 0.2 + 0.001 * d));
  const clm = Float32Array.from({ length: days }, (_, d) => 0.25 + 0.0005 * d);
  const lst = Float32Array.from({ length: days }, (_, d) => 270 + (d % 30));
  const obs = Float32Array.from({ length: days }, (_, d) => (d % 4 === 2 && d < 192 ? 0.22 + 0.001 * d : NaN));
  return { days, pixels: 1, smap, clm, lst, obs };
}

describe('BPANN minTrainDays', () => {
  it('counts the training days that have every input and an observation, not rows', async () => {
    const c = cube();
    expect(c.obs.filter((v) => !Number.isNaN(v))).toHaveLength(48);
    const trainer = inProcessTrainer(fastKernel);
    const run = (minTrainDays: number) => bpannFuse(c, trainer, { minTrainDays, iterations: 2 });
    const enough = await run(30);
    expect(enough.status[0]).toBe(PixelStatus.FUSED);
    // the 31st sample day (index 30) opens the validation period
    const samples = Array.from({ length: 200 }, (_, d) => d).filter((d) => !Number.isNaN(c.obs[d]) && !Number.isNaN(c.smap[d]));
    expect(enough.splitDay[0]).toBe(samples[30]);
    expect((await run(31)).status[0]).toBe(PixelStatus.TOO_FEW_OBS);
  });
});
