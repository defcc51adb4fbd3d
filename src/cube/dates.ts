import { InputError } from '../../core/errors.js';

/** Every ISO date (YYYY-MM-DD) of a calendar year, in order. */
export function datesOfYear(year: number): string[] {
  const out: string[] = [];
  const t = Date.UTC(year, 0, 1);
  const end = Date.UTC(year + 1, 0, 1);
  for (let ms = t; ms < end; ms += 86_400_000) out.push(new Date(ms).toISOString().slice(0, 10));
  return out;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real (proleptic Gregorian) calendar date written YYYY-MM-DD, years 0001 … 9999. */
export function isIsoDate(s: string): boolean {
  const m = ISO_DATE.exec(s);
  return m !== null && isCalendarDate(+m[1], +m[2], +m[3]);
}

/** True when day `d` of month `m` (1 … 12) exists in Gregorian year `y` (≥ 1). */
export function isCalendarDate(y: number, m: number, d: number): boolean {
  if (!(y >= 1 && m >= 1 && m <= 12 && d >= 1)) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return d <= (m === 2 ? (leap ? 29 : 28) : [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]);
}

/**
 * A date read from a file name, band description or metadata item, as YYYY-MM-DD; an
 * InputError naming `file` and `where` when no such day exists (2017-02-31, 2017-13-01).
 */
export function checkedDate(y: number, m: number, d: number, file: string, where: string): string {
  const iso = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  if (!isCalendarDate(y, m, d)) throw new InputError(file, `${where}: ${iso} is not a calendar date (month 1 … 12, day within the month)`);
  return iso;
}

/**
 * The date `text` is, when it is written YYYY-MM-DD (all of it): null when it is not
 * written so, an InputError naming `file` and `where` when it is but no such day exists.
 */
export function writtenDate(text: string, file: string, where: string): string | null {
  const m = ISO_DATE.exec(text);
  return m ? checkedDate(+m[1], +m[2], +m[3], file, where) : null;
}
