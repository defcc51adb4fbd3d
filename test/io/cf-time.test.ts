import { describe, expect, it } from 'vitest';
import { decodeCfDates, gregorianSteps } from '../../src/io/cf-time.js';
import { silentLogger } from '../../src/log.js';

/** Dates worked out by hand (Julian Day Numbers: 0001-01-01 Julian = 1721424, 1582-10-15 Gregorian = 2299161, 1970-01-01 = 2440588). */
describe('decodeCfDates', () => {
  it('days since 1970-01-01 (ESA CCI), standard calendar', () => {
    // 16959 = 46 × 365 + 11 leap days (1972 … 2012) + 158 (June 7 is day 159 of 2016)
    expect(decodeCfDates('f.nc', [0, 16071, 16959], 'days since 1970-01-01 00:00:00 UTC')).toEqual([
      '1970-01-01',
      '2014-01-01',
      '2016-06-07',
    ]);
  });

  it('years 1 … 99 are not 1901 … 1999 (the Date.UTC trap)', () => {
    // 24 leap years in 1 … 100 (100 is none): 36524 days
    expect(decodeCfDates('f.nc', [0, 365, 36_523, 36_524], 'days since 0001-01-01', 'proleptic_gregorian')).toEqual([
      '0001-01-01',
      '0002-01-01',
      '0100-12-31',
      '0101-01-01',
    ]);
    // unpadded reference, standard calendar: Julian years of 365.25 days before 1582
    expect(decodeCfDates('f.nc', [0, 1461, 59 + 3 * 365], 'days since 1-1-1', 'standard')).toEqual([
      '0001-01-01',
      '0005-01-01',
      '0004-02-29',
    ]);
  });

  it('standard calendar switches from Julian to Gregorian at 1582-10-15, as cftime', () => {
    // 2299161 − 1721424 = 577737 days from 0001-01-01 (Julian) to 1582-10-15
    expect(decodeCfDates('f.nc', [577736, 577737, 577738], 'days since 0001-01-01', 'standard')).toEqual([
      '1582-10-04',
      '1582-10-15',
      '1582-10-16',
    ]);
    expect(decodeCfDates('f.nc', [577736, 577737], 'days since 0001-01-01', 'julian')).toEqual(['1582-10-04', '1582-10-05']);
    // 2440588 − 1721424 = 719164 to 1970-01-01; proleptic Gregorian 0001-01-01 is JDN 1721426
    expect(decodeCfDates('f.nc', [719_164], 'days since 0001-01-01', 'standard')).toEqual(['1970-01-01']);
    expect(decodeCfDates('f.nc', [719_162], 'days since 0001-01-01', 'proleptic_gregorian')).toEqual(['1970-01-01']);
    // the same switch seen from a modern reference: 2440588 − 2299161 = 141427
    expect(decodeCfDates('f.nc', [-141_427, -141_428], 'days since 1970-01-01', 'gregorian')).toEqual(['1582-10-15', '1582-10-04']);
    expect(decodeCfDates('f.nc', [-141_427], 'days since 1970-01-01', 'proleptic_gregorian')).toEqual(['1582-10-15']);
  });

  it('crosses 29 February per calendar', () => {
    expect(decodeCfDates('f.nc', [59, 60], 'days since 2016-01-01', 'standard')).toEqual(['2016-02-29', '2016-03-01']);
    expect(decodeCfDates('f.nc', [59, 60], 'days since 2016-01-01', 'noleap')).toEqual(['2016-03-01', '2016-03-02']);
    expect(decodeCfDates('f.nc', [59], 'days since 1900-01-01', 'julian')).toEqual(['1900-02-29']);
    expect(decodeCfDates('f.nc', [59], 'days since 1900-01-01', 'standard')).toEqual(['1900-03-01']);
    expect(decodeCfDates('f.nc', [59, 365, 366], 'days since 2001-01-01', 'all_leap')).toEqual(['2001-02-29', '2001-12-31', '2002-01-01']);
    expect(decodeCfDates('f.nc', [59], 'days since 2001-01-01', '366_day')).toEqual(['2001-02-29']);
  });

  it('noleap: 365-day years from a CLM reference date', () => {
    expect(decodeCfDates('f.nc', [0, 364, 365, 5 * 365 + 151], 'days since 2000-01-01 00:00:00', 'noleap')).toEqual([
      '2000-01-01',
      '2000-12-31',
      '2001-01-01',
      '2005-06-01',
    ]);
    expect(decodeCfDates('f.nc', [10], 'days since 2001-12-25', '365_day')).toEqual(['2002-01-04']);
    // year 0 exists in the model calendars
    expect(decodeCfDates('f.nc', [365, 365 + 31], 'days since 0000-01-01', 'noleap')).toEqual(['0001-01-01', '0001-02-01']);
  });

  it('360_day: twelve 30-day months; CF months and years are exact there', () => {
    expect(decodeCfDates('f.nc', [59, 359, 360], 'days since 2000-01-01', '360_day')).toEqual(['2000-02-30', '2000-12-30', '2001-01-01']);
    expect(decodeCfDates('f.nc', [1, 13], 'months since 2000-01-01', '360_day')).toEqual(['2000-02-01', '2001-02-01']);
    expect(decodeCfDates('f.nc', [2], 'years since 1999-02-30', '360_day')).toEqual(['2001-02-30']);
  });

  it('proleptic_gregorian has a year 0 and negative years (astronomical numbering)', () => {
    // year 0 is a leap year (divisible by 400); year −1 is not
    expect(decodeCfDates('f.nc', [366], 'days since 0000-01-01', 'proleptic_gregorian')).toEqual(['0001-01-01']);
    expect(decodeCfDates('f.nc', [365 + 366], 'days since -0001-01-01', 'proleptic_gregorian')).toEqual(['0001-01-01']);
  });

  it('hours, minutes and seconds, with a time of day and a time zone in the reference', () => {
    expect(decodeCfDates('f.nc', [36], 'hours since 2015-03-31 00:00:00')).toEqual(['2015-04-01']);
    expect(decodeCfDates('f.nc', [43200], 'seconds since 2015-03-31 12:00:00')).toEqual(['2015-04-01']);
    expect(decodeCfDates('f.nc', [719], 'minutes since 2015-03-31T12:00:00Z')).toEqual(['2015-03-31']);
    // local 00:00 at +06:00 is 18:00 UTC the day before
    expect(decodeCfDates('f.nc', [0, 5, 6], 'hours since 2000-01-01 00:00:00 +06:00')).toEqual(['1999-12-31', '1999-12-31', '2000-01-01']);
    expect(decodeCfDates('f.nc', [17, 18], 'hours since 2000-01-01 00:00 -0600')).toEqual(['2000-01-01', '2000-01-02']);
    expect(decodeCfDates('f.nc', [0.5], 'days since 2000-1-1 12:0:0.0', 'noleap')).toEqual(['2000-01-02']);
    // a value a hair under the next day, as float storage writes it, is that next day
    expect(decodeCfDates('f.nc', [86_399.999_999_9], 'seconds since 2000-01-01')).toEqual(['2000-01-02']);
  });

  it('bad units, references or calendars are errors naming the file', () => {
    expect(() => decodeCfDates('t.nc', [0], 'days')).toThrow(/^t\.nc: time units "days"/);
    expect(() => decodeCfDates('t.nc', [0], 'days since 2000-01-01 rubbish')).toThrow(/^t\.nc: time units/);
    expect(() => decodeCfDates('t.nc', [0], 'fortnights since 2000-01-01')).toThrow(/unknown unit "fortnights"/);
    expect(() => decodeCfDates('t.nc', [0], 'days since 2000-01-01', 'none')).toThrow(/t\.nc: calendar "none" is not a CF calendar/);
    expect(() => decodeCfDates('t.nc', [1], 'months since 2000-01-01', 'standard')).toThrow(/t\.nc: .*not calendar months.*days since/);
    expect(() => decodeCfDates('t.nc', [1], 'years since 2000-01-01', 'noleap')).toThrow(/not calendar years/);
    expect(() => decodeCfDates('t.nc', [0], 'days since 2001-02-29', 'noleap')).toThrow(/not a date of the noleap calendar/);
    expect(() => decodeCfDates('t.nc', [0], 'days since 2000-02-30', 'standard')).toThrow(/not a date of the standard calendar/);
    expect(() => decodeCfDates('t.nc', [0], 'days since 1582-10-10', 'standard')).toThrow(/October 1582 do not exist/);
    expect(() => decodeCfDates('t.nc', [0], 'days since 0000-01-01', 'standard')).toThrow(/no year 0/);
    expect(() => decodeCfDates('t.nc', [0], 'days since 0000-01-01', 'noleap')).toThrow(/year 0, outside 1 … 9999/);
    expect(() => decodeCfDates('t.nc', [NaN], 'days since 2000-01-01')).toThrow(/not finite/);
  });
});

describe('gregorianSteps', () => {
  it('keeps steps whose calendar date is a Gregorian day; the others are left out with one warning', () => {
    const labels = decodeCfDates('f.nc', [57, 58, 59, 60], 'days since 2001-01-01', '360_day');
    expect(labels).toEqual(['2001-02-28', '2001-02-29', '2001-02-30', '2001-03-01']);
    const log = silentLogger();
    expect(gregorianSteps('f.nc', labels, log)).toEqual({
      dates: ['2001-02-28', '2001-03-01'],
      layers: [0, 3],
      dropped: ['2001-02-29', '2001-02-30'],
    });
    expect(log.warnings()).toEqual([expect.objectContaining({ code: 'CALENDAR_DAY_DROPPED', count: 2 })]);
    expect(log.warnings()[0].message).toMatch(/^f\.nc: 2 time step\(s\) dated 2001-02-29, 2001-02-30 /);
    expect(gregorianSteps('f.nc', ['2004-02-29', '2004-02-30'])).toEqual({ dates: ['2004-02-29'], layers: [0], dropped: ['2004-02-30'] });
    const quiet = silentLogger();
    gregorianSteps('f.nc', ['2004-02-29'], quiet);
    expect(quiet.warnings()).toEqual([]);
  });
});
