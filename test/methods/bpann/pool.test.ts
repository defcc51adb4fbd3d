import { describe, expect, it } from 'vitest';
import { fastKernel } from '../../../kernels/bpann/fast.js';
import type { BpannBatch } from '../../../kernels/bpann/types.js';
import { bpannFuse } from '../../../src/methods/bpann/fuse.js';
import { inProcessTrainer, type BpannTrainer } from '../../../src/methods/bpann/trainer.js';
import type { PixelCube } from '../../../src/cube/pixel-cube.js';
import { PixelStatus } from '../../../src/methods/pixel-cube.js';

/**
 * A 4 × 3 grid (width 4, row-major), 60 days; every cell's values are distinct. Gaps:
 * pixel 5 lacks SMAP on days 3–9, pixel 2 has no observation after day 20, pixel 11
 * has no observations at all.
 */
const W = 4,
  H = 3,
  DAYS = 60,
  P = W * H;
function cube(): PixelCube {
  const at = (f: (d: number, p: number) => number) => Float32Array.from({ length: DAYS * P }, (_, j) => f(Math.floor(j / P), j % P));
  return {
    days: DAYS,
    pixels: P,
    smap: at((d, p) => (p === 5 && d >= 3 && d <= 9 ? NaN : 0.1 + 0.003 * d + 0.01 * p)),
    clm: at((d, p) => 0.2 + 0.002 * ((d * 7 + p) % 23)),
    lst: at((d, p) => 270 + ((d * 3 + p * 5) % 31)),
    obs: at((d, p) => ((p === 2 && d > 20) || p === 11 ? NaN : 0.15 + 0.002 * d + 0.005 * ((p * 3) % 7))),
  };
}

/** The plain construction: pixel p's own sample days, its 2:1 split, and every (day, q) of the square of radius r before that split. */
function expectedRows(c: PixelCube, p: number, r: number): { d: number; q: number }[] {
  const valid = (d: number, q: number) => [c.smap, c.clm, c.lst, c.obs].every((v) => !Number.isNaN(v[d * P + q]));
  const own = Array.from({ length: DAYS }, (_, d) => d).filter((d) => valid(d, p));
  const split = own[Math.round(own.length * (2 / 3))];
  const rows: { d: number; q: number }[] = [];
  for (let q = 0; q < P; q++) {
    if (Math.abs((q % W) - (p % W)) > r || Math.abs(Math.floor(q / W) - Math.floor(p / W)) > r) continue;
    for (let d = 0; d < split; d++) if (valid(d, q)) rows.push({ d, q });
  }
  return rows;
}

/** A trainer that keeps the batch it was given. */
function capturing(): BpannTrainer & { batch?: BpannBatch } {
  const inner = inProcessTrainer(fastKernel);
  const t: BpannTrainer & { batch?: BpannBatch } = { ...inner, train: (task) => ((t.batch = task.batch), inner.train(task)) };
  return t;
}

const sortRows = (rows: number[][]) => rows.sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2] || a[3] - b[3]);

describe('BPANN pooling (poolRadius)', () => {
  for (const radius of [0, 1, 2]) {
    it(`trains pixel p's network on exactly the samples of the pixels within ${radius} cells, scaled together`, async () => {
      const c = cube();
      const trainer = capturing();
      const K = 2;
      const r = await bpannFuse(c, trainer, { poolRadius: radius, gridWidth: W, members: K, minTrainDays: 10, iterations: 2 });
      const fused = [...r.status.keys()].filter((p) => r.status[p] === PixelStatus.FUSED);
      expect(fused).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      const b = trainer.batch!;
      fused.forEach((p, rank) => {
        const want = expectedRows(c, p, radius);
        if (radius === 0) expect(new Set(want.map((w) => w.q))).toEqual(new Set([p]));
        const cols = [c.smap, c.clm, c.lst, c.obs].map((v) => want.map(({ d, q }) => v[d * P + q]));
        const unit = (x: number, col: number[]) => {
          const lo = Math.min(...col),
            hi = Math.max(...col);
          return (2 * (x - lo)) / (hi - lo) - 1;
        };
        const expected = sortRows(want.map((_, i) => cols.map((col) => unit(col[i], col))));
        for (let m = 0; m < K; m++) {
          const net = rank * K + m;
          expect(b.count[net]).toBe(want.length);
          const got = sortRows(
            Array.from({ length: b.count[net] }, (_, s) => {
              const i = net * b.maxSamples + s;
              return [b.x[i * 3], b.x[i * 3 + 1], b.x[i * 3 + 2], b.y[i]];
            }),
          );
          got.forEach((row, i) => row.forEach((v, k) => expect(v).toBeCloseTo(expected[i][k], 5)));
        }
      });
      // the split stays the pixel's own: pixel 2 (observations up to day 20) opens validation early
      const ownSplit2 = Array.from({ length: 21 }, (_, d) => d)[Math.round(21 * (2 / 3))];
      expect(r.splitDay[2]).toBe(ownSplit2);
    });
  }

  it("pooling still predicts from the pixel's own inputs (NaN where they lack SMAP)", async () => {
    const r = await bpannFuse(cube(), inProcessTrainer(fastKernel), {
      poolRadius: 1,
      gridWidth: W,
      members: 1,
      minTrainDays: 10,
      iterations: 2,
    });
    for (let d = 3; d <= 9; d++) expect(r.fused[d * P + 5]).toBeNaN();
    expect(Number.isFinite(r.fused[2 * P + 5])).toBe(true);
  });
});
