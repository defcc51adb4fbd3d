import { resolve } from 'node:path';
import { type Command, Option } from 'commander';
import type { z } from 'zod';
import { configDir, readJsonConfig } from '../config/grnn-config.js';
import {
  PIXEL_METHOD_BACKENDS,
  pixelMethodConfigSchema,
  parsePixelMethodConfig,
  type PixelMethodBackendChoice,
  type PixelMethodConfig,
} from '../config/pixel-method-config.js';
import { enforceSiteContract } from '../contracts/site-contract.js';
import { ConfigError } from '../../core/errors.js';
import { OUTPUT_FORMATS } from '../config/output-format.js';
import type { SiteData } from '../cube/site-data.js';
import { readSiteSeries } from '../io/site-series.js';
import type { Logger } from '../log.js';
import { runPixelGrid, runPixelGridShard, type PixelMethod, type PixelGridSummary } from '../run/pixel-grid/run.js';
import { shardFromFlags } from '../scale/shards.js';
import { addLogOptions, loggerFromOptions } from './log-options.js';
import { number } from './numbers.js';
import { addCheckpointOptions } from './shard-options.js';
import { addStationOptions, hasStationFlags, mergeObsStationFlags } from './station-options.js';
import { reportWithLog } from './report-command.js';
import { checkYearsFormat, takeYears } from '../config/years.js';
import { pixelGridYears } from '../run/multi-year/pixel-grid.js';
import { runMultiYear } from './multi-year-cli.js';

/** Flags shared by bpann and enkf, at a site (--site) or on a grid (--config). */
export function pixelMethodOptions(cmd: Command): Command {
  cmd
    .option('--site <file>', 'site mode: series CSV date,smap,clm,lst,obs (empty = missing)')
    .option('-c, --config <file>', 'gridded mode: JSON configuration (paths inside are relative to it)')
    .option('--inputs <a,b,c>', 'site mode: columns of the two SM inputs and LST (default smap,clm,lst)')
    .option('--target <name>', 'site mode: column of the observations (default obs)')
    .option('--year <year>', 'gridded mode: year to fuse (overrides the configuration)', number)
    .option(
      '--years <years>',
      'gridded mode: several years, each into OUT/<year>, with a summary over all in OUT: FIRST-LAST or a list (2011-2018, 2011,2013); stack paths name the year with {YYYY}',
    )
    .option('--split <fraction>', 'share of sample days, in time order, in the training period (default 2/3)', number)
    .option('--max-sm <v>', 'fused SM outside [0, v] m³/m³ is nulled, kept in fused_raw and flagged (default 0.6)', number)
    .option('--seed <n>', 'random seed (default 0)', number)
    .option('-o, --out <dir>', 'output folder (default "out")')
    .addOption(
      new Option(
        '--backend <name>',
        'auto: native if built, else js (default auto; a BPANN site: js); tfjs: BPANN with --trainer gd only',
      ).choices(PIXEL_METHOD_BACKENDS),
    )
    .option('--threads <n>', 'threads (default: 1 at a site, all cores on a grid)', number)
    .option('--tile-pixels <n>', 'gridded mode: consecutive pixels per checkpoint tile (default 256)', number)
    .addOption(
      new Option('--format <format>', 'gridded mode: raster outputs, GeoTIFFs (default), one CF-NetCDF-4 fused.nc, or both').choices(
        OUTPUT_FORMATS,
      ),
    )
    .option(
      '--report',
      'also write the report (OUT/report/index.html) after a successful run (a shard: run smfuse report after smfuse merge)',
    );
  cmd.option('--stations <path>', 'gridded mode: station target (CSV, ISMN .stm file or download folder), replaces inputs.obs');
  return addLogOptions(addCheckpointOptions(addStationOptions(cmd, 'gridded mode, station target: '), 'gridded mode: '));
}

/** What the common seed, backend and threads are at a site. */
export interface SiteCommon {
  seed?: number;
  backend: PixelMethodBackendChoice;
  threads: number;
  /** The run's logger: warnings go to run.json. */
  log: Logger;
}

/** One method's command: its section of the configuration and how it runs in each mode. */
export interface PixelMethodCli<Section> {
  name: 'bpann' | 'enkf';
  /** Flags (camelCase) that are keys of the method's configuration section. */
  flags: readonly (keyof Section & string)[];
  runSite(site: SiteData, out: string, section: Section, common: SiteCommon): Promise<{ outputs: string[]; backend: string }>;
  /** The method on a grid, from a validated configuration. */
  grid(config: PixelMethodConfig): PixelMethod;
}

/** The action of `smfuse bpann|enkf`: --site or --config, flags over the configuration. */
export async function runPixelMethodCommand<Section>(method: PixelMethodCli<Section>, opts: Record<string, unknown>): Promise<void> {
  const log = loggerFromOptions(opts);
  if ((opts.site === undefined) === (opts.config === undefined)) {
    throw new ConfigError(
      `${method.name}: give either --site series.csv (one site) or --config run.json (a grid), not ${opts.site === undefined ? 'neither' : 'both'}`,
    );
  }
  const flags = Object.fromEntries(['split', ...method.flags].filter((f) => opts[f] !== undefined).map((f) => [f, opts[f]]));
  if (opts.site !== undefined) {
    for (const f of ['year', 'years', 'tilePixels', 'format', 'resume', 'shard', 'shards', 'stations'])
      if (opts[f] !== undefined) throw new ConfigError(`--${kebab(f)} is for gridded runs (--config)`);
    if (hasStationFlags(opts))
      throw new ConfigError('--station-* flags are for gridded runs with a station target (--config); a site series has no stations');
    const section = parseSection(method.name, flags) as Section;
    const out = (opts.out as string | undefined) ?? 'out';
    const site = await readSiteFromFlags(opts);
    const common = {
      seed: opts.seed as number | undefined,
      backend: (opts.backend as PixelMethodBackendChoice | undefined) ?? 'auto',
      threads: (opts.threads as number | undefined) ?? 1,
      log,
    };
    const r = await method.runSite(site, out, section, common);
    log.info(`${method.name}: wrote ${r.outputs.length} files to ${out} (backend ${r.backend})`);
    if (opts.report === true) await reportWithLog(out, log);
    return;
  }
  for (const f of ['inputs', 'target'])
    if (opts[f] !== undefined) throw new ConfigError(`--${f} is for site runs (--site); gridded runs take none`);
  // a shard writes no run.json to report on
  if (opts.report === true && (opts.shard !== undefined || opts.shards !== undefined))
    throw new ConfigError('--report is not for one shard: after smfuse merge, run smfuse report OUT');
  const file = opts.config as string;
  const raw = await readJsonConfig(file);
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new ConfigError(`${file}: the configuration must be a JSON object`);
  const merged: Record<string, unknown> = { ...raw };
  for (const key of ['year', 'seed', 'backend', 'threads', 'tilePixels', 'format']) if (opts[key] !== undefined) merged[key] = opts[key];
  // a flag's path is relative to the current folder, the file's paths to the file
  if (opts.out !== undefined) merged.out = resolve(opts.out as string);
  merged.inputs = mergeObsStationFlags((raw as Record<string, unknown>).inputs, opts);
  merged[method.name] = { ...((raw as Record<string, unknown>)[method.name] as object | undefined), ...flags };
  const years = takeYears(merged, { year: opts.year, years: opts.years }, file);
  const shard = shardFromFlags({ shard: opts.shard as string | undefined, shards: opts.shards as number | undefined });
  if (years) {
    // checked as a one-year configuration of the first year; every year is derived from it (config/years.ts)
    const template = parsePixelMethodConfig({ ...merged, year: years[0] }, file, configDir(file));
    checkYearsFormat(template.format, file);
    await runMultiYear(
      await pixelGridYears(method.name, template, years, file),
      { resume: opts.resume === true, shard, report: opts.report === true },
      log,
    );
    return;
  }
  const config = parsePixelMethodConfig(merged, file, configDir(file));
  if (shard) {
    const t = await runPixelGridShard(method.grid(config), config, log, shard);
    log.info(
      `shard ${shard.index}/${shard.count}: ${t.computed} tiles fused, ${t.reused} from checkpoints, of ${t.tiles}; when every shard is done: smfuse merge ${config.out}`,
    );
    return;
  }
  const s = await runPixelGrid(method.grid(config), config, log, { resume: opts.resume === true });
  logPixelGridSummary(method.name, s, config.out, log);
  if (opts.report === true) await reportWithLog(config.out, log);
}

/** What was written: the tail of a gridded BPANN/EnKF run and of its merge. */
export function logPixelGridSummary(method: string, s: PixelGridSummary, out: string, log: Logger): void {
  log.info(
    `${method}: wrote ${s.outputs.length} files to ${out} in ${Object.values(s.timings)
      .reduce((a, b) => a + b, 0)
      .toFixed(1)} s (backend ${s.backend})`,
  );
}

/** Site mode's method flags, checked by the configuration's rules for that section. */
function parseSection(
  method: 'bpann' | 'enkf',
  flags: Record<string, unknown>,
): z.infer<(typeof pixelMethodConfigSchema.shape)[typeof method]> {
  const parsed = pixelMethodConfigSchema.shape[method].safeParse(flags);
  if (!parsed.success) {
    throw new ConfigError(
      `invalid option: ${parsed.error.issues.map((i) => `--${kebab(String(i.path[0] ?? ''))}: ${i.message}`).join('; ')}`,
    );
  }
  return parsed.data;
}

function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

export async function readSiteFromFlags(opts: Record<string, unknown>): Promise<SiteData> {
  const inputs = typeof opts.inputs === 'string' ? opts.inputs.split(',').map((s) => s.trim()) : undefined;
  if (inputs && inputs.length !== 3)
    throw new ConfigError(`--inputs takes three column names (SM a, SM b, LST), got "${String(opts.inputs)}"`);
  const site = await readSiteSeries(opts.site as string, {
    inputs: inputs as [string, string, string] | undefined,
    target: opts.target as string | undefined,
  });
  // SM columns in m³/m³ and LST in kelvin, as on a grid (src/contracts)
  enforceSiteContract(site, loggerFromOptions(opts));
  return site;
}

/** The options that were given: an undefined flag must not override a method default. */
export function given<T extends Record<string, unknown>>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as Partial<T>;
}
