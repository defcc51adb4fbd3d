import type { EnkfKernel } from '../../../kernels/enkf/types.js';
import { formatCsv, type CsvCell } from '../../io/csv.js';
import { DEFAULT_MAX_SM } from '../../cube/physical-range.js';
import type { SiteData } from '../../cube/site-data.js';
import type { Logger } from '../../log.js';
import { enkfFuse, ENKF_FUSE_DEFAULTS, type EnkfFuseOptions } from '../../methods/enkf/fuse.js';
import { enkfSplitDays, ENKF_DEFAULT_SPLIT } from './grid-method.js';
import { writeSiteOutputs } from '../site/outputs.js';

/** `smfuse enkf --site`: the filter on the site's series; writes the site tables plus state.csv. */
export async function runEnkfSite(
  site: SiteData,
  outDir: string,
  kernel: EnkfKernel,
  options: EnkfFuseOptions & { trainFraction?: number; maxSm?: number },
  log: Logger,
): Promise<string[]> {
  const { trainFraction = ENKF_DEFAULT_SPLIT, maxSm = DEFAULT_MAX_SM, ...rest } = options;
  const config = { ...ENKF_FUSE_DEFAULTS, ...rest, recordState: true };
  const t0 = performance.now();
  const r = enkfFuse(site.cube, kernel, config);
  const filter = (performance.now() - t0) / 1000;
  const state: CsvCell[][] =
    r.pixels.length === 0
      ? []
      : site.dates.map((date, d) => [
          date,
          ...[0, 1, 2, 3].map((k) => r.stateMean![d * 4 + k]),
          ...[0, 1, 2, 3].map((k) => r.stateSpread![d * 4 + k]),
        ]);
  const [splitDay] = enkfSplitDays(site.cube, trainFraction);
  return writeSiteOutputs(
    site,
    {
      method: 'enkf',
      backend: kernel.name,
      fused: r.fused,
      sd: r.sd,
      sdMeaning: 'spread of the forecast ensemble of H tau (the state noise since the last analysis included)',
      maxSm,
      splitDay,
      extraTables: { 'state.csv': formatCsv(['date', 'a1', 'a2', 'a3', 'a4', 'a1_sd', 'a2_sd', 'a3_sd', 'a4_sd'], state) },
      config: { ...config, trainFraction, status: r.status[0], initialFit: Array.from(r.initMean) },
      timings: { filter },
    },
    outDir,
    log,
  );
}
