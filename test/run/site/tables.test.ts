import { describe, expect, it } from 'vitest';
import { pairStats } from '../../../kernels/metrics/pair-stats.js';
import { coefficientOfVariation } from '../../../kernels/metrics/series-stats.js';
import { makeRng } from '../../../core/rng.js';
import { improvementTable, metricsTable, percentileTable, splitPeriods } from '../../../src/run/site/tables.js';

/** A [day][pixel] cube of pixels × days with NaN gaps in every series, and a split per pixel. */
function pooledGrid(days: number, pixels: number) {
  const rng = makeRng(7);
  const cube = (gap: number) => Float32Array.from({ length: days * pixels }, () => (rng.next() < gap ? NaN : 0.1 + 0.3 * rng.next()));
  const obs = cube(0.6);
  const a = cube(0.2);
  const fused = Float32Array.from(obs, (o, i) => (rng.next() < 0.1 ? NaN : Number.isNaN(o) ? a[i] : o + 0.05 * (rng.next() - 0.5)));
  const splitDay = Int32Array.from({ length: pixels }, (_, p) => (p * 7) % (days + 1));
  const used = (p: number) => p % 5 !== 3;
  return { obs, a, fused, splitDay, used };
}

const rowsOf = (csv: string) =>
  csv
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(','));
const num = (cell: string) => (cell === '' ? NaN : Number(cell));
/** As formatCsv prints a number: full precision where it is a float32, else 9 digits. */
const printed = (v: number) => (Math.fround(v) === v ? v : +v.toPrecision(9));

describe('pooled validation tables of a grid (pixel-days [day][pixel])', () => {
  const days = 40,
    pixels = 13;
  const g = pooledGrid(days, pixels);
  const periods = splitPeriods(g.splitDay, days, g.used);
  /** The pairs of a period, chosen sample by sample from the definitions. */
  const inPeriod = (name: string, i: number) => {
    const p = i % pixels,
      d = Math.floor(i / pixels);
    if (!g.used(p)) return false;
    return name === 'all' || (name === 'train' ? d < g.splitDay[p] : d >= g.splitDay[p]);
  };
  const pick = (values: Float32Array, keep: (i: number) => boolean) => Float64Array.from(values, (v, i) => (keep(i) ? v : NaN));

  it('metrics.csv: n, r, rmse, bias and cv of each series and period equal pairStats of the hand-picked pairs', () => {
    const rows = rowsOf(
      metricsTable(
        [
          { name: 'a', values: g.a },
          { name: 'fused', values: g.fused },
        ],
        g.obs,
        periods,
      ),
    );
    expect(rows.map((r) => `${r[0]}/${r[1]}`)).toEqual([
      'a/train',
      'fused/train',
      'a/validation',
      'fused/validation',
      'a/all',
      'fused/all',
    ]);
    for (const r of rows) {
      const values = r[0] === 'a' ? g.a : g.fused;
      const keep = (i: number) => inPeriod(r[1], i);
      const st = pairStats(pick(values, keep), pick(g.obs, keep));
      expect(st.n).toBeGreaterThan(20);
      expect(num(r[2])).toBe(st.n);
      expect(num(r[3])).toBe(printed(st.r));
      expect(num(r[5])).toBe(printed(st.rmse));
      expect(num(r[6])).toBe(printed(st.bias));
      const cv = coefficientOfVariation(pick(values, (i) => keep(i) && !Number.isNaN(g.obs[i])));
      expect(num(r[8])).toBe(printed(cv));
    }
  });

  it('improvement.csv compares on the samples where the input, the fused series and the observation all exist', () => {
    const rows = rowsOf(improvementTable([{ name: 'a', values: g.a }], { name: 'fused', values: g.fused }, g.obs, periods));
    for (const r of rows) {
      const keep = (i: number) => inPeriod(r[1], i) && !Number.isNaN(g.a[i]) && !Number.isNaN(g.fused[i]);
      const old = pairStats(pick(g.a, keep), pick(g.obs, keep));
      const neu = pairStats(pick(g.fused, keep), pick(g.obs, keep));
      expect([num(r[2]), num(r[5]), num(r[6]), num(r[8]), num(r[9])]).toEqual([
        old.n,
        printed(old.r),
        printed(neu.r),
        printed(old.rmse),
        printed(neu.rmse),
      ]);
    }
  });

  it('percentiles.csv: the quartiles of the period’s observations and the pairs in each range', () => {
    const rows = rowsOf(percentileTable([{ name: 'fused', values: g.fused }], g.obs, periods));
    expect(rows).toHaveLength(9);
    for (const r of rows) {
      const observed = Array.from(g.obs)
        .filter((o, i) => inPeriod(r[4], i) && !Number.isNaN(o))
        .sort((x, y) => x - y);
      const q = (f: number) => {
        const h = (observed.length - 1) * f,
          lo = Math.floor(h);
        return observed[lo] + (h - lo) * (observed[lo + 1] - observed[lo]);
      };
      expect(num(r[1])).toBe(printed(q(0.25)));
      expect(num(r[2])).toBe(printed(q(0.75)));
      const inRange = (o: number) => (r[0] === '<Q25' ? o < q(0.25) : r[0] === '>=Q75' ? o >= q(0.75) : o >= q(0.25) && o < q(0.75));
      const keep = (i: number) => inPeriod(r[4], i) && inRange(g.obs[i]);
      const st = pairStats(pick(g.fused, keep), pick(g.obs, keep));
      expect(num(r[5])).toBe(st.n);
      expect(num(r[6])).toBe(printed(st.r));
    }
  });
});
