/**
 * Multi-day composites (MODIS 16-day NDVI) → daily values, per pixel, by linear
 * interpolation in time. A composite is dated by its first day (as MODIS names them) and
 * stands for the centre of its period, first day + (period − 1)/2 (day 7.5 of 0…15).
 * Between two centres the value is interpolated; before the first and after the last
 * valid centre it is held, but only over that composite's own period: days no composite
 * covers are NaN, never extrapolated. A missing (NaN) composite is skipped, so the
 * neighbouring valid ones bridge it.
 */
import { InputError } from '../../core/errors.js';
import { isIsoDate } from '../cube/dates.js';
import { planeSize, type Stack } from '../cube/stack.js';

/** MODIS MOD13/MYD13 composites span 16 days. */
export const MODIS_COMPOSITE_DAYS = 16;

const DAY_MS = 86_400_000;

function dayNumber(iso: string): number {
  return Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) / DAY_MS;
}

/** Every ISO day from the first composite's first day to the last one's last day. */
export function compositeSpan(composites: readonly string[], periodDays = MODIS_COMPOSITE_DAYS): string[] {
  if (composites.length === 0) return [];
  const out: string[] = [];
  const end = dayNumber(composites[composites.length - 1]) + periodDays - 1;
  for (let d = dayNumber(composites[0]); d <= end; d++) out.push(new Date(d * DAY_MS).toISOString().slice(0, 10));
  return out;
}

/**
 * Daily stack on `days` (ISO, ascending) from `composites`, whose dates are the
 * composites' first days (ascending). `source` names the input in errors.
 */
export function compositesToDaily(composites: Stack, days: readonly string[], source: string, periodDays = MODIS_COMPOSITE_DAYS): Stack {
  if (!(Number.isInteger(periodDays) && periodDays >= 1))
    throw new RangeError(`composite period ${periodDays} is not a whole number of days ≥ 1`);
  const starts = composites.dates.map((d, k) => {
    if (!isIsoDate(d))
      throw new InputError(source, `composite ${k + 1} has no date (band description YYYY-MM-DD or a date in the file name)`);
    return dayNumber(d);
  });
  for (let k = 1; k < starts.length; k++) {
    if (starts[k] <= starts[k - 1])
      throw new InputError(source, `composite dates are not ascending: ${composites.dates[k]} after ${composites.dates[k - 1]}`);
  }
  const t = Float64Array.from(days, dayNumber);
  for (let i = 1; i < t.length; i++)
    if (!(t[i] > t[i - 1])) throw new RangeError(`output days are not ascending: ${days[i]} after ${days[i - 1]}`);

  const plane = planeSize(composites);
  const half = (periodDays - 1) / 2;
  const out = new Float32Array(days.length * plane);
  // one pixel's valid composites, reused for every pixel
  const centre = new Float64Array(starts.length);
  const value = new Float64Array(starts.length);
  for (let p = 0; p < plane; p++) {
    let n = 0;
    for (let k = 0; k < starts.length; k++) {
      const v = composites.data[k * plane + p];
      if (v === v) {
        centre[n] = starts[k] + half;
        value[n++] = v;
      }
    }
    let j = 0; // first valid centre at or after the day
    for (let i = 0; i < t.length; i++) {
      while (j < n && centre[j] < t[i]) j++;
      let v = NaN;
      if (j < n && centre[j] === t[i]) v = value[j];
      else if (j > 0 && j < n) {
        const f = (t[i] - centre[j - 1]) / (centre[j] - centre[j - 1]);
        v = value[j - 1] + f * (value[j] - value[j - 1]);
      } else if (j === 0 && n > 0 && t[i] >= centre[0] - half) v = value[0];
      else if (j === n && n > 0 && t[i] <= centre[n - 1] + half) v = value[n - 1];
      out[i * plane + p] = v;
    }
  }
  return { grid: composites.grid, dates: [...days], data: out };
}
