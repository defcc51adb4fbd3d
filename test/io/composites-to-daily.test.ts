import { describe, expect, it } from 'vitest';
import { InputError } from '../../core/errors.js';
import { makeGrid } from '../../src/grid/gridspec.js';
import { compositeSpan, compositesToDaily } from '../../src/io/composites-to-daily.js';

const twoPixels = makeGrid({ west: 90, south: 30, east: 90.5, north: 30.25 }, 0.25);

describe('16-day composites → daily', () => {
  // centres: Jan 1 + 7.5 d, Jan 17 + 7.5 d, (Feb 2: missing), Feb 18 + 7.5 d
  const composites = {
    grid: twoPixels,
    dates: ['2013-01-01', '2013-01-17', '2013-02-02', '2013-02-18'],
    data: Float32Array.from([0.2, NaN, 0.6, NaN, NaN, NaN, 0.2, NaN]),
  };
  const days = [
    '2012-12-31',
    '2013-01-01',
    '2013-01-08',
    '2013-01-09',
    '2013-01-17',
    '2013-01-24',
    '2013-01-25',
    '2013-02-18',
    '2013-02-25',
    '2013-02-26',
    '2013-03-05',
    '2013-03-06',
  ];

  it('interpolates between centres, bridges a missing composite, holds within the edge periods only', () => {
    const daily = compositesToDaily(composites, days, 'ndvi');
    const pixel0 = days.map((_, i) => daily.data[i * 2]);
    // by hand: f = (day − centre) / gap; 0.2 + 0.4 f rising, then 0.6 − 0.4 f over the 32-day gap
    const expected = [
      NaN,
      0.2,
      0.2,
      0.2 + 0.4 * (0.5 / 16),
      0.2 + 0.4 * (8.5 / 16),
      0.2 + 0.4 * (15.5 / 16),
      0.6 - 0.4 * (0.5 / 32),
      0.6 - 0.4 * (24.5 / 32),
      0.6 - 0.4 * (31.5 / 32),
      0.2,
      0.2,
      NaN,
    ];
    pixel0.forEach((v, i) => (Number.isNaN(expected[i]) ? expect(v, days[i]).toBeNaN() : expect(v, days[i]).toBeCloseTo(expected[i], 6)));
    expect(days.every((_, i) => Number.isNaN(daily.data[i * 2 + 1]))).toBe(true);
    expect(daily.dates).toEqual(days);
  });

  it('daily "composites" (period 1) come back unchanged', () => {
    const dates = ['2013-05-01', '2013-05-02', '2013-05-03'];
    const data = Float32Array.from([0.1, 0.5, 0.2, NaN, 0.3, 0.4]);
    const daily = compositesToDaily({ grid: twoPixels, dates, data }, dates, 'x', 1);
    expect([...daily.data.slice(0, 2)]).toEqual([...data.slice(0, 2)]);
    // the missing day of pixel 1 is bridged by its neighbours
    expect(daily.data[3]).toBeCloseTo(0.45, 6);
    expect(daily.data[4]).toBeCloseTo(0.3, 6);
  });

  it("spans from the first composite day to the last one's last day", () => {
    const span = compositeSpan(['2013-12-03', '2013-12-19']);
    expect([span[0], span.at(-1), span.length]).toEqual(['2013-12-03', '2014-01-03', 32]);
  });

  it('refuses unordered or undated composites, naming the input', () => {
    expect(() =>
      compositesToDaily({ ...composites, dates: ['2013-01-17', '2013-01-01', '2013-02-02', '2013-02-18'] }, days, 'ndvi.tif'),
    ).toThrow(new InputError('ndvi.tif', 'composite dates are not ascending: 2013-01-01 after 2013-01-17'));
    expect(() => compositesToDaily({ ...composites, dates: ['2013-01-01', 'x', '2013-02-02', '2013-02-18'] }, days, 'ndvi.tif')).toThrow(
      /ndvi\.tif: composite 2 has no date/,
    );
  });
});
