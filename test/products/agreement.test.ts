import { describe, expect, it } from 'vitest';
import { agreementMaps } from '../../src/products/agreement.js';
import { makeRng } from '../../core/rng.js';
import { januaryDates, stackOf, unitGrid } from './fixtures.js';

/** Plain per-pixel reference: gather each pixel's common days, then two-pass formulas. */
function naiveMaps(est: Float32Array, ref: Float32Array, plane: number, days: number, minN: number) {
  const r: number[] = [];
  const rmse: number[] = [];
  const bias: number[] = [];
  const n: number[] = [];
  for (let p = 0; p < plane; p++) {
    const e: number[] = [];
    const o: number[] = [];
    for (let d = 0; d < days; d++) {
      const a = est[d * plane + p];
      const b = ref[d * plane + p];
      if (!Number.isNaN(a) && !Number.isNaN(b)) {
        e.push(a);
        o.push(b);
      }
    }
    const k = e.length;
    n.push(k);
    if (k < minN) {
      r.push(NaN);
      rmse.push(NaN);
      bias.push(NaN);
      continue;
    }
    const me = e.reduce((s, v) => s + v, 0) / k;
    const mo = o.reduce((s, v) => s + v, 0) / k;
    let see = 0;
    let soo = 0;
    let seo = 0;
    let sse = 0;
    for (let i = 0; i < k; i++) {
      see += (e[i] - me) ** 2;
      soo += (o[i] - mo) ** 2;
      seo += (e[i] - me) * (o[i] - mo);
      sse += (e[i] - o[i]) ** 2;
    }
    r.push(seo / Math.sqrt(see * soo));
    rmse.push(Math.sqrt(sse / k));
    bias.push(me - mo);
  }
  return { r, rmse, bias, n };
}

describe('agreementMaps', () => {
  it('matches a naive per-pixel loop on random gappy cubes', () => {
    const rng = makeRng(7);
    const grid = unitGrid(6, 4);
    const days = 60;
    const plane = 24;
    const dates = januaryDates(31).concat(januaryDates(29).map((d) => d.replace('-01-', '-02-')));
    const ref = new Float32Array(days * plane);
    const est = new Float32Array(days * plane);
    for (let i = 0; i < ref.length; i++) {
      const p = i % plane;
      // Pixel p is valid on a share of days that falls with p, so some pixels stay under minN.
      const keep = 1 - p / plane;
      ref[i] = rng.next() < keep ? 0.1 + 0.3 * rng.next() : NaN;
      est[i] = rng.next() < 0.8 ? ref[i] * 0.9 + 0.03 + 0.02 * rng.normal() : NaN;
    }
    const fast = agreementMaps(stackOf(grid, dates, est), stackOf(grid, dates, ref));
    const slow = naiveMaps(est, ref, plane, days, 10);
    expect([...fast.n]).toEqual(slow.n);
    expect(slow.n.some((k) => k < 10)).toBe(true);
    expect(slow.n.some((k) => k >= 10)).toBe(true);
    for (let p = 0; p < plane; p++) {
      for (const key of ['r', 'rmse', 'bias'] as const) {
        if (Number.isNaN(slow[key][p])) expect(fast[key][p]).toBeNaN();
        else expect(fast[key][p]).toBeCloseTo(slow[key][p], 5);
      }
    }
  });

  it('gives r 1, RMSE 0, bias 0 for a product against itself; NaN r where it is constant', () => {
    const grid = unitGrid(2, 1);
    const dates = januaryDates(12);
    // p0 varies, p1 is constant 0.2.
    const values = dates.flatMap((_, d) => [0.1 + 0.01 * d, 0.2]);
    const s = stackOf(grid, dates, values);
    const m = agreementMaps(s, s);
    expect(m.r[0]).toBeCloseTo(1, 6);
    expect(m.rmse[0]).toBe(0);
    expect(m.bias[0]).toBe(0);
    expect(m.r[1]).toBeNaN();
    expect(m.rmse[1]).toBe(0);
    expect([...m.n]).toEqual([12, 12]);
  });

  it('signs the bias as estimate − reference and honours minN', () => {
    const grid = unitGrid(1, 1);
    const dates = januaryDates(5);
    const ref = stackOf(grid, dates, [0.1, 0.2, 0.3, 0.2, 0.1]);
    const wetter = stackOf(grid, dates, [0.15, 0.25, 0.35, 0.25, 0.15]);
    expect(agreementMaps(wetter, ref).bias[0]).toBeNaN(); // 5 days < default minN 10
    const m = agreementMaps(wetter, ref, 5);
    expect(m.bias[0]).toBeCloseTo(0.05, 6);
    expect(m.rmse[0]).toBeCloseTo(0.05, 6);
  });
});
