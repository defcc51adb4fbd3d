import { nullOutOfRange, warnOutOfRange } from '../../cube/physical-range.js';
import { formatCsv, type CsvCell } from '../../io/csv.js';
import { writeRunOutputs } from '../../io/staging.js';
import type { SiteData } from '../../cube/site-data.js';
import type { Logger } from '../../log.js';
import { VERSION } from '../../version.js';
import { uncertaintySection } from '../pixel-grid/uncertainty.js';
import { splitPeriods, writePixelMethodTables } from './tables.js';

/** What a site run of either method hands to the common writer. */
export interface SiteResult {
  method: 'bpann' | 'enkf';
  /** The implementation that ran (e.g. js, native-avx2). */
  backend: string;
  /** Nulled where outside [0, maxSm] (cube/physical-range.ts) by the writer. */
  fused: Float32Array;
  /** sd of each day's fused value (ensemble spread), m³/m³; absent when the method gives none (BPANN with one member). */
  sd?: Float32Array;
  /** What `sd` is (run.json's uncertainty section). */
  sdMeaning?: string;
  /** Upper bound of the physical range of fused SM, m³/m³. */
  maxSm: number;
  /** First day of the validation period. */
  splitDay: number;
  /** Method-specific tables, name → CSV text. */
  extraTables: Record<string, string>;
  config: Record<string, unknown>;
  timings: Record<string, number>;
}

/**
 * Writes fused.csv (with `fused_sd`, empty when the method gives no sd), metrics.csv, improvement.csv, percentiles.csv, the extra tables and
 * run.json (last, with the run's warnings). Fused values outside [0, maxSm] are nulled
 * in `fused` and the tables, kept in fused.csv's `fused_raw` and flagged `out_of_range`.
 */
export async function writeSiteOutputs(site: SiteData, result: SiteResult, outDir: string, log: Logger): Promise<string[]> {
  const { cube, dates, names } = site;
  if (site.filledDays > 0) {
    log.warn(
      'SITE_DAYS_FILLED',
      `${site.file}: ${site.filledDays} days between its first and last date have no row (the first ${site.firstFilledDate}): added as gap rows, every value missing`,
      site.filledDays,
    );
  }
  const range = nullOutOfRange(result.fused, result.maxSm);
  warnOutOfRange(log, range, result.maxSm, 'days', "fused.csv's fused_raw column (flag out_of_range)");
  const raw = range.raw ?? result.fused;
  const periodOf = (d: number) => (d < result.splitDay ? 'train' : 'validation');
  const periods = splitPeriods([result.splitDay], cube.days);
  const fusedName = `fused_${result.method}`;
  const inputs = [
    { name: names[0], values: cube.smap },
    { name: names[1], values: cube.clm },
  ];
  const fused = { name: fusedName, values: result.fused };
  const rows: CsvCell[][] = dates.map((date, d) => {
    const flag = Number.isNaN(result.fused[d]) && !Number.isNaN(raw[d]) ? 'out_of_range' : '';
    const sd = result.sd && !Number.isNaN(result.fused[d]) ? result.sd[d] : NaN;
    return [date, result.fused[d], raw[d], sd, flag, periodOf(d), cube.smap[d], cube.clm[d], cube.lst[d], cube.obs[d]];
  });
  return writeRunOutputs(outDir, async (staging) => {
    await staging.writeText('fused.csv', formatCsv(['date', 'fused', 'fused_raw', 'fused_sd', 'flag', 'period', ...names], rows));
    await writePixelMethodTables(staging, inputs, fused, cube.obs, periods);
    for (const [name, text] of Object.entries(result.extraTables)) await staging.writeText(name, text);
    const run = {
      version: VERSION,
      method: result.method,
      site: site.file,
      columns: names,
      backend: result.backend,
      ...result.config,
      maxSm: result.maxSm,
      splitDate: dates[result.splitDay] ?? null,
      filledDays: site.filledDays,
      timings: result.timings,
      ...(result.sd && {
        uncertainty: uncertaintySection(result.sdMeaning ?? 'ensemble spread', result.fused, result.sd, cube.obs, periods),
      }),
      warnings: log.warnings(),
    };
    return run;
  });
}
