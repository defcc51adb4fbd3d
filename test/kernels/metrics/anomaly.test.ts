import { describe, expect, it } from 'vitest';
import {
  anomalyCube,
  climatology,
  climatologyAnomaly,
  dayOfYear366,
  movingAverage,
  shortTermAnomaly,
  spansYears,
} from '../../../kernels/metrics/anomaly.js';
import { makeRng } from '../../../core/rng.js';

function datesFrom(first: string, days: number): string[] {
  const t0 = Date.parse(`${first}T00:00:00Z`);
  return Array.from({ length: days }, (_, i) => new Date(t0 + i * 86400000).toISOString().slice(0, 10));
}

describe('dayOfYear366', () => {
  it('numbers days on a leap-year calendar in every year', () => {
    expect(dayOfYear366('2011-01-01')).toBe(1);
    expect(dayOfYear366('2012-02-29')).toBe(60);
    expect(dayOfYear366('2011-03-01')).toBe(61);
    expect(dayOfYear366('2012-03-01')).toBe(61);
    expect(dayOfYear366('2011-12-31')).toBe(366);
  });
});

describe('movingAverage', () => {
  it('averages the valid values within ±w/2 days (brute force), skipping gaps', () => {
    const rng = makeRng(1);
    const t = [0, 1, 2, 4, 5, 9, 10, 11, 12, 20];
    const v = t.map((_, i) => (i === 3 ? NaN : rng.normal()));
    for (const fillna of [false, true]) {
      const got = movingAverage(v, t, 5, fillna);
      t.forEach((ti, i) => {
        const inside = t.map((tj, j) => (Math.abs(tj - ti) <= 2.5 && !Number.isNaN(v[j]) ? v[j] : NaN)).filter((x) => !Number.isNaN(x));
        const want = (fillna || !Number.isNaN(v[i])) && inside.length > 0 ? inside.reduce((a, b) => a + b, 0) / inside.length : NaN;
        if (Number.isNaN(want)) expect(got[i]).toBeNaN();
        else expect(got[i]).toBeCloseTo(want, 14);
      });
    }
  });
});

describe('anomalies', () => {
  it('climatology anomaly of seasonal cycle + noise over three years is the noise', () => {
    const dates = datesFrom('2010-01-01', 3 * 365);
    const rng = makeRng(2);
    const noise = dates.map(() => 0.02 * rng.normal());
    const season = dates.map((d) => 0.25 + 0.1 * Math.sin((2 * Math.PI * dayOfYear366(d)) / 366));
    const sm = season.map((s, i) => s + noise[i]);
    const clim = climatology(sm, dates);
    // the smoothed climatology follows the cycle within a few thousandths (noise/√3, box filters)
    for (let k = 40; k < 326; k++) expect(Math.abs(clim[k] - (0.25 + 0.1 * Math.sin((2 * Math.PI * (k + 1)) / 366)))).toBeLessThan(0.01);
    const a = climatologyAnomaly(sm, dates);
    let c = 0;
    let ss = 0;
    let sn = 0;
    for (let i = 0; i < a.length; i++) {
      c += a[i] * noise[i];
      ss += a[i] * a[i];
      sn += noise[i] * noise[i];
    }
    expect(c / Math.sqrt(ss * sn)).toBeGreaterThan(0.9);
  });

  it('short-term anomaly removes a linear trend away from the ends and keeps gaps', () => {
    const dates = datesFrom('2011-01-01', 120);
    const v = dates.map((_, i) => (i === 50 ? NaN : 0.1 + 0.001 * i));
    const a = shortTermAnomaly(v, dates);
    for (let i = 20; i < 100; i++) {
      if (i === 50) expect(a[i]).toBeNaN();
      // centred mean of a line is the line, except where the gap unbalances the window
      else if (Math.abs(i - 50) > 17) expect(a[i]).toBeCloseTo(0, 12);
    }
  });

  it('anomalyCube applies the series anomaly to every pixel', () => {
    const dates = datesFrom('2011-01-01', 40);
    const rng = makeRng(3);
    const cube = Float64Array.from({ length: 40 * 2 }, () => rng.normal());
    const out = anomalyCube(cube, 2, dates, 'short-term');
    const p1 = Float64Array.from(dates, (_, d) => cube[d * 2 + 1]);
    const want = shortTermAnomaly(p1, dates);
    dates.forEach((_, d) => expect(out[d * 2 + 1]).toBe(want[d]));
  });

  it('needs two years for a climatology', () => {
    expect(spansYears(datesFrom('2011-01-01', 365))).toBe(false);
    expect(spansYears(datesFrom('2011-01-01', 730))).toBe(true);
  });
});
