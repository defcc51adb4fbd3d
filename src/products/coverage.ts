import { planeSize, type Stack } from '../cube/stack.js';
import { assertSameLayout } from './same-layout.js';

/** Share of valid pixel-days over a domain (GRNN paper Fig. 4). */
export interface CoverageStats {
  /** Per series: valid pixel-days / (domain pixels × days). */
  fractions: Record<string, number>;
  /** Per day: valid domain pixels / domain pixels, per series. */
  daily: { date: string; values: Record<string, number> }[];
  /** Per series and pixel: fraction of days valid; NaN outside the domain. */
  perPixel: Record<string, Float32Array>;
}

/**
 * Coverage of each series over `domain` (one byte per pixel, nonzero = in the domain).
 * All series must share grid and dates. With an empty domain (or no days) every
 * fraction is NaN: there is nothing to cover.
 */
export function coverageStats(series: Record<string, Stack>, domain: Uint8Array): CoverageStats {
  assertSameLayout(series);
  const names = Object.keys(series);
  const fractions: Record<string, number> = {};
  const perPixel: Record<string, Float32Array> = {};
  if (names.length === 0) return { fractions, daily: [], perPixel };

  const { dates } = series[names[0]];
  const plane = planeSize(series[names[0]]);
  if (domain.length !== plane) {
    throw new RangeError(`coverage domain has ${domain.length} pixels, the grid ${plane}`);
  }
  let domainPixels = 0;
  for (let p = 0; p < plane; p++) if (domain[p] !== 0) domainPixels++;

  const daily = dates.map((date) => ({ date, values: {} as Record<string, number> }));
  const validDays = new Int32Array(plane);
  for (const name of names) {
    const { data } = series[name];
    validDays.fill(0);
    let total = 0;
    for (let d = 0; d < dates.length; d++) {
      const base = d * plane;
      let valid = 0;
      for (let p = 0; p < plane; p++) {
        if (domain[p] !== 0 && !Number.isNaN(data[base + p])) {
          validDays[p]++;
          valid++;
        }
      }
      daily[d].values[name] = valid / domainPixels;
      total += valid;
    }
    fractions[name] = total / (domainPixels * dates.length);
    const map = new Float32Array(plane);
    for (let p = 0; p < plane; p++) map[p] = domain[p] !== 0 ? validDays[p] / dates.length : NaN;
    perPixel[name] = map;
  }
  return { fractions, daily, perPixel };
}

/**
 * A stack valid wherever `a` or `b` is valid, so the coverage of "ECV ∪ FY" goes
 * through {@link coverageStats} like any product. Only validity means anything:
 * valid pixel-days hold 1, the rest NaN.
 */
export function unionValid(a: Stack, b: Stack): Stack {
  assertSameLayout({ a, b });
  const data = new Float32Array(a.data.length);
  for (let i = 0; i < data.length; i++) {
    data[i] = Number.isNaN(a.data[i]) && Number.isNaN(b.data[i]) ? NaN : 1;
  }
  return { grid: a.grid, dates: a.dates, data };
}
