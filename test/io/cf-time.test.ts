import { describe, expect, it } from 'vitest';
import { decodeCfDates } from '../../src/io/cf-time.js';

/** Dates worked out by hand (and with `date -d` for the standard calendar). */
describe('decodeCfDates', () => {
  it('days since 1970-01-01 (ESA CCI), standard calendar', () => {
    // 16959 = 46 × 365 + 11 leap days (1972 … 2012) + 158 (June 7 is day 159 of 2016)
    expect(decodeCfDates('f.nc', [0, 16071, 16959], 'days since 1970-01-01 00:00:00 UTC')).toEqual(['1970-01-01', '2014-01-01', '2016-06-07']);
  });

  it('crosses 29 February in the standard calendar, not in noleap', () => {
    expect(decodeCfDates('f.nc', [59, 60], 'days since 2016-01-01', 'standard')).toEqual(['2016-02-29', '2016-03-01']);
    expect(decodeCfDates('f.nc', [59, 60], 'days since 2016-01-01', 'noleap')).toEqual(['2016-03-01', '2016-03-02']);
  });

  it('noleap: 365-day years from a CLM reference date', () => {
    // CLM history: days since 2000-01-01, 365 days a year whatever the year
    expect(decodeCfDates('f.nc', [0, 364, 365, 5 * 365 + 151], 'days since 2000-01-01 00:00:00', 'noleap')).toEqual(['2000-01-01', '2000-12-31', '2001-01-01', '2005-06-01']);
    expect(decodeCfDates('f.nc', [10], 'days since 2001-12-25', '365_day')).toEqual(['2002-01-04']);
  });

  it('hours and seconds, with a time of day in the reference', () => {
    expect(decodeCfDates('f.nc', [36], 'hours since 2015-03-31 00:00:00')).toEqual(['2015-04-01']);
    expect(decodeCfDates('f.nc', [43200], 'seconds since 2015-03-31 12:00:00')).toEqual(['2015-04-01']);
  });

  it('bad units or calendars are errors naming the file', () => {
    expect(() => decodeCfDates('t.nc', [0], 'days')).toThrow(/^t\.nc: time units "days"/);
    expect(() => decodeCfDates('t.nc', [0], 'days since 2000-01-01', '360_day')).toThrow(/t\.nc: calendar "360_day" is not supported/);
  });
});
