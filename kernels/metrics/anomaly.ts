/**
 * Soil-moisture anomalies as pytesmo.time_series.anomaly computes them, on daily series
 * given with their ISO dates (gaps allowed; NaN = no value):
 * - climatology anomaly: value − climatology(day of year), the climatology from the series
 *   itself (pytesmo calc_climatology defaults): a 5-day moving average of the series (gaps
 *   filled from neighbours), its mean per day of year on a 366-day calendar (29 Feb = 60,
 *   1 Mar = 61 in every year), then a 35-day moving average across the days of year
 *   (no wrap-around at the year's ends). Meaningful only when the series spans years.
 * - short-term anomaly: value − its 35-day centred moving average (pytesmo calc_anomaly
 *   without a climatology).
 * A moving average of window w over day numbers t: the mean of the valid values with
 * |t_j − t_i| ≤ w/2 (pytesmo boxcar_filter).
 */

export const CLIMATOLOGY = { smoothSeriesDays: 5, smoothClimatologyDays: 35 } as const;
export const SHORT_TERM_WINDOW_DAYS = 35;
/** Shortest span (first to last date, inclusive) for a climatology anomaly: two years. */
export const MIN_CLIMATOLOGY_SPAN_DAYS = 730;

const MS_PER_DAY = 86400000;

/** Days since 1970-01-01 of ISO dates. */
export function dayNumbers(dates: readonly string[]): Float64Array {
  return Float64Array.from(dates, (d) => Date.parse(`${d}T00:00:00Z`) / MS_PER_DAY);
}

/** Day of year 1…366 on a leap-year calendar, so a date keeps its number in every year. */
export function dayOfYear366(date: string): number {
  const month = Number(date.slice(5, 7));
  const day = Number(date.slice(8, 10));
  return (Date.UTC(2000, month - 1, day) - Date.UTC(2000, 0, 1)) / MS_PER_DAY + 1;
}

/**
 * Centred moving average over ascending day numbers `t` (two pointers, O(n)). With
 * `fillna`, a day without a value gets the mean of its neighbours; without, it stays NaN.
 */
export function movingAverage(
  values: ArrayLike<number>,
  t: ArrayLike<number>,
  window: number,
  fillna: boolean,
  out = new Float64Array(values.length),
): Float64Array {
  const half = window / 2;
  let lo = 0;
  let hi = 0; // window is [lo, hi)
  let sum = 0;
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    while (hi < values.length && t[hi] - t[i] <= half) {
      if (!Number.isNaN(values[hi])) {
        sum += values[hi];
        count++;
      }
      hi++;
    }
    while (t[i] - t[lo] > half) {
      if (!Number.isNaN(values[lo])) {
        sum -= values[lo];
        count--;
      }
      lo++;
    }
    out[i] = (fillna || !Number.isNaN(values[i])) && count > 0 ? sum / count : NaN;
  }
  return out;
}

/** Day numbers and days of year of a date axis, computed once for every pixel's series. */
interface Calendar {
  t: Float64Array;
  /** 0-based day of year on the 366-day calendar. */
  doy: Int32Array;
}

function calendarOf(dates: readonly string[]): Calendar {
  const doy = new Int32Array(dates.length);
  for (let i = 0; i < dates.length; i++) doy[i] = dayOfYear366(dates[i]) - 1;
  return { t: dayNumbers(dates), doy };
}

const DAYS_OF_YEAR = Float64Array.from({ length: 366 }, (_, k) => k + 1);

function climatologyOn(values: ArrayLike<number>, cal: Calendar): Float64Array {
  const smooth = movingAverage(values, cal.t, CLIMATOLOGY.smoothSeriesDays, true);
  const sum = new Float64Array(366);
  const count = new Int32Array(366);
  for (let i = 0; i < smooth.length; i++) {
    if (Number.isNaN(smooth[i])) continue;
    sum[cal.doy[i]] += smooth[i];
    count[cal.doy[i]]++;
  }
  for (let k = 0; k < 366; k++) sum[k] = count[k] > 0 ? sum[k] / count[k] : NaN;
  return movingAverage(sum, DAYS_OF_YEAR, CLIMATOLOGY.smoothClimatologyDays, true);
}

function climatologyAnomalyOn(values: ArrayLike<number>, cal: Calendar): Float64Array {
  const clim = climatologyOn(values, cal);
  const out = new Float64Array(values.length);
  for (let i = 0; i < out.length; i++) out[i] = values[i] - clim[cal.doy[i]];
  return out;
}

function shortTermAnomalyOn(values: ArrayLike<number>, cal: Calendar): Float64Array {
  const out = movingAverage(values, cal.t, SHORT_TERM_WINDOW_DAYS, false);
  for (let i = 0; i < out.length; i++) out[i] = values[i] - out[i];
  return out;
}

/** The 366 values (index 0 = day 1) of the series' climatology; NaN where it has none. */
export function climatology(values: ArrayLike<number>, dates: readonly string[]): Float64Array {
  return climatologyOn(values, calendarOf(dates));
}

/** value − climatology(day of year), for one series. */
export function climatologyAnomaly(values: ArrayLike<number>, dates: readonly string[]): Float64Array {
  return climatologyAnomalyOn(values, calendarOf(dates));
}

/** value − its 35-day centred moving average, for one series. */
export function shortTermAnomaly(values: ArrayLike<number>, dates: readonly string[]): Float64Array {
  return shortTermAnomalyOn(values, calendarOf(dates));
}

export type AnomalyKind = 'climatology' | 'short-term';

/** Whether `dates` (ascending) span long enough for a climatology anomaly. */
export function spansYears(dates: readonly string[]): boolean {
  if (dates.length === 0) return false;
  const t = dayNumbers([dates[0], dates[dates.length - 1]]);
  return t[1] - t[0] + 1 >= MIN_CLIMATOLOGY_SPAN_DAYS;
}

/** Anomalies of every pixel's series of a cube [day][pixel] (pixels = 1: one series). */
export function anomalyCube(cube: ArrayLike<number>, pixels: number, dates: readonly string[], kind: AnomalyKind): Float64Array {
  const days = dates.length;
  if (cube.length !== days * pixels) throw new RangeError(`anomalyCube: ${cube.length} values are not ${days} dates × ${pixels} pixels`);
  const out = new Float64Array(cube.length);
  const series = new Float64Array(days);
  const cal = calendarOf(dates);
  const anomaly = kind === 'climatology' ? climatologyAnomalyOn : shortTermAnomalyOn;
  for (let p = 0; p < pixels; p++) {
    for (let d = 0; d < days; d++) series[d] = cube[d * pixels + p];
    const a = anomaly(series, cal);
    for (let d = 0; d < days; d++) out[d * pixels + p] = a[d];
  }
  return out;
}
