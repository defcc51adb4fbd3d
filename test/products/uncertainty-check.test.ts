import { describe, expect, it } from 'vitest';
import { makeGrid } from '../../src/grid/gridspec.js';
import { uncertaintyChecks, worstMonths } from '../../src/products/uncertainty-check.js';

// 2 cells × 3 days over two months; one pixel-day without a value, one without an sd.
const grid = makeGrid({ west: 0, south: 0, east: 2, north: 1 }, 1);
const dates = ['2013-01-30', '2013-01-31', '2013-02-01'];
const value = new Float32Array([0.2, 0.3, 0.25, NaN, 0.1, 0.4]);
const truth = new Float32Array([0.21, 0.2, 0.25, 0.3, 0.3, 0.41]);
const sd = new Float32Array([0.01, 0.02, 0.05, 0.01, 0.2, NaN]);

/** Plain Pearson R. */
function pearson(a: number[], b: number[]): number {
  const ma = a.reduce((s, v) => s + v, 0) / a.length,
    mb = b.reduce((s, v) => s + v, 0) / b.length;
  let sab = 0,
    saa = 0,
    sbb = 0;
  a.forEach((v, i) => ((sab += (v - ma) * (b[i] - mb)), (saa += (v - ma) ** 2), (sbb += (b[i] - mb) ** 2)));
  return sab / Math.sqrt(saa * sbb);
}

describe('uncertaintyChecks', () => {
  it('counts truth inside value ± 1.96·sd and correlates sd with |error|, overall and per month', () => {
    const rows = uncertaintyChecks({ grid, dates, data: value }, sd, truth);
    expect(rows.map((r) => r.period)).toEqual(['all', '2013-01', '2013-02']);
    // valid: (0.2,0.21,0.01) in; (0.3,0.2,0.02) out; (0.25,0.25,0.05) in; (0.1,0.3,0.2) in
    const [all, jan, feb] = rows;
    expect(all.n).toBe(4);
    expect(all.coverage95).toBe(0.75);
    const f = (a: number[]) => a.map(Math.fround);
    const s = f([0.01, 0.02, 0.05, 0.2]);
    const e = f([0.2, 0.3, 0.25, 0.1]).map((v, i) => Math.abs(v - f([0.21, 0.2, 0.25, 0.3])[i]));
    expect(all.corrSdAbsError).toBeCloseTo(pearson(s, e), 6);
    expect(all.rmse).toBeCloseTo(Math.sqrt(e.reduce((a, v) => a + v * v, 0) / 4), 6);
    expect(all.rmsSd).toBeCloseTo(Math.sqrt(s.reduce((a, v) => a + v * v, 0) / 4), 6);
    expect([jan.n, jan.coverage95]).toEqual([3, 2 / 3]);
    expect([feb.n, feb.coverage95]).toEqual([1, 1]);
    expect(worstMonths(rows)!.coverage.period).toBe('2013-01');
  });
});
