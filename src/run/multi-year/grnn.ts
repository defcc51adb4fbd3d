import type { GrnnConfig } from '../../config/grnn-config.js';
import { grnnConfigForYear } from '../../config/years.js';
import { mergeGrnn, runGrnn, runGrnnShard } from '../grnn/run.js';
import { requireYearFiles, type YearlyRuns } from './run.js';
import { poolGrnnYears } from './grnn-pool.js';

/**
 * The years of a multi-year GRNN run, from its configuration parsed with the first year as
 * `year` (paths with {YYYY}); every year's configuration and stack files are checked now,
 * before the first year runs.
 */
export async function grnnYears(template: GrnnConfig, years: readonly number[], source: string): Promise<YearlyRuns<GrnnConfig>> {
  const configFor = (year: number) => grnnConfigForYear(template, year, source);
  await requireYearFiles(years.map(configFor).flatMap((c) => [...Object.values(c.inputs), ...(c.truth ? [c.truth] : [])]));
  return {
    command: 'grnn',
    out: template.out,
    years,
    template: { ...template, year: undefined },
    configFor,
    async run(config, log, resume) {
      const s = await runGrnn(config, log, { resume });
      log.info(`wrote ${s.outputs.length} files to ${config.out} (backend ${s.backend})`);
    },
    async shard(config, log, shard) {
      const s = await runGrnnShard(config, log, shard);
      log.info(`shard ${shard.index}/${shard.count}: ${s.computed} tiles fitted, ${s.reused} from checkpoints, of ${s.tiles}`);
    },
    async merge(dir, log) {
      const s = await mergeGrnn(dir, log);
      log.info(`merged: wrote ${s.outputs.length} files to ${dir}`);
    },
    pool: poolGrnnYears,
  };
}
