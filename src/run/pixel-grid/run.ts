import { mkdir } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import type { FusionConfig } from '../../config/fusion-config.js';
import { writeGeoTiff } from '../../io/geotiff-write.js';
import { writeNetcdf, type NetcdfVariable } from '../../io/netcdf-write.js';
import { flagAttributes, rasterName, runGlobalAttributes, SM_STANDARD_NAME, writesGeoTiff, writesNetcdf, type RasterOutput } from '../../io/netcdf-write-run.js';
import { openStaging, type Staging } from '../../io/staging.js';
import type { Logger } from '../../log.js';
import { nullOutOfRange, warnOutOfRange } from '../../cube/physical-range.js';
import { PixelStatus } from '../../methods/fusion-cube.js';
import { VERSION } from '../../version.js';
import { validShare, warnFailedPixels, warnFusedCoverage } from '../../contracts/run-warnings.js';
import { inputContents, inputOptions, openWorkFolder, openWorkFolderForMerge, type WorkFolder } from '../../scale/work-folder.js';
import { loadFusionGridInputs, type FusionGridInputs } from './inputs.js';
import { MAP_METRICS, metricMaps, writeMetricMaps } from './metric-maps.js';
import { createFusionAssembly, pixelTileCount, type FusionTile } from './tiles.js';
import { fuseFusionTiles, type FusionTiling, type PixelFuser } from './fuse-tiles.js';
import { hashInputFiles } from '../../scale/hash-files.js';
import { runTimer, type Timed } from '../../scale/run-timer.js';
import { markShardDone, mergedShards, shardTiles, type Shard } from '../../scale/shards.js';
import { splitPeriods, writeFusionTables } from '../site/tables.js';
import { uncertaintySection } from './uncertainty.js';

/** A gridded method as the runner drives it (bpann-grid-run.ts, enkf-grid-run.ts). */
export interface FusionGridMethod {
  readonly name: 'bpann' | 'enkf';
  /** The method's options after defaults (maxSm included): run.json's section and part of the work folder's key. */
  readonly options: Record<string, unknown> & { readonly maxSm: number };
  /** The method on its backend, fusing pixel ranges of `inputs` (a backend fallback is warned about on `log`). */
  open(inputs: FusionGridInputs, threads: number, log: Logger): Promise<PixelFuser>;
}

export interface FusionGridSummary {
  backend: string;
  threads: number;
  outputs: string[];
  timings: Record<string, number>;
  /** Pixels per PixelStatus name. */
  pixels: Record<string, number>;
}

export interface FusionShardSummary {
  readonly tiles: number;
  readonly computed: number;
  readonly reused: number;
}

/** What a merge needs to finish a sharded run: stored in the work folder's manifest. */
interface MergeExtra {
  readonly command: 'bpann' | 'enkf';
  readonly config: FusionConfig;
}

interface FusionRun {
  readonly inputs: FusionGridInputs;
  /** Each input file's path and SHA-256. */
  readonly hashes: Record<string, unknown>;
}

async function readFusionRun(config: FusionConfig, log: Logger): Promise<FusionRun> {
  const inputs = await loadFusionGridInputs(config, log);
  log.info(`read ${inputs.grid.width}×${inputs.grid.height} cells × ${inputs.dates.length} days (${config.year})`);
  return { inputs, hashes: await hashInputFiles(inputs.sources) };
}

const backendLine = (backend: string, threads: number) => `backend: ${backend} (${threads} thread${threads > 1 ? 's' : ''})`;

/**
 * A gridded BPANN / EnKF run: read the inputs, fuse tile by tile (each checkpointed in
 * OUT/.smfuse-work, so that `resume` continues a killed run), write fused.tif, flags.tif,
 * the metric maps and the pooled tables, all or nothing, run.json last.
 */
export async function runFusionGrid(method: FusionGridMethod, config: FusionConfig, log: Logger, options: { resume?: boolean } = {}): Promise<FusionGridSummary> {
  const { timings, timed } = runTimer();
  const run = await timed('read_s', () => readFusionRun(config, log));
  const threads = config.threads ?? availableParallelism();
  const fuser = await method.open(run.inputs, threads, log);
  const { days, pixels } = run.inputs.cube;
  const assembly = createFusionAssembly(days, pixels);
  let work: WorkFolder<MergeExtra>;
  try {
    log.info(backendLine(fuser.backend, threads));
    work = await openFusionWork(method, config, run, fuser.backend, options.resume ? 'resume' : 'fresh');
    const tally = await timed('fuse_s', () => fuseFusionTiles(tiling(config, run, work), shardTiles(undefined, work.manifest.tiles), fuser, assembly, log));
    if (tally.reused.length > 0) log.info(`resumed: ${tally.reused.length} of ${work.manifest.tiles} tiles from checkpoints`);
  } finally {
    await fuser.close();
  }
  const summary = await finishFusionRun(method, config, run, assembly, { backend: fuser.backend, threads }, timings, timed, log);
  await work.remove();
  return summary;
}

/**
 * `smfuse bpann|enkf --config … --shard i/N`: fuses only this shard's tiles (reusing any
 * it already checkpointed), marks the shard done and writes no products; `smfuse merge` finishes.
 */
export async function runFusionGridShard(method: FusionGridMethod, config: FusionConfig, log: Logger, shard: Shard): Promise<FusionShardSummary> {
  const { timings, timed } = runTimer();
  const run = await timed('read_s', () => readFusionRun(config, log));
  const threads = config.threads ?? availableParallelism();
  const fuser = await method.open(run.inputs, threads, log);
  try {
    log.info(`${backendLine(fuser.backend, threads)}, shard ${shard.index}/${shard.count}`);
    const work = await openFusionWork(method, config, run, fuser.backend, 'resume');
    const tiles = shardTiles(shard, work.manifest.tiles);
    const tally = await timed('fuse_s', () => fuseFusionTiles(tiling(config, run, work), tiles, fuser, undefined, log));
    const [computed, reused] = [tally.computed.length, tally.reused.length];
    await markShardDone(work, { shard, tiles, computed, reused, backend: fuser.backend, threads, timings });
    return { tiles: tiles.length, computed, reused };
  } finally {
    await fuser.close();
  }
}

/** The method of a stored run's command, from its configuration (merge-command.ts). */
export type FusionMethodFor = (command: 'bpann' | 'enkf', config: FusionConfig) => FusionGridMethod;

/**
 * `smfuse merge OUT` of a sharded BPANN / EnKF run: assembles every tile the shards
 * checkpointed and finishes exactly as an unsharded run (same files, byte for byte).
 */
export async function mergeFusionGrid(outDir: string, log: Logger, methodFor: FusionMethodFor): Promise<FusionGridSummary> {
  const { timings, timed } = runTimer();
  const stored = await openWorkFolderForMerge<MergeExtra>(outDir);
  const config: FusionConfig = { ...stored.manifest.extra.config, out: resolve(outDir) };
  const method = methodFor(stored.manifest.extra.command, config);
  const run = await timed('read_s', () => readFusionRun(config, log));
  const backend = String(stored.manifest.key.backend);
  // The inputs must still be those the shards fused: the key would differ otherwise.
  const work = await openFusionWork(method, config, run, backend, 'resume');
  const assembly = createFusionAssembly(run.inputs.cube.days, run.inputs.cube.pixels);
  const tally = await timed('fuse_s', () => fuseFusionTiles(tiling(config, run, work), shardTiles(undefined, work.manifest.tiles), undefined, assembly, log));
  const { shards, threads } = await mergedShards(work, tally.missing, `${method.name} --config …`);
  log.info(`merged ${work.manifest.tiles} tiles from ${shards.length} shard${shards.length === 1 ? '' : 's'}`);
  const summary = await finishFusionRun(method, config, run, assembly, { backend, threads, shards }, timings, timed, log);
  await work.remove();
  return summary;
}

/**
 * The work folder keyed by everything the checkpoints depend on: the method and its
 * options (seed included), the tiling, the grid, the inputs' contents and reader options,
 * and the backend (kernels may differ in the last bits).
 */
function openFusionWork(method: FusionGridMethod, config: FusionConfig, run: FusionRun, backend: string, mode: 'resume' | 'fresh'): Promise<WorkFolder<MergeExtra>> {
  const key = {
    smfuse: VERSION,
    method: method.name,
    grid: run.inputs.grid,
    year: config.year,
    options: method.options,
    tilePixels: config.tilePixels,
    inputs: inputContents(run.hashes),
    inputOptions: inputOptions(config.inputs),
    backend,
  };
  const tiles = pixelTileCount(run.inputs.cube.pixels, config.tilePixels);
  return openWorkFolder<MergeExtra>(config.out, { key, tiles, extra: { command: method.name, config }, mode });
}

function tiling(config: FusionConfig, run: FusionRun, work: WorkFolder<MergeExtra>): FusionTiling {
  return { days: run.inputs.cube.days, pixels: run.inputs.cube.pixels, tilePixels: config.tilePixels, work: work as WorkFolder<unknown> };
}

/** Every output file through the staging folder, run.json last: one code path for runs and merges. */
async function finishFusionRun(
  method: FusionGridMethod,
  config: FusionConfig,
  run: FusionRun,
  result: FusionTile,
  how: { backend: string; threads: number; shards?: Shard[] },
  timings: Record<string, number>,
  timed: Timed,
  log: Logger,
): Promise<FusionGridSummary> {
  const pixels = statusCounts(result.status);
  log.info(`${method.name}: ${pixels.fused} of ${result.status.length} pixels fused (${pixels.too_few_obs} with too few observation days, ${pixels.fit_failed} failed fits)`);
  // BPANN and EnKF fuse only days with both products, so only a near-empty map is suspect (not one below the union)
  warnFailedPixels(method.name, result.status, run.inputs.cube.obs, run.inputs.cube.days, log);
  warnFusedCoverage(method.name, validShare(result.fused), undefined, log);
  await mkdir(config.out, { recursive: true });
  const staging = await openStaging(config.out);
  try {
    const recorded = { ...config, [method.name]: method.options };
    const output = { format: config.format, provenance: { command: method.name, title: `Soil moisture fused by ${method.name.toUpperCase()} (smfuse)`, config: recorded, inputs: run.hashes } };
    await timed('write_s', () => writeFusionGridOutputs(staging, method.name, run.inputs, result, method.options.maxSm, output, log));
    const runJson = {
      smfuse: VERSION, command: method.name, mode: 'grid', config: recorded,
      inputs: run.hashes, seed: config.seed, backend: how.backend, threads: how.threads, cpus: availableParallelism(),
      ...(how.shards && { shards: how.shards }),
      grid: run.inputs.grid, pixels, timings,
      ...(result.sd && { uncertainty: gridUncertainty(method.name, run.inputs, result) }),
      warnings: log.warnings(),
    };
    await staging.writeText('run.json', JSON.stringify(runJson, null, 2) + '\n');
    const outputs = await staging.commit('run.json');
    return { backend: how.backend, threads: how.threads, outputs, timings, pixels };
  } catch (e) {
    await staging.discard();
    throw e;
  }
}

/**
 * fused.tif (values outside [0, maxSm] nulled: cube/physical-range.ts), and when there
 * were such values fused_raw.tif (as fused) and out_of_range.tif (per pixel: its
 * out-of-range days; float32, GeoTIFF writer's types); flags.tif (pixel status), the metric maps and the pooled tables of
 * what fused.tif holds. `output.format` picks the rasters: those GeoTIFFs, one fused.nc
 * holding them all (variables named as the files), or both.
 */
async function writeFusionGridOutputs(staging: Staging, method: string, inputs: FusionGridInputs, r: FusionTile, maxSm: number, output: RasterOutput, log: Logger): Promise<void> {
  const { grid, dates, cube } = inputs;
  const tifs = writesGeoTiff(output.format);
  const nc: NetcdfVariable[] = [];
  const daily = async (name: string, values: Float32Array, what: string) => {
    // fused_sd.tif: CF's standard_error modifier of the same quantity
    const standardName = name.endsWith('_sd.tif') ? `${SM_STANDARD_NAME} standard_error` : SM_STANDARD_NAME;
    nc.push({ name: rasterName(name), data: values, daily: true, attrs: { long_name: what, standard_name: standardName, units: 'm3 m-3' } });
    if (tifs) await writeGeoTiff(staging.path(name), values, {
      grid, bands: dates.length, sampleType: 'float32', nodata: NaN, bandDescriptions: dates, metadata: { variable: what, units: 'm3/m3', maxSm: String(maxSm) },
    });
  };
  const range = nullOutOfRange(r.fused, maxSm);
  await daily('fused.tif', r.fused, `soil moisture fused by ${method}, values outside [0, ${maxSm}] nulled`);
  if (r.sd) {
    for (let i = 0; i < r.sd.length; i++) if (Number.isNaN(r.fused[i])) r.sd[i] = NaN; // no sd where fused.tif has no value
    await daily('fused_sd.tif', r.sd, `sd of the soil moisture fused by ${method}: ${SD_MEANING[method]}`);
  }
  if (range.raw) {
    await daily('fused_raw.tif', range.raw, `soil moisture fused by ${method}, as computed (values outside [0, ${maxSm}] kept)`);
    const days = outOfRangeDays(range.raw, r.fused, r.status);
    const meaning = `days with fused SM outside [0, ${maxSm}] m3/m3 (nulled in fused.tif, kept in fused_raw.tif)`;
    nc.push({ name: 'out_of_range', data: days, daily: false, attrs: { long_name: meaning, units: '1' } });
    if (tifs) await writeGeoTiff(staging.path('out_of_range.tif'), days, {
      grid, bands: 1, sampleType: 'float32', nodata: NaN, bandDescriptions: ['out_of_range_days'], metadata: { meaning },
    });
    warnOutOfRange(log, range, maxSm, 'pixel-days', 'fused_raw.tif (days per pixel: out_of_range.tif)');
  }
  nc.push({ name: 'flags', data: r.status, daily: false, attrs: { long_name: `${method} pixel status`, ...flagAttributes(PixelStatus, STATUS_DESCRIPTIONS) } });
  if (tifs) await writeGeoTiff(staging.path('flags.tif'), r.status, {
    grid, bands: 1, sampleType: 'uint8', nodata: 0, bandDescriptions: ['status'],
    metadata: { codes: Object.entries(STATUS_DESCRIPTIONS).map(([c, d]) => `${c}=${d}`).join(', ') },
  });
  const maps = metricMaps(r.fused, cube.obs, cube.days, r.splitDay);
  const period = 'validation (each pixel from its split day)';
  for (const m of MAP_METRICS) nc.push({ name: `metric_${m}`, data: maps[m], daily: false, attrs: { long_name: `${METRIC_NAMES[m]} of fused against the observations, ${period}`, units: m === 'r' || m === 'nse' ? '1' : 'm3 m-3' } });
  if (tifs) await writeMetricMaps(staging, grid, maps, period);
  if (writesNetcdf(output.format)) await writeNetcdf(staging.path('fused.nc'), { grid, dates, variables: nc, globalAttrs: runGlobalAttributes(output.provenance) });
  const fusedPixel = (p: number) => r.status[p] === PixelStatus.FUSED;
  const periods = splitPeriods(r.splitDay, cube.days, fusedPixel);
  const series = [{ name: 'smap', values: cube.smap }, { name: 'clm', values: cube.clm }];
  const fused = { name: `fused_${method}`, values: r.fused };
  await writeFusionTables(staging, series, fused, cube.obs, periods);
}

const STATUS_DESCRIPTIONS: Record<number, string> = {
  [PixelStatus.FUSED]: 'fused',
  [PixelStatus.TOO_FEW_OBS]: 'too few observation days',
  [PixelStatus.FIT_FAILED]: 'initial fit failed',
};
const METRIC_NAMES = { r: 'Pearson R', rmse: 'RMSE', bias: 'bias (fused - obs)', nse: 'Nash-Sutcliffe efficiency' } as const;

/** Per fused pixel, the days that nullOutOfRange nulled ([day][pixel] cubes before and after; NaN for the other pixels). */
function outOfRangeDays(raw: Float32Array, fused: Float32Array, status: Uint8Array): Float32Array {
  const pixels = status.length;
  const days = Float32Array.from(status, (s) => (s === PixelStatus.FUSED ? 0 : NaN));
  for (let i = 0; i < raw.length; i++) if (!Number.isNaN(raw[i]) && Number.isNaN(fused[i])) days[i % pixels]++;
  return days;
}

function statusCounts(status: Uint8Array): Record<string, number> {
  const counts = Object.fromEntries(Object.keys(PixelStatus).map((k) => [k.toLowerCase(), 0]));
  const names = new Map(Object.entries(PixelStatus).map(([k, v]) => [v as number, k.toLowerCase()]));
  for (const s of status) counts[names.get(s)!]++;
  return counts;
}

/** What fused_sd.tif holds, per method. */
const SD_MEANING: Record<string, string> = {
  bpann: 'spread (sample sd) of the kept ensemble members',
  enkf: 'spread of the forecast ensemble of H tau (the state noise since the last analysis included)',
};

/** run.json's `uncertainty`: fused_sd against the observations, per period of the fused pixels. */
function gridUncertainty(method: string, inputs: FusionGridInputs, r: FusionTile): Record<string, unknown> {
  const periods = splitPeriods(r.splitDay, inputs.cube.days, (p) => r.status[p] === PixelStatus.FUSED);
  return uncertaintySection(SD_MEANING[method], r.fused, r.sd!, inputs.cube.obs, periods);
}
