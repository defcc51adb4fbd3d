import { describe, expect, it } from 'vitest';
import { coverageStats, unionValid } from '../../src/products/coverage.js';
import { makeRng } from '../../core/rng.js';
import { januaryDates, stackOf, unitGrid } from './fixtures.js';

const N = NaN;
const grid = unitGrid(2, 2);
const dates = januaryDates(3);
// Pixels p0..p3 per day; p3 is outside the domain, so 3 domain pixels × 3 days = 9.
const domain = new Uint8Array([1, 1, 1, 0]);
// ECV, valid in the domain: day 0 {p0}, day 1 {}, day 2 {p0, p1} → 3/9
const ecv = stackOf(grid, dates, [1, N, N, 1, /**/ N, N, N, 1, /**/ 1, 1, N, N]);
// FY: day 0 {p1}, day 1 {p0}, day 2 {p0, p2} → 4/9
const fy = stackOf(grid, dates, [N, 1, N, N, /**/ 1, N, N, 1, /**/ 1, N, 1, 1]);
// ECV ∪ FY: day 0 {p0, p1}, day 1 {p0}, day 2 {p0, p1, p2} → 6/9

describe('coverageStats', () => {
  const cov = coverageStats({ ecv, fy, union: unionValid(ecv, fy) }, domain);

  it('gives valid pixel-days / (domain pixels × days)', () => {
    expect(cov.fractions.ecv).toBeCloseTo(3 / 9, 14);
    expect(cov.fractions.fy).toBeCloseTo(4 / 9, 14);
    expect(cov.fractions.union).toBeCloseTo(6 / 9, 14);
  });

  it('gives the daily share of valid domain pixels', () => {
    expect(cov.daily.map((d) => d.date)).toEqual(dates);
    expect(cov.daily.map((d) => d.values.ecv)).toEqual([1 / 3, 0, 2 / 3]);
    expect(cov.daily.map((d) => d.values.fy)).toEqual([1 / 3, 1 / 3, 2 / 3]);
    expect(cov.daily.map((d) => d.values.union)).toEqual([2 / 3, 1 / 3, 1]);
  });

  it('gives per-pixel fractions of days, NaN outside the domain', () => {
    const f = (x: number) => Math.fround(x);
    expect([...cov.perPixel.ecv]).toEqual([f(2 / 3), f(1 / 3), 0, NaN]);
    expect([...cov.perPixel.fy]).toEqual([f(2 / 3), f(1 / 3), f(1 / 3), NaN]);
    expect([...cov.perPixel.union]).toEqual([1, f(2 / 3), f(1 / 3), NaN]);
  });

  it('is NaN over an empty domain and rejects a domain of the wrong size', () => {
    expect(coverageStats({ ecv }, new Uint8Array(4)).fractions.ecv).toBeNaN();
    expect(() => coverageStats({ ecv }, new Uint8Array(3))).toThrow(RangeError);
  });

  it('rejects series on different grids or dates', () => {
    const wide = stackOf(unitGrid(4, 1), dates, ecv.data);
    expect(() => coverageStats({ ecv, wide }, domain)).toThrow(/not on the grid/);
    const later = stackOf(grid, januaryDates(4).slice(1), ecv.data);
    expect(() => coverageStats({ ecv, later }, domain)).toThrow(/dates/);
  });
});

describe('unionValid', () => {
  it('holds 1 where either is valid and NaN elsewhere', () => {
    const u = unionValid(ecv, fy);
    expect([...u.data]).toEqual([1, 1, N, 1, /**/ 1, N, N, 1, /**/ 1, 1, 1, 1]);
    expect(u.grid).toBe(grid);
    expect(u.dates).toBe(dates);
  });

  it('covers at least as much as either input and at most their sum (random cubes)', () => {
    const rng = makeRng(11);
    const g = unitGrid(7, 5);
    const ds = januaryDates(20);
    const gappy = (p: number) =>
      stackOf(
        g,
        ds,
        Array.from({ length: 20 * 35 }, () => (rng.next() < p ? 0.2 : NaN)),
      );
    const a = gappy(0.3);
    const b = gappy(0.45);
    const dom = Uint8Array.from({ length: 35 }, () => (rng.next() < 0.8 ? 1 : 0));
    const c = coverageStats({ a, b, u: unionValid(a, b) }, dom);
    expect(c.fractions.u).toBeGreaterThanOrEqual(Math.max(c.fractions.a, c.fractions.b));
    expect(c.fractions.u).toBeLessThanOrEqual(c.fractions.a + c.fractions.b + 1e-12);
    for (const { values } of c.daily) expect(values.u).toBeGreaterThanOrEqual(Math.max(values.a, values.b));
    c.perPixel.u.forEach((u, p) => {
      if (dom[p]) expect(u).toBeGreaterThanOrEqual(Math.max(c.perPixel.a[p], c.perPixel.b[p]));
      else expect(u).toBeNaN();
    });
  });
});
