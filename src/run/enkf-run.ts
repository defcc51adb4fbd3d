import { fastKernel } from '../../kernels/enkf/fast.js';
import { formatCsv, type CsvCell } from '../io/csv.js';
import type { SiteData } from '../io/site-series.js';
import { timeSplit } from '../methods/bpann/time-split.js';
import { enkfFuse, ENKF_FUSE_DEFAULTS, type EnkfFuseOptions } from '../methods/enkf/fuse.js';
import { sampleDays } from '../methods/fusion-cube.js';
import { writeSiteOutputs } from './site-run.js';

/** `smfuse enkf --site`: the filter on the site's series; writes the site tables plus state.csv. */
export async function runEnkfSite(site: SiteData, outDir: string, options: EnkfFuseOptions & { trainFraction?: number } = {}): Promise<string[]> {
  const { trainFraction = 2 / 3, ...rest } = options;
  const config = { ...ENKF_FUSE_DEFAULTS, ...rest, recordState: true };
  const t0 = performance.now();
  const r = enkfFuse(site.cube, fastKernel, config);
  const filter = (performance.now() - t0) / 1000;
  const state: CsvCell[][] = r.pixels.length === 0 ? [] : site.dates.map((date, d) => [
    date, ...[0, 1, 2, 3].map((k) => r.stateMean![d * 4 + k]), ...[0, 1, 2, 3].map((k) => r.stateSpread![d * 4 + k]),
  ]);
  const { splitDay } = timeSplit(sampleDays(site.cube, 0), trainFraction, site.cube.days);
  return writeSiteOutputs(site, {
    method: 'enkf',
    fused: r.fused,
    splitDay,
    extraTables: { 'state.csv': formatCsv(['date', 'a1', 'a2', 'a3', 'a4', 'a1_sd', 'a2_sd', 'a3_sd', 'a4_sd'], state) },
    config: { ...config, trainFraction, status: r.status[0], initialFit: Array.from(r.initMean) },
    timings: { filter },
  }, outDir);
}
