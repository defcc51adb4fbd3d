/**
 * Multi-year runs: a layer above the one-year runs. Each year runs, shards and merges
 * exactly as a one-year run into OUT/<year>/ (its own run.json, its own checkpoints in
 * OUT/<year>/.smfuse-work); then the summary over all years goes into OUT/ (run.json
 * last). OUT/.smfuse-years.json records the years and the configuration, so that
 * `smfuse merge OUT` and `--resume` know the run and refuse one with other settings.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { yearFolder } from '../../config/years.js';
import { ConfigError, InputError } from '../../../core/errors.js';
import { type Staging, writeRunOutputs } from '../../io/staging.js';
import type { Logger } from '../../log.js';
import { VERSION } from '../../version.js';
import type { RunWarning } from '../../warnings.js';
import { WORK_FOLDER } from '../../scale/work-folder.js';
import { yearLogger } from './log.js';
import { runTimer, type Timed } from '../../scale/run-timer.js';
import type { Shard } from '../../scale/shards.js';

export const YEARS_MANIFEST = '.smfuse-years.json';

export type YearlyCommand = 'grnn' | 'bpann' | 'enkf';

/** One method's years: how a year runs, shards and merges (the one-year functions), and what is pooled. */
export interface YearlyRuns<C> {
  readonly command: YearlyCommand;
  /** OUT: the years' folders and the summary. */
  readonly out: string;
  readonly years: readonly number[];
  /** The configuration the years derive from, as recorded (paths with {YYYY}, no `year`): the manifest and run.json hold it. */
  readonly template: unknown;
  configFor(year: number): C;
  run(config: C, log: Logger, resume: boolean): Promise<void>;
  shard(config: C, log: Logger, shard: Shard): Promise<void>;
  /** `smfuse merge` of one year's folder. */
  merge(yearOut: string, log: Logger): Promise<void>;
  /** The outputs over all years, staged into OUT; returns their figures for run.json. */
  pool(configs: C[], staging: Staging): Promise<Record<string, unknown>>;
}

interface YearsManifest {
  readonly smfuse: string;
  readonly command: YearlyCommand;
  readonly years: readonly number[];
  readonly config: unknown;
}

export interface MultiYearOptions {
  readonly resume?: boolean;
  readonly shard?: Shard;
}

export interface MultiYearSummary {
  /** Years computed (or merged) now, and those finished before and skipped (--resume, shards). */
  readonly done: number[];
  readonly skipped: number[];
  /** Files written into OUT (none for a shard). */
  readonly outputs: string[];
}

/**
 * Runs every year in turn (or this shard of every year), then, unless a shard, writes the
 * summary. With `resume` or a shard, a year whose folder holds a finished run (run.json,
 * no checkpoints) of this configuration is skipped.
 */
export async function runYears<C>(spec: YearlyRuns<C>, log: Logger, options: MultiYearOptions = {}): Promise<MultiYearSummary> {
  const { timings, timed } = runTimer();
  const reuse = options.resume === true || options.shard !== undefined;
  await writeManifest(spec, reuse);
  const done: number[] = [];
  const skipped: number[] = [];
  await timed('years_s', async () => {
    for (const year of spec.years) {
      const config = spec.configFor(year);
      const dir = yearFolder(spec.out, year);
      if (reuse && (await finishedYear(dir, spec.command, year))) {
        log.info(`${year}: finished before (${dir}/run.json), skipped`);
        skipped.push(year);
        continue;
      }
      const ylog = yearLogger(log, year);
      if (options.shard) await spec.shard(config, ylog, options.shard);
      else await spec.run(config, ylog, options.resume === true);
      done.push(year);
    }
  });
  if (options.shard) return { done, skipped, outputs: [] };
  const outputs = await writeSummary(spec, log, skipped, timings, timed);
  return { done, skipped, outputs };
}

/**
 * `smfuse merge OUT` of a multi-year run: merges each year whose folder holds checkpoints
 * (years already finished stay as they are), then writes the summary.
 */
export async function mergeYears<C>(spec: YearlyRuns<C>, log: Logger): Promise<MultiYearSummary> {
  const { timings, timed } = runTimer();
  const done: number[] = [];
  const skipped: number[] = [];
  await timed('years_s', async () => {
    for (const year of spec.years) {
      const dir = yearFolder(spec.out, year);
      if (existsSync(join(dir, WORK_FOLDER))) {
        await spec.merge(dir, yearLogger(log, year));
        done.push(year);
      } else if (await finishedYear(dir, spec.command, year)) skipped.push(year);
      else
        throw new InputError(
          dir,
          `holds neither checkpoints nor a finished run of ${year}: run the shards of every year (smfuse ${spec.command} … --years … --shard i/N) first`,
        );
    }
  });
  const outputs = await writeSummary(spec, log, skipped, timings, timed);
  return { done, skipped, outputs };
}

/**
 * Every year's input files that are files (GeoTIFF stacks, the truth) exist: checked before
 * the first year runs, so that a missing last year is not found after hours of the others.
 */
export async function requireYearFiles(inputs: readonly unknown[]): Promise<void> {
  for (const i of inputs) {
    const path =
      typeof i === 'string' ? i : i !== null && typeof i === 'object' && 'path' in i && !('product' in i) ? String(i.path) : null;
    if (path !== null && !existsSync(path))
      throw new InputError(path, 'file not found (every year of a multi-year run is checked before the first runs)');
  }
}

/** The manifest of a multi-year folder, or null when OUT is not one. */
export async function readYearsManifest(out: string): Promise<YearsManifest | null> {
  let text: string;
  try {
    text = await readFile(join(out, YEARS_MANIFEST), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
  try {
    return JSON.parse(text) as YearsManifest;
  } catch {
    throw new InputError(join(out, YEARS_MANIFEST), 'is not valid JSON: delete it (and rerun the years) to start over');
  }
}

/**
 * Writes the manifest; when continuing (`reuse`), one recorded with other settings is
 * refused, as the work folder of a one-year run refuses other settings.
 */
async function writeManifest<C>(spec: YearlyRuns<C>, reuse: boolean): Promise<void> {
  const manifest: YearsManifest = { smfuse: VERSION, command: spec.command, years: spec.years, config: spec.template };
  const text = `${JSON.stringify(manifest, null, 2)}\n`;
  const file = join(spec.out, YEARS_MANIFEST);
  if (reuse) {
    const existing = await readYearsManifest(spec.out);
    if (existing && `${JSON.stringify(existing, null, 2)}\n` !== text) {
      throw new ConfigError(
        `${file} records a multi-year run with other settings, years or smfuse version: write to another --out, or delete the file (and the years' folders) to start over`,
      );
    }
  }
  await mkdir(spec.out, { recursive: true });
  // shards starting together write the same bytes: the last rename wins
  const temp = `${file}.tmp-${process.pid}`;
  await writeFile(temp, text);
  await rename(temp, file);
}

/** A year's folder holds a finished run of this command and year: run.json, and no checkpoints left. */
async function finishedYear(dir: string, command: YearlyCommand, year: number): Promise<boolean> {
  if (existsSync(join(dir, WORK_FOLDER))) return false;
  const run = await readRunJson(dir);
  return run !== null && run.command === command && (run.config as { year?: unknown } | undefined)?.year === year;
}

async function readRunJson(dir: string): Promise<Record<string, unknown> | null> {
  try {
    return JSON.parse(await readFile(join(dir, 'run.json'), 'utf8')) as Record<string, unknown>;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new InputError(join(dir, 'run.json'), `cannot be read (${(e as Error).message})`);
  }
}

/**
 * The summary in OUT: the pooled outputs, and run.json (last) with each year's status,
 * coverage or pixels, and every year's warnings with their year. Warnings of years not
 * run by this process are passed on to `log` too, so --strict sees every year's.
 */
async function writeSummary<C>(
  spec: YearlyRuns<C>,
  log: Logger,
  skipped: readonly number[],
  timings: Record<string, number>,
  timed: Timed,
): Promise<string[]> {
  const perYear: Record<string, unknown>[] = [];
  const warnings: (RunWarning & { year: number })[] = [];
  for (const year of spec.years) {
    const dir = yearFolder(spec.out, year);
    const run = await readRunJson(dir);
    if (!run) throw new InputError(dir, `has no run.json: year ${year} did not finish`);
    const yearWarnings = (run.warnings as RunWarning[] | undefined) ?? [];
    if (skipped.includes(year)) for (const w of yearWarnings) log.warn(w.code, `${year}: ${w.message}`, w.count);
    warnings.push(...yearWarnings.map((w) => ({ year, ...w })));
    perYear.push({
      year,
      folder: String(year),
      status: 'finished',
      ...(run.windows !== undefined && { windows: run.windows }),
      ...(run.coverage !== undefined && { coverage: run.coverage }),
      ...(run.pixels !== undefined && { pixels: run.pixels }),
      warnings: yearWarnings.length,
      timings: run.timings,
    });
  }
  const outputs = await writeRunOutputs(spec.out, async (staging) => {
    const configs = spec.years.map((y) => spec.configFor(y));
    const pooled = await timed('pool_s', () => spec.pool(configs, staging));
    const runJson = {
      smfuse: VERSION,
      command: spec.command,
      mode: 'multi-year',
      years: spec.years,
      config: spec.template,
      ...(skipped.length > 0 && { skipped }),
      perYear,
      pooled,
      timings,
      warnings,
    };
    return runJson;
  });
  log.info(`years ${spec.years.join(', ')}: wrote ${outputs.length} files over all years to ${spec.out}`);
  return outputs;
}
