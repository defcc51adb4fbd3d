import { describe, expect, it } from 'vitest';
import { FREEZING_POINT_K, SNOW_ALBEDO } from '../../src/cube/masks.js';
import { cellOf, makeGrid, tibetanPlateauGrid, type GridSpec } from '../../src/grid/gridspec.js';
import { summarizeSample } from '../../src/sample/summary.js';
import { synthesizeSample, type SyntheticSample } from '../../src/sample/synthetic-tp.js';

const BUNDLED = makeGrid({ west: 88, south: 30, east: 103, north: 35 }, 0.25);
const TP = tibetanPlateauGrid();
/** Off the sample box, off the 0.25° lattice, and holding neither network. */
const ODD = makeGrid({ west: 95.3, south: 31.1, east: 100.3, north: 34.6 }, 0.5);

const cache = new Map<GridSpec, SyntheticSample>();
function sample(grid: GridSpec): SyntheticSample {
  let s = cache.get(grid);
  if (!s) {
    s = synthesizeSample({ grid, year: 2013, seed: 42 });
    cache.set(grid, s);
  }
  return s;
}

function unfrozen(s: SyntheticSample, j: number): boolean {
  return s.lst[j] - FREEZING_POINT_K > 0 && s.albedo[j] < SNOW_ALBEDO;
}

function extent(a: ArrayLike<number>): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let j = 0; j < a.length; j++) {
    if (a[j] < lo) lo = a[j];
    if (a[j] > hi) hi = a[j];
  }
  return [lo, hi];
}

describe('synthesizeSample', () => {
  it('is deterministic in the seed', () => {
    const grid = makeGrid({ west: 90, south: 31, east: 92, north: 32 }, 0.25);
    const a = synthesizeSample({ grid, year: 2013, seed: 1 });
    const b = synthesizeSample({ grid, year: 2013, seed: 1 });
    const c = synthesizeSample({ grid, year: 2013, seed: 2 });
    for (const key of ['truth', 'ecv', 'fy', 'lst', 'ndvi', 'albedo', 'dem'] as const) {
      expect(b[key]).toEqual(a[key]);
      expect(c[key]).not.toEqual(a[key]);
    }
    expect(b.stations).toEqual(a.stations);
    expect(c.stations).not.toEqual(a.stations);
  });

  it('has the documented shapes, ranges and a gap-free reference', () => {
    const s = sample(BUNDLED);
    const plane = BUNDLED.width * BUNDLED.height;
    expect(s.dates).toHaveLength(365);
    expect(s.dates[0]).toBe('2013-01-01');
    expect(s.dem).toHaveLength(plane);
    for (const key of ['truth', 'ecv', 'fy', 'lst', 'ndvi', 'albedo'] as const) expect(s[key]).toHaveLength(365 * plane);
    for (const key of ['truth', 'lst', 'ndvi', 'albedo', 'dem'] as const) expect(s[key].some(Number.isNaN)).toBe(false);
    const [ndviMin, ndviMax] = extent(s.ndvi);
    expect(ndviMin).toBeGreaterThanOrEqual(Math.fround(0.05));
    expect(ndviMax).toBeLessThanOrEqual(Math.fround(0.8));
    const [smMin, smMax] = extent(s.truth);
    expect(smMin).toBeGreaterThanOrEqual(Math.fround(0.02));
    expect(smMax).toBeLessThanOrEqual(Math.fround(0.55));
    const [demMin, demMax] = extent(s.dem);
    expect(demMax).toBeGreaterThan(4500);
    expect(demMin).toBeLessThan(3000); // the south-east edge drops off the plateau
  });

  for (const [name, grid] of [
    ['the bundled box', BUNDLED],
    ['the full Tibetan Plateau grid', TP],
    ['a small odd grid', ODD],
  ] as const) {
    it(`covers about a quarter of the pixel-days with each product, with realistic skill, on ${name}`, () => {
      const summary = summarizeSample(sample(grid));
      for (const skill of [summary.ecv, summary.fy]) {
        expect(skill.coverage).toBeGreaterThanOrEqual(0.18);
        expect(skill.coverage).toBeLessThanOrEqual(0.32);
        expect(skill.r).toBeGreaterThan(0.4);
        expect(skill.r).toBeLessThan(0.9);
      }
      expect(summary.ecv.rmse).toBeLessThan(summary.fy.rmse);
      expect(summary.fy.bias).toBeGreaterThan(summary.ecv.bias + 0.03);
    });

    it(`puts both networks inside ${name}`, () => {
      const s = sample(grid);
      expect(new Set(s.stations.map((o) => o.network))).toEqual(new Set(['Naqu', 'Maqu']));
      for (const o of s.stations) expect(cellOf(grid, o.lon, o.lat)).not.toBeNull();
    });
  }

  it('freezes the high plateau in winter, with snow days, and has no retrievals there', () => {
    const s = sample(BUNDLED);
    const plane = BUNDLED.width * BUNDLED.height;
    let januaryFrozen = 0;
    for (let j = 0; j < 31 * plane; j++) if (!unfrozen(s, j)) januaryFrozen++;
    expect(januaryFrozen / (31 * plane)).toBeGreaterThan(0.5);
    let snowDays = 0;
    let leaks = 0;
    for (let j = 0; j < s.albedo.length; j++) {
      if (s.albedo[j] >= SNOW_ALBEDO) snowDays++;
      if (!unfrozen(s, j) && !(Number.isNaN(s.ecv[j]) && Number.isNaN(s.fy[j]))) leaks++;
    }
    expect(snowDays).toBeGreaterThan(0);
    expect(leaks).toBe(0);
  });

  it('gives the products different gaps and keeps them within [0.01, 0.6]', () => {
    const s = sample(BUNDLED);
    let both = 0;
    let either = 0;
    for (let j = 0; j < s.ecv.length; j++) {
      const e = !Number.isNaN(s.ecv[j]);
      const f = !Number.isNaN(s.fy[j]);
      if (e && f) both++;
      if (e || f) either++;
    }
    expect(both / either).toBeLessThan(0.6);
    for (const p of [s.ecv, s.fy]) {
      const [lo, hi] = extent(p.filter((v) => !Number.isNaN(v)));
      expect(lo).toBeGreaterThanOrEqual(Math.fround(0.01));
      expect(hi).toBeLessThanOrEqual(Math.fround(0.6));
    }
  });

  it('makes summer LST cooler where and when the soil is wetter than usual', () => {
    const s = sample(BUNDLED);
    const plane = BUNDLED.width * BUNDLED.height;
    const [first, end] = [151, 243]; // 1 June – 31 August
    // Per-cell anomalies, so that the elevation and latitude gradients of LST do not count.
    const smMean = new Float64Array(plane);
    const lstMean = new Float64Array(plane);
    for (let d = first; d < end; d++) {
      for (let i = 0; i < plane; i++) {
        smMean[i] += s.truth[d * plane + i] / (end - first);
        lstMean[i] += s.lst[d * plane + i] / (end - first);
      }
    }
    let sxy = 0;
    let sxx = 0;
    let syy = 0;
    for (let d = first; d < end; d++) {
      for (let i = 0; i < plane; i++) {
        const x = s.truth[d * plane + i] - smMean[i];
        const y = s.lst[d * plane + i] - lstMean[i];
        sxy += x * y;
        sxx += x * x;
        syy += y * y;
      }
    }
    expect(sxy / Math.sqrt(sxx * syy)).toBeLessThan(-0.3);
  });

  it('biases ECV dry and FY wet on the plateau', () => {
    const { ecv, fy } = summarizeSample(sample(BUNDLED));
    expect(ecv.bias).toBeGreaterThan(-0.04);
    expect(ecv.bias).toBeLessThan(-0.01);
    expect(fy.bias).toBeGreaterThan(0.03);
    expect(fy.bias).toBeLessThan(0.07);
  });

  it('lets stations read their cell truth with a small error, never on frozen days', () => {
    const s = sample(BUNDLED);
    const plane = BUNDLED.width * BUNDLED.height;
    expect(new Set(s.stations.map((o) => `${o.network}/${o.station}`)).size).toBe(8);
    const dayOf = new Map(s.dates.map((d, k) => [d, k]));
    let sumSq = 0;
    for (const o of s.stations) {
      const cell = cellOf(BUNDLED, o.lon, o.lat)!;
      const j = dayOf.get(o.date)! * plane + cell.row * BUNDLED.width + cell.col;
      expect(s.lst[j] - FREEZING_POINT_K).toBeGreaterThan(0);
      sumSq += (o.sm - s.truth[j]) ** 2;
    }
    expect(Math.sqrt(sumSq / s.stations.length)).toBeLessThan(0.05);
  });
});
