/**
 * CF time coordinates (`<unit> since <reference date/time [time zone]>`, with a calendar) →
 * each step's date in that calendar, written YYYY-MM-DD. Every CF calendar is read:
 * standard/gregorian (Julian before 1582-10-15, Gregorian from then on, as cftime and
 * `ncdump -t`), proleptic_gregorian, julian, noleap/365_day, all_leap/366_day, 360_day.
 *
 * A date is kept as the model labels it, so a noleap year has no 29 February and a
 * 360_day year has a 30 February; `gregorianSteps` says which labels are days smfuse can
 * stack (see there for the rule).
 */
import { InputError } from '../../core/errors.js';
import { isIsoDate } from '../cube/dates.js';
import type { Logger } from '../log.js';

type Calendar = 'standard' | 'proleptic_gregorian' | 'julian' | 'noleap' | 'all_leap' | '360_day';

const CALENDARS: Record<string, Calendar> = {
  standard: 'standard',
  gregorian: 'standard',
  proleptic_gregorian: 'proleptic_gregorian',
  julian: 'julian',
  noleap: 'noleap',
  '365_day': 'noleap',
  all_leap: 'all_leap',
  '366_day': 'all_leap',
  '360_day': '360_day',
};

const DAY_S = 86_400;
/** Seconds per unit. UDUNITS months and years (1/12 and 365.242198781 days) are no calendar's months, so they are read only in 360_day, where they are exact. */
const UNIT_SECONDS: Record<string, number> = {
  days: DAY_S,
  day: DAY_S,
  d: DAY_S,
  hours: 3600,
  hour: 3600,
  hrs: 3600,
  hr: 3600,
  h: 3600,
  minutes: 60,
  minute: 60,
  mins: 60,
  min: 60,
  seconds: 1,
  second: 1,
  secs: 1,
  sec: 1,
  s: 1,
};
const UNIT_SECONDS_360: Record<string, number> = {
  months: 30 * DAY_S,
  month: 30 * DAY_S,
  years: 360 * DAY_S,
  year: 360 * DAY_S,
  yr: 360 * DAY_S,
  yrs: 360 * DAY_S,
};

/** First Julian Day Number of the Gregorian calendar in the standard calendar: 1582-10-15. */
const GREGORIAN_START_JDN = 2_299_161;
/** 1970-01-01 (Gregorian) and 0000-03-01 (Julian, astronomical year 0) as Julian Day Numbers. */
const UNIX_EPOCH_JDN = 2_440_588;
const JULIAN_YEAR0_MARCH1_JDN = 1_721_118;

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const MONTH_START_NOLEAP = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];
const MONTH_START_LEAP = [0, 31, 60, 91, 121, 152, 182, 213, 244, 274, 305, 335];

// <unit> since <[-]Y-M-D>[( |T)h[:m[:s[.f]]]][ ]<Z|UTC|GMT|±h[[:]mm]>
const UNITS_RE =
  /^\s*([a-z]+)\s+since\s+([+-]?\d{1,6})-(\d{1,2})-(\d{1,2})(?:(?:\s+|T)(\d{1,2})(?::(\d{1,2})(?::(\d{1,2}(?:\.\d*)?))?)?)?\s*(Z|UTC|GMT|[+-]\d{1,2}(?::?\d{2})?)?\s*$/i;

interface Ymd {
  y: number;
  m: number;
  d: number;
}

/**
 * The date (in `calendar`) of each time value, YYYY-MM-DD; the time of day is dropped (a
 * step at 2000-01-01 18:00 is 2000-01-01). Bad units, calendars or values are errors
 * naming `file`.
 */
export function decodeCfDates(file: string, values: ArrayLike<number>, units: string | undefined, calendar = 'standard'): string[] {
  const cal = CALENDARS[calendar.trim().toLowerCase()];
  if (cal === undefined)
    throw new InputError(file, `calendar "${calendar}" is not a CF calendar smfuse reads (${Object.keys(CALENDARS).join(', ')})`);
  const m = UNITS_RE.exec(units ?? '');
  if (!m)
    throw new InputError(
      file,
      `time units "${units ?? ''}" are not "<days|hours|minutes|seconds> since <YYYY-MM-DD[ hh:mm:ss][ time zone]>"`,
    );
  const unit = m[1].toLowerCase();
  const perUnit = UNIT_SECONDS[unit] ?? (cal === '360_day' ? UNIT_SECONDS_360[unit] : undefined);
  if (perUnit === undefined) {
    throw new InputError(
      file,
      UNIT_SECONDS_360[unit] !== undefined
        ? `time units "${units}": CF ${unit} are fixed lengths (a year is 365.242198781 days, a month 1/12 of that), not calendar ${unit}, so they would put steps on the wrong days in the ${calendar} calendar; store the time in days (e.g. "days since …")`
        : `time units "${units}": unknown unit "${m[1]}" (use days, hours, minutes or seconds)`,
    );
  }
  const ref = { y: Number(m[2]), m: Number(m[3]), d: Number(m[4]) };
  checkReference(file, units!, cal, ref);
  const [hh, mm, ss] = [Number(m[5] ?? 0), Number(m[6] ?? 0), Number(m[7] ?? 0)];
  if (hh > 24 || mm > 59 || ss >= 61) throw new InputError(file, `time units "${units}": the reference time of day is not a time`);
  const refSeconds = hh * 3600 + mm * 60 + ss - zoneSeconds(m[8]);
  const refDay = dayNumber(cal, ref);
  const out: string[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) throw new InputError(file, `time value ${v} (step ${i + 1}) is not finite`);
    // a millisecond of slack, so 23:59:59.9999 written in float does not fall a day short
    const day = refDay + Math.floor((refSeconds + v * perUnit + 1e-3) / DAY_S);
    const date = dateOf(cal, day);
    if (date.y < 1 || date.y > 9999)
      throw new InputError(file, `time value ${v} (step ${i + 1}) with units "${units}" falls in year ${date.y}, outside 1 … 9999`);
    out.push(isoLabel(date));
  }
  return out;
}

/**
 * Which steps (dated in any calendar by `decodeCfDates`) go into smfuse's daily stacks,
 * which are Gregorian days. Rule, as CLM noleap files have always been read: a step keeps
 * its calendar date (so a model's 1 July is 1 July). A date that no Gregorian year has —
 * 30 February (360_day), 29 February of a year that is not a Gregorian leap year
 * (all_leap, 360_day, julian, standard before 1582) — is left out, listed in `dropped` and
 * warned about on `log` (CALENDAR_DAY_DROPPED); Gregorian days without a step (29 February
 * in noleap, the 31sts in 360_day) are missing days (NaN), as any day without data.
 * `layers[i]` is the file's time index of `dates[i]`.
 */
export function gregorianSteps(
  file: string,
  labels: readonly string[],
  log?: Logger,
): { dates: string[]; layers: number[]; dropped: string[] } {
  const dates: string[] = [];
  const layers: number[] = [];
  const dropped: string[] = [];
  labels.forEach((label, layer) => {
    if (isIsoDate(label)) {
      dates.push(label);
      layers.push(layer);
    } else dropped.push(label);
  });
  if (dropped.length > 0) {
    log?.warn(
      'CALENDAR_DAY_DROPPED',
      `${file}: ${dropped.length} time step(s) dated ${dropped.slice(0, 3).join(', ')}${dropped.length > 3 ? ', …' : ''} in the file's calendar are days no Gregorian year has; they are left out`,
      dropped.length,
    );
  }
  return { dates, layers, dropped };
}

function checkReference(file: string, units: string, cal: Calendar, r: Ymd): void {
  const fail = (why: string) => new InputError(file, `time units "${units}": ${why}`);
  if ((cal === 'standard' || cal === 'julian') && r.y < 1)
    throw fail(`the ${cal} calendar has no year ${r.y} (CF: no year 0 there; years start at 1)`);
  if (r.m < 1 || r.m > 12 || r.d < 1 || r.d > monthLength(cal, r.y, r.m))
    throw fail(`the reference date is not a date of the ${cal} calendar`);
  if (cal === 'standard' && r.y === 1582 && r.m === 10 && r.d > 4 && r.d < 15)
    throw fail('5 … 14 October 1582 do not exist in the standard calendar (Julian until the 4th, Gregorian from the 15th)');
}

function monthLength(cal: Calendar, y: number, m: number): number {
  if (cal === '360_day') return 30;
  if (m !== 2) return MONTH_DAYS[m - 1];
  const leap =
    cal === 'all_leap'
      ? true
      : cal === 'noleap'
        ? false
        : cal === 'julian' || (cal === 'standard' && y < 1582)
          ? y % 4 === 0
          : (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return leap ? 29 : 28;
}

/** The time zone's offset east of UTC, in seconds (local = UTC + offset). */
function zoneSeconds(zone: string | undefined): number {
  const m = /^([+-])(\d{1,2}):?(\d{2})?$/.exec(zone ?? '');
  if (!m) return 0;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 3600 + Number(m[3] ?? 0) * 60);
}

/** A day count on one scale per calendar: Julian Day Numbers for the real-world calendars, days since year 0 for the model ones. */
function dayNumber(cal: Calendar, date: Ymd): number {
  switch (cal) {
    case 'noleap':
      return 365 * date.y + MONTH_START_NOLEAP[date.m - 1] + date.d - 1;
    case 'all_leap':
      return 366 * date.y + MONTH_START_LEAP[date.m - 1] + date.d - 1;
    case '360_day':
      return 360 * date.y + 30 * (date.m - 1) + date.d - 1;
    case 'julian':
      return julianToJdn(date);
    case 'proleptic_gregorian':
      return gregorianToJdn(date);
    case 'standard':
      return date.y * 10_000 + date.m * 100 + date.d >= 15_821_015 ? gregorianToJdn(date) : julianToJdn(date);
  }
}

function dateOf(cal: Calendar, n: number): Ymd {
  switch (cal) {
    case 'noleap':
      return fromYearDay(Math.floor(n / 365), n - 365 * Math.floor(n / 365), MONTH_START_NOLEAP);
    case 'all_leap':
      return fromYearDay(Math.floor(n / 366), n - 366 * Math.floor(n / 366), MONTH_START_LEAP);
    case '360_day': {
      const y = Math.floor(n / 360);
      const doy = n - 360 * y;
      return { y, m: Math.floor(doy / 30) + 1, d: (doy % 30) + 1 };
    }
    case 'julian':
      return jdnToJulian(n);
    case 'proleptic_gregorian':
      return jdnToGregorian(n);
    case 'standard':
      return n >= GREGORIAN_START_JDN ? jdnToGregorian(n) : jdnToJulian(n);
  }
}

function fromYearDay(y: number, doy: number, monthStart: readonly number[]): Ymd {
  let m = 11;
  while (monthStart[m] > doy) m--;
  return { y, m: m + 1, d: doy - monthStart[m] + 1 };
}

// Years counted from March (Hinnant's civil-date algorithms), so a leap day ends its year.
const marchDay = (m: number, d: number) => Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;

function fromMarchDay(y: number, doy: number): Ymd {
  const mp = Math.floor((5 * doy + 2) / 153);
  const m = mp < 10 ? mp + 3 : mp - 9;
  return { y: m <= 2 ? y + 1 : y, m, d: doy - Math.floor((153 * mp + 2) / 5) + 1 };
}

function gregorianToJdn({ y, m, d }: Ymd): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - 400 * era;
  const doe = 365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100) + marchDay(m, d);
  return 146_097 * era + doe - 719_468 + UNIX_EPOCH_JDN;
}

function jdnToGregorian(jdn: number): Ymd {
  const z = jdn - UNIX_EPOCH_JDN + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - 146_097 * era;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  return fromMarchDay(400 * era + yoe, doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100)));
}

function julianToJdn({ y, m, d }: Ymd): number {
  const yy = m <= 2 ? y - 1 : y;
  const cycle = Math.floor(yy / 4);
  return 1461 * cycle + 365 * (yy - 4 * cycle) + marchDay(m, d) + JULIAN_YEAR0_MARCH1_JDN;
}

function jdnToJulian(jdn: number): Ymd {
  const z = jdn - JULIAN_YEAR0_MARCH1_JDN;
  const cycle = Math.floor(z / 1461);
  const doc = z - 1461 * cycle;
  const yoc = Math.min(Math.floor(doc / 365), 3);
  return fromMarchDay(4 * cycle + yoc, doc - 365 * yoc);
}

function isoLabel({ y, m, d }: Ymd): string {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}
