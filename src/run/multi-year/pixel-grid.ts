import type { PixelMethodConfig } from '../../config/pixel-method-config.js';
import { pixelMethodConfigForYear } from '../../config/years.js';
import { bpannGridMethod } from '../bpann/grid-method.js';
import { enkfGridMethod } from '../enkf/grid-method.js';
import { mergePixelGrid, runPixelGrid, runPixelGridShard, type PixelMethod } from '../pixel-grid/run.js';
import { poolPixelGridYears } from './pixel-grid-pool.js';
import { requireYearFiles, type YearlyRuns } from './run.js';

/** The gridded method of a command, for a year's configuration. */
export function gridMethodFor(command: 'bpann' | 'enkf'): (config: PixelMethodConfig) => PixelMethod {
  return command === 'bpann' ? bpannGridMethod : enkfGridMethod;
}

/**
 * The years of a multi-year gridded BPANN/EnKF run, from its configuration parsed with the
 * first year as `year` (paths with {YYYY}); every year is checked now, before the first runs.
 */
export async function pixelGridYears(
  command: 'bpann' | 'enkf',
  template: PixelMethodConfig,
  years: readonly number[],
  source: string,
): Promise<YearlyRuns<PixelMethodConfig>> {
  const methodFor = gridMethodFor(command);
  const configFor = (year: number) => pixelMethodConfigForYear(template, year, source);
  await requireYearFiles(years.map(configFor).flatMap((c) => Object.values(c.inputs)));
  return {
    command,
    out: template.out,
    years,
    template: { ...template, year: undefined },
    configFor,
    async run(config, log, resume) {
      const s = await runPixelGrid(methodFor(config), config, log, { resume });
      log.info(`${command}: wrote ${s.outputs.length} files to ${config.out} (backend ${s.backend})`);
    },
    async shard(config, log, shard) {
      const s = await runPixelGridShard(methodFor(config), config, log, shard);
      log.info(`shard ${shard.index}/${shard.count}: ${s.computed} tiles fused, ${s.reused} from checkpoints, of ${s.tiles}`);
    },
    async merge(dir, log) {
      const s = await mergePixelGrid(dir, log, (_, config) => methodFor(config));
      log.info(`merged: wrote ${s.outputs.length} files to ${dir}`);
    },
    pool: (configs, staging) => poolPixelGridYears(methodFor(configs[0]), configs, staging),
  };
}
