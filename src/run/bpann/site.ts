import { BPANN_WIDTH } from '../../../kernels/bpann/types.js';
import { formatCsv } from '../../io/csv.js';
import { DEFAULT_MAX_SM } from '../../cube/physical-range.js';
import type { SiteData } from '../../cube/site-data.js';
import type { Logger } from '../../log.js';
import { bpannFuse, BPANN_FUSE_DEFAULTS, type BpannFuseOptions } from '../../methods/bpann/fuse.js';
import type { BpannTrainer } from '../../methods/bpann/trainer.js';
import { writeSiteOutputs } from '../site/outputs.js';

/** `smfuse bpann --site`: `members` networks on the site's series (fused_sd their spread); writes the site tables plus weights.csv and training.csv. */
export async function runBpannSite(
  site: SiteData,
  outDir: string,
  trainer: BpannTrainer,
  options: BpannFuseOptions & { maxSm?: number },
  log: Logger,
): Promise<string[]> {
  const { maxSm = DEFAULT_MAX_SM, ...rest } = options;
  const config = { ...BPANN_FUSE_DEFAULTS, ...rest, history: true };
  const t0 = performance.now();
  const r = await bpannFuse(site.cube, trainer, config);
  const train = (performance.now() - t0) / 1000;
  const weights = Array.from({ length: BPANN_WIDTH }, (_, j) => [`node${j + 1}`, ...[0, 1, 2].map((i) => r.firstLayer[j * 3 + i])]);
  const curve = Array.from({ length: config.iterations }, (_, it) => [it, r.history?.[it] ?? NaN]).filter((row) => !Number.isNaN(row[1]));
  return writeSiteOutputs(
    site,
    {
      method: 'bpann',
      backend: trainer.backend,
      fused: r.fused,
      ...(config.members > 1 && { sd: r.sd, sdMeaning: 'spread (sample sd) of the kept ensemble members' }),
      maxSm,
      splitDay: r.splitDay[0],
      extraTables: {
        'weights.csv': formatCsv(['node', ...site.names.slice(0, 3)], weights),
        'training.csv': formatCsv(['iteration', 'mse_scaled'], curve),
      },
      // steps, training MSE, weights.csv and training.csv are member 0's; membersKept after the divergence rule
      config: { ...config, history: undefined, status: r.status[0], membersKept: r.kept[0], steps: r.steps[0], trainMse: r.mse[0] },
      timings: { train },
    },
    outDir,
    log,
  );
}
