import { resolve } from 'node:path';
import { Command, Option } from 'commander';
import { configDir, parseGrnnConfig, readJsonConfig } from '../config/grnn-config.js';
import { ConfigError } from '../../core/errors.js';
import { OUTPUT_FORMATS } from '../config/output-format.js';
import type { Logger } from '../log.js';
import { runGrnn, runGrnnShard, type GrnnRunSummary } from '../run/grnn/run.js';
import { shardFromFlags } from '../scale/shards.js';
import { addLogOptions, loggerFromOptions } from './log-options.js';
import { number } from './numbers.js';
import { addCheckpointOptions } from './shard-options.js';
import { addStationOptions, mergeStationFlags } from './station-options.js';
import { reportWithLog } from './report-command.js';
import { checkYearsFormat, takeYears } from '../config/years.js';
import { grnnYears } from '../run/multi-year/grnn.js';
import { runMultiYear } from './multi-year-cli.js';
import { commandDescription } from './command-table.js';

const INPUT_NAMES = ['ecv', 'fy', 'lst', 'ndvi', 'albedo', 'dem', 'frozen'] as const;

function sigmaList(value: string): number[] | 'auto' {
  return value === 'auto' ? 'auto' : value.split(',').map(number);
}

/** `smfuse grnn`: GRNN fusion of ECV and FY (SPEC §3). Flags override config keys. */
export function grnnCommand(): Command {
  const cmd = new Command('grnn')
    .description(commandDescription('grnn'))
    .option('-c, --config <file>', 'JSON configuration (paths inside are relative to it)')
    .option('--year <year>', 'year to fuse (bands must be its days)', number)
    .option(
      '--years <years>',
      'several years, each into OUT/<year>, with a summary over all in OUT: FIRST-LAST or a list (2011-2018, 2011,2013); stack paths name the year with {YYYY}',
    )
    .option('--seed <n>', 'random seed (default 0)', number)
    .option('-o, --out <dir>', 'output folder (default "out")');
  for (const name of INPUT_NAMES)
    cmd.option(`--${name} <file>`, `${name === 'frozen' ? 'freeze/thaw mask (1 frozen)' : name} GeoTIFF stack (overrides inputs.${name})`);
  cmd
    .option('--stations <path>', 'validation stations: CSV network,station,lat,lon,date,sm, an ISMN .stm file or an ISMN download folder')
    .option('--truth <file>', 'known truth stack (synthetic runs): adds truth_validation.csv')
    .addOption(
      new Option('--backend <name>', 'compute backend (auto: native if built, else js)').choices(['auto', 'native', 'gpu', 'js', 'tfjs']),
    )
    .option('--threads <n>', 'worker threads (default: all cores)', number)
    .option('--window-deg <deg>', 'training window edge in degrees (default 1)', number)
    .option('--block-deg <deg>', 'predicted block edge in degrees (default = window)', number)
    .option('--subsets <k>', 'random subsets for model selection (default 5)', number)
    .option('--sigmas <list>', 'GRNN spread candidates, comma-separated, or "auto"', sigmaList)
    .option('--min-samples <n>', 'fewest samples a window may train on (default 30)', number)
    .option('--max-widen <steps>', 'times a window may grow by one block per side (default 1)', number)
    .option('--tile-windows <n>', 'consecutive windows per checkpoint tile (default 16)', number)
    .option('--max-sm <m3m3>', 'fused SM above this (or below 0) is nulled, kept in fused_raw.tif, flagged 13 (default 0.6)', number)
    .addOption(
      new Option('--format <format>', 'raster outputs: GeoTIFFs (default), one CF-NetCDF-4 fused.nc, or both').choices(OUTPUT_FORMATS),
    )
    .option('--report', 'also write the report (OUT/report/index.html) after a successful run');
  return addLogOptions(addCheckpointOptions(addStationOptions(cmd))).action(async (opts: Record<string, unknown>) => {
    const log = loggerFromOptions(opts);
    const raw = opts.config ? ((await readJsonConfig(opts.config as string)) as Record<string, unknown>) : {};
    const merged = mergeFlags(raw, opts);
    const years = takeYears(merged, { year: opts.year, years: opts.years }, (opts.config as string) ?? 'command line');
    const base = opts.config ? configDir(opts.config as string) : process.cwd();
    const source = (opts.config as string) ?? 'command line';
    const shard = shardFromFlags({ shard: opts.shard as string | undefined, shards: opts.shards as number | undefined });
    if (shard && opts.report === true) throw new ConfigError('--report needs the whole run: pass it to smfuse merge instead of a shard');
    if (years) {
      // checked as a one-year configuration of the first year; every year is derived from it (config/years.ts)
      const template = parseGrnnConfig({ ...merged, year: years[0] }, source, base);
      checkYearsFormat(template.format, source);
      await runMultiYear(
        await grnnYears(template, years, source),
        { resume: opts.resume === true, shard, report: opts.report === true },
        log,
      );
      return;
    }
    const config = parseGrnnConfig(merged, source, base);
    if (shard) {
      const s = await runGrnnShard(config, log, shard);
      log.info(
        `shard ${shard.index}/${shard.count}: ${s.computed} tiles fitted, ${s.reused} from checkpoints, of ${s.tiles}; when every shard is done: smfuse merge ${config.out}`,
      );
      return;
    }
    const summary = await runGrnn(config, log, { resume: opts.resume === true });
    logRunSummary(summary, config.out, log);
    if (opts.report === true) await reportWithLog(config.out, log);
  });
}

/** Coverage and what was written: the tail of a GRNN run and of a merge. */
export function logRunSummary(summary: GrnnRunSummary, out: string, log: Logger): void {
  const f = summary.products.coverage.fractions;
  log.info(
    `coverage: ecv ${pct(f.ecv)}, fy ${pct(f.fy)}, union ${pct(f.union)} → fused ${pct(f.fused)}` +
      ` (ecv_rec ${pct(f.ecv_rec)}, fy_rec ${pct(f.fy_rec)})`,
  );
  log.info(
    `wrote ${summary.outputs.length} files to ${out} in ${Object.values(summary.timings)
      .reduce((a, b) => a + b, 0)
      .toFixed(1)} s (backend ${summary.backend})`,
  );
}

function pct(x: number): string {
  return `${(100 * x).toFixed(1)}%`;
}

/** Command-line flags on top of the config file's keys (flags win). */
function mergeFlags(raw: Record<string, unknown>, opts: Record<string, unknown>): Record<string, unknown> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new ConfigError('the configuration must be a JSON object');
  const out: Record<string, unknown> = { ...raw };
  const inputs: Record<string, unknown> = { ...(raw.inputs as Record<string, unknown> | undefined) };
  const grnn: Record<string, unknown> = { ...(raw.grnn as Record<string, unknown> | undefined) };
  // Paths given as flags are relative to the current folder, those in the file to the file.
  const fromCwd = (v: unknown) => resolve(String(v));
  for (const key of ['year', 'seed', 'backend', 'threads', 'maxSm', 'format']) if (opts[key] !== undefined) out[key] = opts[key];
  for (const key of ['out', 'truth']) if (opts[key] !== undefined) out[key] = fromCwd(opts[key]);
  const stations = mergeStationFlags(raw.stations, opts);
  if (stations !== undefined) out.stations = stations;
  for (const name of INPUT_NAMES) if (opts[name] !== undefined) inputs[name] = fromCwd(opts[name]);
  const grnnFlags: Record<string, string> = {
    windowDeg: 'windowDeg',
    blockDeg: 'blockDeg',
    subsets: 'subsets',
    sigmas: 'sigmas',
    minSamples: 'minSamples',
    maxWiden: 'maxWiden',
    tileWindows: 'tileWindows',
  };
  for (const [flag, key] of Object.entries(grnnFlags)) if (opts[flag] !== undefined) grnn[key] = opts[flag];
  out.inputs = inputs;
  out.grnn = grnn;
  return out;
}
