import { isIsoDate } from '../cube/dates.js';
import { InputError } from '../../core/errors.js';
import { readCsvText } from './csv.js';
import type { SiteData } from '../cube/site-data.js';

export interface SiteColumns {
  /** The two SM inputs and LST, in that order. Default ['smap', 'clm', 'lst']. */
  inputs?: readonly [string, string, string];
  /** The observations. Default 'obs'. */
  target?: string;
}

export const SITE_COLUMNS_DEFAULT = { inputs: ['smap', 'clm', 'lst'] as const, target: 'obs' };

const DAY_MS = 86_400_000;

/** Milliseconds since 1970 of an ISO date, any year 1 … 9999 (Date.UTC would read years 0–99 as 19xx). */
function utcOf(iso: string): number {
  const t = new Date(0);
  t.setUTCFullYear(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10));
  return t.getTime();
}

/**
 * Reads a site series CSV: a header with `date` and the named columns (any order, other
 * columns ignored), one row per day in increasing date order; empty or `NaN` = missing.
 * A day without a row becomes a gap row (every value missing), so that the series has
 * one entry per calendar day: the EnKF's daily state noise, its fit days and the 2:1
 * split count days. A repeated or earlier date is an InputError naming its line.
 */
export async function readSiteSeries(file: string, columns: SiteColumns = {}): Promise<SiteData> {
  const inputs = columns.inputs ?? SITE_COLUMNS_DEFAULT.inputs;
  const target = columns.target ?? SITE_COLUMNS_DEFAULT.target;
  const text = await readCsvText(file, 'site series');
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines.length < 2) throw new InputError(file, 'has no data rows');
  const header = lines[0].split(',').map((h) => h.trim());
  const wanted = ['date', ...inputs, target];
  const index = wanted.map((name) => {
    const i = header.indexOf(name);
    if (i < 0) throw new InputError(file, `has no column "${name}" (header: ${header.join(',')})`);
    return i;
  });
  const rowDates: string[] = [];
  const rowValues: number[][] = [];
  lines.slice(1).forEach((line, r) => {
    const cells = line.split(',');
    const date = (cells[index[0]] ?? '').trim();
    if (!isIsoDate(date)) throw new InputError(file, `line ${r + 2}: "${date}" is not a YYYY-MM-DD date`);
    if (r > 0 && date <= rowDates[r - 1]) {
      const what = date === rowDates[r - 1] ? 'repeats' : 'comes before';
      throw new InputError(
        file,
        `line ${r + 2}: date ${date} ${what} ${rowDates[r - 1]} on the line above: one row per day, in increasing date order`,
      );
    }
    rowDates.push(date);
    rowValues.push(
      [0, 1, 2, 3].map((k) => {
        const cell = (cells[index[k + 1]] ?? '').trim();
        const v = cell === '' || cell.toLowerCase() === 'nan' ? NaN : Number(cell);
        if (cell !== '' && cell.toLowerCase() !== 'nan' && !Number.isFinite(v)) {
          throw new InputError(file, `line ${r + 2}: ${wanted[k + 1]} "${cell}" is not a number`);
        }
        return v;
      }),
    );
  });
  const start = utcOf(rowDates[0]);
  const days = Math.round((utcOf(rowDates[rowDates.length - 1]) - start) / DAY_MS) + 1;
  const series = [0, 1, 2, 3].map(() => new Float32Array(days).fill(NaN));
  const dates = Array.from({ length: days }, (_, d) => new Date(start + d * DAY_MS).toISOString().slice(0, 10));
  const present = new Uint8Array(days);
  rowDates.forEach((date, r) => {
    const d = Math.round((utcOf(date) - start) / DAY_MS);
    present[d] = 1;
    for (let k = 0; k < 4; k++) series[k][d] = rowValues[r][k];
  });
  const firstGap = present.indexOf(0);
  return {
    file,
    dates,
    cube: { days, pixels: 1, smap: series[0], clm: series[1], lst: series[2], obs: series[3] },
    names: [inputs[0], inputs[1], inputs[2], target],
    filledDays: days - rowDates.length,
    firstFilledDate: firstGap < 0 ? null : dates[firstGap],
  };
}
