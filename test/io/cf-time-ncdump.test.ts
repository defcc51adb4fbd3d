import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { decodeCfDates } from '../../src/io/cf-time.js';
import { hasNetcdfTools, ncgen } from '../helpers/netcdf-tools.js';

/** The dates `ncdump -t` prints for variable `time` (its date part: "1969-12-30 18" → 1969-12-30). */
function ncdumpDates(file: string): string[] {
  const text = execFileSync('ncdump', ['-t', '-v', 'time', file], { encoding: 'utf8' });
  const data = text.slice(text.lastIndexOf('data:'));
  return [...data.matchAll(/"([^"]+)"/g)].map((m) => m[1].slice(0, 10));
}

/** Deterministic spread of values over [lo, hi), whole and fractional. */
function values(n: number, lo: number, hi: number, seed: number): number[] {
  let s = seed;
  return Array.from({ length: n }, (_, i) => {
    s = (s * 1_103_515_245 + 12_345) % 2 ** 31;
    const v = lo + ((hi - lo) * s) / 2 ** 31;
    return i % 2 === 0 ? Math.round(v) : Math.round(v * 8) / 8;
  });
}

const CASES: { calendar: string; units: string; lo: number; hi: number }[] = [
  { calendar: 'standard', units: 'days since 1970-01-01 00:00:00', lo: -140_000, hi: 2_900_000 },
  { calendar: 'gregorian', units: 'hours since 1850-01-01 06:00:00', lo: 0, hi: 2_000_000 },
  { calendar: 'standard', units: 'days since 1-1-1', lo: 0, hi: 577_700 },
  { calendar: 'proleptic_gregorian', units: 'days since 0001-01-01', lo: 0, hi: 3_000_000 },
  { calendar: 'proleptic_gregorian', units: 'seconds since 1970-01-01T00:00:00', lo: -5e10, hi: 5e10 },
  { calendar: 'julian', units: 'days since 1900-01-01', lo: -600_000, hi: 2_000_000 },
  { calendar: 'noleap', units: 'days since 2000-01-01 00:00:00', lo: -700_000, hi: 2_000_000 },
  { calendar: '365_day', units: 'minutes since 1979-02-28 23:00', lo: 0, hi: 1e8 },
  { calendar: 'all_leap', units: 'days since 0001-01-01', lo: 0, hi: 3_000_000 },
  { calendar: '366_day', units: 'hours since 2000-02-29 12:00:00', lo: -1e6, hi: 1e6 },
  { calendar: '360_day', units: 'days since 1860-12-30', lo: -600_000, hi: 2_000_000 },
  { calendar: '360_day', units: 'hours since 0001-01-01 00:00:00', lo: 0, hi: 7e7 },
];

describe.skipIf(!hasNetcdfTools)('decodeCfDates against ncdump -t', () => {
  it.each(CASES)('$calendar, $units: 400 values give the dates ncdump -t prints', ({ calendar, units, lo, hi }) => {
    const t = values(400, lo, hi, 7 + lo + hi);
    const cdl = `netcdf t { dimensions: time = ${t.length} ; variables: double time(time) ; time:units = "${units}" ; time:calendar = "${calendar}" ;\ndata: time = ${t.map((v) => (Number.isInteger(v) ? v.toFixed(1) : String(v))).join(', ')} ; }\n`;
    const expected = ncdumpDates(ncgen(cdl, 'classic', 't.nc'));
    expect(expected).toHaveLength(t.length);
    expect(decodeCfDates('t.nc', t, units, calendar)).toEqual(expected);
  });
});
