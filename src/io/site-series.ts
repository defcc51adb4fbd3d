import { isIsoDate } from '../cube/dates.js';
import { InputError } from '../errors.js';
import { readCsvText } from './csv.js';
import type { FusionCube } from '../methods/fusion-cube.js';

export interface SiteColumns {
  /** The two SM inputs and LST, in that order. Default ['smap', 'clm', 'lst']. */
  inputs?: readonly [string, string, string];
  /** The observations. Default 'obs'. */
  target?: string;
}

export const SITE_COLUMNS_DEFAULT = { inputs: ['smap', 'clm', 'lst'] as const, target: 'obs' };

export interface SiteData {
  file: string;
  dates: string[];
  /** One pixel. */
  cube: FusionCube;
  /** Column names: the three inputs then the target. */
  names: readonly [string, string, string, string];
}

/**
 * Reads a site series CSV: a header with `date` and the named columns (any order, other
 * columns ignored), one row per day in increasing date order; empty or `NaN` = missing.
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
  const days = lines.length - 1;
  const series = [0, 1, 2, 3].map(() => new Float32Array(days));
  const dates: string[] = [];
  lines.slice(1).forEach((line, r) => {
    const cells = line.split(',');
    const date = (cells[index[0]] ?? '').trim();
    if (!isIsoDate(date)) throw new InputError(file, `line ${r + 2}: "${date}" is not a YYYY-MM-DD date`);
    if (r > 0 && date <= dates[r - 1]) throw new InputError(file, `line ${r + 2}: date ${date} does not follow ${dates[r - 1]}`);
    dates.push(date);
    for (let k = 0; k < 4; k++) {
      const cell = (cells[index[k + 1]] ?? '').trim();
      const v = cell === '' || cell.toLowerCase() === 'nan' ? NaN : Number(cell);
      if (cell !== '' && cell.toLowerCase() !== 'nan' && !Number.isFinite(v)) {
        throw new InputError(file, `line ${r + 2}: ${wanted[k + 1]} "${cell}" is not a number`);
      }
      series[k][r] = v;
    }
  });
  return {
    file,
    dates,
    cube: { days, pixels: 1, smap: series[0], clm: series[1], lst: series[2], obs: series[3] },
    names: [inputs[0], inputs[1], inputs[2], target],
  };
}
