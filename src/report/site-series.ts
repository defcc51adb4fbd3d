/** The daily series of a site run's fused.csv, named as in metrics.csv. */
import { InputError } from '../../core/errors.js';
import { SERIES_COLORS } from './charts.js';
import { csvNumber, type OutputFolder, type SiteRunRecord } from './output-folder.js';

export interface SiteSeries {
  readonly dates: readonly string[];
  /** `train` or `validation` per day. */
  readonly periods: readonly string[];
  readonly obsName: string;
  readonly obs: Float64Array;
  /** The two SM inputs then the fused series (`fused_<method>`), each with its colour. */
  readonly estimates: readonly { readonly name: string; readonly values: Float64Array; readonly color: string }[];
}

export async function readSiteSeries(folder: OutputFolder<SiteRunRecord>): Promise<SiteSeries> {
  const rows = await folder.csv('fused.csv');
  if (!rows || rows.length === 0) throw new InputError(`${folder.dir}/fused.csv`, 'is missing or empty: the site run did not finish');
  const [a, b, , obsName] = folder.run.columns;
  const column = (name: string) => Float64Array.from(rows, (r) => csvNumber(r[name]));
  return {
    dates: rows.map((r) => r.date),
    periods: rows.map((r) => r.period),
    obsName,
    obs: column(obsName),
    estimates: [
      { name: a, values: column(a), color: SERIES_COLORS.ecv },
      { name: b, values: column(b), color: SERIES_COLORS.fy },
      { name: `fused_${folder.run.method}`, values: column('fused'), color: SERIES_COLORS.fused },
    ],
  };
}

/** True when most days with a value are followed by one: such a series reads as a line, others as dots. */
export function isContinuous(values: ArrayLike<number>): boolean {
  let valid = 0;
  let followed = 0;
  for (let d = 0; d + 1 < values.length; d++) {
    if (!Number.isFinite(values[d])) continue;
    valid++;
    if (Number.isFinite(values[d + 1])) followed++;
  }
  return valid > 0 && followed >= 0.8 * valid;
}
