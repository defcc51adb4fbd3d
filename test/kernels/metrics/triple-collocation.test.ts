import { describe, expect, it } from 'vitest';
import { tripleCollocation, tripleCollocationMaps } from '../../../kernels/metrics/triple-collocation.js';
import { makeRng } from '../../../core/rng.js';

/** pytesmo's _tcol_metrics_from_cov, written out plainly on a two-pass numpy-style covariance. */
function pytesmoTcol(series: number[][], ref = 0): { snr: number[]; errStd: number[]; beta: number[]; errVar: number[] } {
  const n = series[0].length;
  const mean = series.map((s) => s.reduce((a, b) => a + b, 0) / n);
  const cov = series.map((a, i) => series.map((b, j) => a.reduce((acc, v, k) => acc + (v - mean[i]) * (b[k] - mean[j]), 0) / (n - 1)));
  const ind = [0, 1, 2, 0, 1, 2];
  const noRef = [0, 1, 2].filter((i) => i !== ref);
  const snr = [0, 1, 2].map(
    (i) =>
      10 * Math.log10(1 / Math.abs(Math.abs((cov[i][i] * cov[ind[i + 1]][ind[i + 2]]) / (cov[i][ind[i + 1]] * cov[i][ind[i + 2]])) - 1)),
  );
  const errVar = [0, 1, 2].map((i) => cov[i][i] - (cov[i][ind[i + 1]] * cov[i][ind[i + 2]]) / cov[ind[i + 1]][ind[i + 2]]);
  const beta = [0, 1, 2].map((i) => {
    if (i === ref) return 1;
    const other = noRef.filter((k) => k !== i)[0];
    return cov[ref][other] / cov[i][other];
  });
  return { snr, errStd: errVar.map((v, i) => Math.sqrt(v) * beta[i]), beta, errVar };
}

/** x = t + e1, y = a·t + c + e2, z = b·t + e3: signal var 1 (×a², ×b²), error sds s1, s2, s3. */
function synthetic(seed: number, n: number, a: number, b: number, s: [number, number, number]): number[][] {
  const rng = makeRng(seed);
  const x: number[] = [];
  const y: number[] = [];
  const z: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = rng.normal();
    x.push(t + s[0] * rng.normal());
    y.push(a * t + 0.3 + s[1] * rng.normal());
    z.push(b * t + s[2] * rng.normal());
  }
  return [x, y, z];
}

describe('tripleCollocation', () => {
  it('equals a plain implementation of pytesmo tcol_metrics on small arrays', () => {
    const [x, y, z] = synthetic(1, 12, 0.8, 1.5, [0.3, 0.2, 0.5]);
    for (const ref of [0, 1, 2] as const) {
      const tc = tripleCollocation(x, y, z, ref);
      const want = pytesmoTcol([x, y, z], ref);
      for (let i = 0; i < 3; i++) {
        expect(tc.errVar[i]).toBeCloseTo(want.errVar[i], 13);
        expect(tc.snrDb[i]).toBeCloseTo(want.snr[i], 11);
        expect(tc.beta[i]).toBeCloseTo(want.beta[i], 12);
        if (Number.isNaN(want.errStd[i])) expect(tc.errStd[i]).toBeNaN();
        else expect(tc.errStd[i]).toBeCloseTo(want.errStd[i], 12);
      }
    }
  });

  it('recovers known error variances, SNR and scalings within sampling error', () => {
    const a = 0.8;
    const b = 1.5;
    const s: [number, number, number] = [0.3, 0.2, 0.5];
    const n = 20000;
    const tc = tripleCollocation(...(synthetic(2, n, a, b, s) as [number[], number[], number[]]));
    expect(tc.n).toBe(n);
    // error variances within ±5 % (sd of the estimate ~ 1–2 % at this n)
    [s[0] ** 2, s[1] ** 2, s[2] ** 2].forEach((v, i) => expect(Math.abs(tc.errVar[i] - v) / v).toBeLessThan(0.05));
    // SNR = 10·log10(signal var / error var): signal var 1, a², b²
    [1 / s[0] ** 2, a ** 2 / s[1] ** 2, b ** 2 / s[2] ** 2].forEach((r, i) => expect(tc.snrDb[i]).toBeCloseTo(10 * Math.log10(r), 0));
    // β_i scales i into x's units: 1, 1/a, 1/b; errStd then is s_i·β_i
    expect(tc.beta[0]).toBe(1);
    expect(tc.beta[1]).toBeCloseTo(1 / a, 1);
    expect(tc.beta[2]).toBeCloseTo(1 / b, 1);
    expect(tc.errStd[1]).toBeCloseTo(s[1] / a, 1);
  });

  it('is NaN with fewer than 3 triplets and skips triplets with a NaN', () => {
    expect(tripleCollocation([1, 2], [1, 2], [2, 1]).errVar.every(Number.isNaN)).toBe(true);
    const [x, y, z] = synthetic(3, 50, 1, 1, [0.2, 0.2, 0.2]);
    const full = tripleCollocation(x, y, z);
    const withGap = tripleCollocation([...x, NaN], [...y, 5], [...z, 7]);
    expect(withGap.n).toBe(50);
    expect(withGap.errVar).toEqual(full.errVar);
  });
});

describe('tripleCollocationMaps', () => {
  it('gives each pixel the TC of its own series, NaN under minDays', () => {
    const days = 200;
    const pixels = 3;
    const series = [synthetic(4, days, 0.9, 1.2, [0.2, 0.3, 0.4]), synthetic(5, days, 1.1, 0.7, [0.1, 0.1, 0.3])];
    const cubes = [0, 1, 2].map(() => new Float32Array(days * pixels)) as [Float32Array, Float32Array, Float32Array];
    for (let d = 0; d < days; d++) {
      for (let k = 0; k < 3; k++) {
        cubes[k][d * pixels] = series[0][k][d];
        cubes[k][d * pixels + 1] = series[1][k][d];
        cubes[k][d * pixels + 2] = d < 5 ? 0.1 * d : NaN; // 5 days only
      }
    }
    const maps = tripleCollocationMaps(cubes, pixels, 10);
    for (let p = 0; p < 2; p++) {
      const f = (k: number) => Array.from({ length: days }, (_, d) => cubes[k][d * pixels + p]);
      const want = tripleCollocation(f(0), f(1), f(2));
      for (let k = 0; k < 3; k++) {
        expect(maps.errVar[k][p]).toBeCloseTo(want.errVar[k], 6);
        expect(maps.snrDb[k][p]).toBeCloseTo(want.snrDb[k], 4);
        expect(maps.beta[k][p]).toBeCloseTo(want.beta[k], 5);
      }
    }
    expect(maps.n[2]).toBe(5);
    expect(maps.errVar[0][2]).toBeNaN();
  });
});
