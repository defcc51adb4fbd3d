import { formatCsv, type CsvCell } from '../io/csv.js';
import { openStaging } from '../io/staging.js';
import type { SiteData } from '../io/site-series.js';
import { VERSION } from '../version.js';
import { splitPeriods, writeFusionTables } from './site-tables.js';

/** What a site run of either method hands to the common writer. */
export interface SiteResult {
  method: 'bpann' | 'enkf';
  /** The implementation that ran (e.g. js, native-avx2). */
  backend: string;
  fused: Float32Array;
  /** First day of the validation period. */
  splitDay: number;
  /** Method-specific tables, name → CSV text. */
  extraTables: Record<string, string>;
  config: Record<string, unknown>;
  timings: Record<string, number>;
}

/** Writes fused.csv, metrics.csv, improvement.csv, percentiles.csv, the extra tables and run.json (last). */
export async function writeSiteOutputs(site: SiteData, result: SiteResult, outDir: string): Promise<string[]> {
  const { cube, dates, names } = site;
  const periodOf = (d: number) => (d < result.splitDay ? 'train' : 'validation');
  const periods = splitPeriods([result.splitDay], cube.days);
  const fusedName = `fused_${result.method}`;
  const inputs = [{ name: names[0], values: cube.smap }, { name: names[1], values: cube.clm }];
  const fused = { name: fusedName, values: result.fused };
  const rows: CsvCell[][] = dates.map((date, d) => [date, result.fused[d], periodOf(d), cube.smap[d], cube.clm[d], cube.lst[d], cube.obs[d]]);
  const staging = await openStaging(outDir);
  try {
    await staging.writeText('fused.csv', formatCsv(['date', 'fused', 'period', ...names], rows));
    await writeFusionTables(staging, inputs, fused, cube.obs, periods);
    for (const [name, text] of Object.entries(result.extraTables)) await staging.writeText(name, text);
    const run = { version: VERSION, method: result.method, site: site.file, columns: names, backend: result.backend, ...result.config, splitDate: dates[result.splitDay] ?? null, timings: result.timings };
    await staging.writeText('run.json', JSON.stringify(run, null, 2) + '\n');
    return await staging.commit('run.json');
  } catch (e) {
    await staging.discard();
    throw e;
  }
}
