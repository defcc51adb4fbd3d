import { availableParallelism } from 'node:os';
import type { PixelMethodConfig } from '../../config/pixel-method-config.js';
import { writeGeoTiff } from '../../io/geotiff-write.js';
import { writeNetcdf, type NetcdfVariable } from '../../io/netcdf-write.js';
import {
  flagAttributes,
  rasterName,
  runGlobalAttributes,
  SM_STANDARD_NAME,
  writesGeoTiff,
  writesNetcdf,
  type RasterOutput,
} from '../../io/netcdf-write-run.js';
import { type Staging, writeRunOutputs } from '../../io/staging.js';
import type { Logger } from '../../log.js';
import { nullOutOfRange, warnOutOfRange } from '../../cube/physical-range.js';
import { PixelStatus } from '../../methods/pixel-cube.js';
import { VERSION } from '../../version.js';
import { validShare, warnFailedPixels, warnFusedCoverage } from '../../contracts/run-warnings.js';
import { inputContents, inputOptions } from '../../scale/work-folder.js';
import { loadPixelGridInputs, pixelGridTarget, type PixelGridInputs } from './inputs.js';
import type { RowBand } from '../../grid/gridspec.js';
import { MAP_METRICS, metricMaps, writeMetricMaps } from './metric-maps.js';
import { createPixelAssembly, decodePixelTile, encodePixelTile, pixelTileCount, tilePixelRange, type PixelTile } from './tiles.js';
import { pixelTileEngine, type PixelFuser, type PixelTiling } from './tile-engine.js';
import { hashInputFiles } from '../../scale/hash-files.js';
import type { Timed } from '../../scale/run-timer.js';
import type { Shard } from '../../scale/shards.js';
import { mergeJob, runJob, runJobShard, type JobCommand, type JobHow, type ShardSummary, type TiledJob } from '../../scale/tiled-job.js';
import { splitPeriods, writePixelMethodTables } from '../site/tables.js';
import { uncertaintySection } from './uncertainty.js';

/** A gridded method as the runner drives it (src/run/bpann/grid-method.ts, src/run/enkf/grid-method.ts). */
export interface PixelMethod {
  readonly name: 'bpann' | 'enkf';
  /** The method's options after defaults (maxSm included): run.json's section and part of the work folder's key. */
  readonly options: Record<string, unknown> & { readonly maxSm: number };
  /** Rows beyond a pixel's own that its fusion reads (BPANN's pool radius): a shard's margin. */
  readonly rowMargin: number;
  /**
   * The method on its backend, fusing pixel ranges of `inputs`' cube (a backend fallback
   * is warned about on `log`). The cube may hold a band of the grid's rows (inputs.band):
   * seeds go by the whole grid's pixel index.
   */
  open(inputs: PixelGridInputs, threads: number, log: Logger): Promise<PixelFuser>;
}

export interface PixelGridSummary {
  backend: string;
  threads: number;
  outputs: string[];
  timings: Record<string, number>;
  /** Pixels per PixelStatus name. */
  pixels: Record<string, number>;
}

interface PixelGridRun {
  readonly inputs: PixelGridInputs;
  /** Each input file's path and SHA-256. */
  readonly hashes: Record<string, unknown>;
  readonly tiling: PixelTiling;
}

async function readPixelGridRun(config: PixelMethodConfig, log: Logger, band?: RowBand): Promise<PixelGridRun> {
  const inputs = await loadPixelGridInputs(config, log, band);
  const rows = band ? ` (rows ${band.row0}…${band.row1 - 1} of ${inputs.fullGrid.height})` : '';
  log.info(`read ${inputs.grid.width}×${inputs.grid.height} cells${rows} × ${inputs.dates.length} days (${config.year})`);
  const { width, height } = inputs.fullGrid;
  const tiling = { pixels: width * height, tilePixels: config.tilePixels, offset: inputs.band.row0 * width };
  return { inputs, hashes: await hashInputFiles(inputs.sources), tiling };
}

/** A tile's rows, and its pixels' pools' (rowMargin) beyond them, clamped to the grid. */
function pixelTileRows(tile: number, tiling: Omit<PixelTiling, 'offset'>, width: number, height: number, margin: number): RowBand {
  const [first, end] = tilePixelRange(tile, tiling.pixels, tiling.tilePixels);
  return { row0: Math.max(0, Math.floor(first / width) - margin), row1: Math.min(height, Math.ceil(end / width) + margin) };
}

/** The pixel grid run of one method, as a tiled job: tiles are runs of `tilePixels` consecutive cube pixels (tiles.ts). */
export function pixelGridJob(method: PixelMethod): TiledJob<PixelMethodConfig, PixelGridRun, PixelTile, PixelTile, PixelGridSummary> {
  return {
    command: method.name,
    resumeHint: `${method.name} --config …`,
    read: readPixelGridRun,
    async shardPlan(config) {
      const { width, height } = (await pixelGridTarget(config)).grid;
      const tiling = { pixels: width * height, tilePixels: config.tilePixels };
      return {
        tiles: pixelTileCount(tiling.pixels, tiling.tilePixels),
        rows: (tile) => pixelTileRows(tile, tiling, width, height, method.rowMargin),
      };
    },
    work: (config, run) => ({
      key: {
        method: method.name,
        grid: run.inputs.fullGrid,
        year: config.year,
        options: method.options,
        tilePixels: config.tilePixels,
        inputs: inputContents(run.hashes),
        inputOptions: inputOptions(config.inputs),
      },
      tiles: pixelTileCount(run.tiling.pixels, run.tiling.tilePixels),
    }),
    async open(config, run, log) {
      const threads = config.threads ?? availableParallelism();
      return pixelTileEngine(await method.open(run.inputs, threads, log), threads, run.tiling, log);
    },
    codec: (run) => ({
      encode: (tile, value) => ({
        meta: { range: tilePixelRange(tile, run.tiling.pixels, run.tiling.tilePixels) },
        arrays: encodePixelTile(value),
      }),
      decode: (cp, tile) => decodePixelTile(cp, run.inputs.cube.days, tilePixelRange(tile, run.tiling.pixels, run.tiling.tilePixels)),
    }),
    assembly(run) {
      const { pixels, tilePixels } = run.tiling;
      const assembly = createPixelAssembly(run.inputs.cube.days, pixels);
      return { add: (tile, value) => assembly.add(tilePixelRange(tile, pixels, tilePixels), value), result: () => assembly };
    },
    finish: (config, run, result, how, timings, timed, log) => finishPixelGridRun(method, config, run, result, how, timings, timed, log),
  };
}

/**
 * A gridded BPANN / EnKF run: read the inputs, fuse tile by tile (checkpointed, so that
 * `resume` continues a killed run), write fused.tif, flags.tif, the metric maps and the
 * pooled tables, all or nothing, run.json last.
 */
export const runPixelGrid = (
  method: PixelMethod,
  config: PixelMethodConfig,
  log: Logger,
  options: { resume?: boolean } = {},
): Promise<PixelGridSummary> => runJob(pixelGridJob(method), config, log, options);

/** `smfuse bpann|enkf --config … --shard i/N`: fuses only this shard's tiles and writes no products; `smfuse merge` finishes. */
export const runPixelGridShard = (method: PixelMethod, config: PixelMethodConfig, log: Logger, shard: Shard): Promise<ShardSummary> =>
  runJobShard(pixelGridJob(method), config, log, shard);

/** The method of a stored run's command, from its configuration (merge-command.ts). */
export type PixelMethodFor = (command: 'bpann' | 'enkf', config: PixelMethodConfig) => PixelMethod;

/** `smfuse merge OUT` of a sharded BPANN / EnKF run: finishes exactly as an unsharded run (same files, byte for byte). */
export async function mergePixelGrid(outDir: string, log: Logger, methodFor: PixelMethodFor): Promise<PixelGridSummary> {
  const jobFor = (command: JobCommand, config: PixelMethodConfig) =>
    command === 'grnn' ? undefined : pixelGridJob(methodFor(command, config));
  return (await mergeJob(outDir, log, jobFor)) as PixelGridSummary;
}

/** Every output file through the staging folder, run.json last: one code path for runs and merges. */
async function finishPixelGridRun(
  method: PixelMethod,
  config: PixelMethodConfig,
  run: PixelGridRun,
  result: PixelTile,
  how: JobHow,
  timings: Record<string, number>,
  timed: Timed,
  log: Logger,
): Promise<PixelGridSummary> {
  const pixels = statusCounts(result.status);
  log.info(
    `${method.name}: ${pixels.fused} of ${result.status.length} pixels fused (${pixels.too_few_obs} with too few observation days, ${pixels.fit_failed} failed fits)`,
  );
  // BPANN and EnKF fuse only days with both products, so only a near-empty map is suspect (not one below the union)
  warnFailedPixels(method.name, result.status, run.inputs.cube.obs, run.inputs.cube.days, log);
  warnFusedCoverage(method.name, validShare(result.fused), undefined, log);
  const outputs = await writeRunOutputs(config.out, async (staging) => {
    const recorded = { ...config, [method.name]: method.options };
    const output = {
      format: config.format,
      provenance: {
        command: method.name,
        title: `Soil moisture fused by ${method.name.toUpperCase()} (smfuse)`,
        config: recorded,
        inputs: run.hashes,
      },
    };
    await timed('write_s', () => writePixelGridOutputs(staging, method.name, run.inputs, result, method.options.maxSm, output, log));
    const runJson = {
      smfuse: VERSION,
      command: method.name,
      mode: 'grid',
      config: recorded,
      inputs: run.hashes,
      seed: config.seed,
      backend: how.backend,
      threads: how.threads,
      cpus: availableParallelism(),
      ...(how.shards && { shards: how.shards }),
      grid: run.inputs.grid,
      pixels,
      timings,
      ...(result.sd && { uncertainty: gridUncertainty(method.name, run.inputs, result) }),
      warnings: log.warnings(),
    };
    return runJson;
  });
  return { backend: how.backend, threads: how.threads, outputs, timings, pixels };
}

/**
 * fused.tif (values outside [0, maxSm] nulled: cube/physical-range.ts), and when there
 * were such values fused_raw.tif (as fused) and out_of_range.tif (per pixel: its
 * out-of-range days; float32, GeoTIFF writer's types); flags.tif (pixel status), the metric maps and the pooled tables of
 * what fused.tif holds. `output.format` picks the rasters: those GeoTIFFs, one fused.nc
 * holding them all (variables named as the files), or both.
 */
async function writePixelGridOutputs(
  staging: Staging,
  method: string,
  inputs: PixelGridInputs,
  r: PixelTile,
  maxSm: number,
  output: RasterOutput,
  log: Logger,
): Promise<void> {
  const { grid, dates, cube } = inputs;
  const tifs = writesGeoTiff(output.format);
  const nc: NetcdfVariable[] = [];
  const daily = async (name: string, values: Float32Array, what: string) => {
    // fused_sd.tif: CF's standard_error modifier of the same quantity
    const standardName = name.endsWith('_sd.tif') ? `${SM_STANDARD_NAME} standard_error` : SM_STANDARD_NAME;
    nc.push({
      name: rasterName(name),
      data: values,
      daily: true,
      attrs: { long_name: what, standard_name: standardName, units: 'm3 m-3' },
    });
    if (tifs)
      await writeGeoTiff(staging.path(name), values, {
        grid,
        bands: dates.length,
        sampleType: 'float32',
        nodata: NaN,
        bandDescriptions: dates,
        metadata: { variable: what, units: 'm3/m3', maxSm: String(maxSm) },
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
    if (tifs)
      await writeGeoTiff(staging.path('out_of_range.tif'), days, {
        grid,
        bands: 1,
        sampleType: 'float32',
        nodata: NaN,
        bandDescriptions: ['out_of_range_days'],
        metadata: { meaning },
      });
    warnOutOfRange(log, range, maxSm, 'pixel-days', 'fused_raw.tif (days per pixel: out_of_range.tif)');
  }
  nc.push({
    name: 'flags',
    data: r.status,
    daily: false,
    attrs: { long_name: `${method} pixel status`, ...flagAttributes(PixelStatus, STATUS_DESCRIPTIONS) },
  });
  if (tifs)
    await writeGeoTiff(staging.path('flags.tif'), r.status, {
      grid,
      bands: 1,
      sampleType: 'uint8',
      nodata: 0,
      bandDescriptions: ['status'],
      metadata: {
        codes: Object.entries(STATUS_DESCRIPTIONS)
          .map(([c, d]) => `${c}=${d}`)
          .join(', '),
      },
    });
  const maps = metricMaps(r.fused, cube.obs, cube.days, r.splitDay);
  const period = 'validation (each pixel from its split day)';
  for (const m of MAP_METRICS)
    nc.push({
      name: `metric_${m}`,
      data: maps[m],
      daily: false,
      attrs: {
        long_name: `${METRIC_NAMES[m]} of fused against the observations, ${period}`,
        units: m === 'r' || m === 'nse' ? '1' : 'm3 m-3',
      },
    });
  if (tifs) await writeMetricMaps(staging, grid, maps, period);
  if (writesNetcdf(output.format))
    await writeNetcdf(staging.path('fused.nc'), { grid, dates, variables: nc, globalAttrs: runGlobalAttributes(output.provenance) });
  const fusedPixel = (p: number) => r.status[p] === PixelStatus.FUSED;
  const periods = splitPeriods(r.splitDay, cube.days, fusedPixel);
  const series = [
    { name: 'smap', values: cube.smap },
    { name: 'clm', values: cube.clm },
  ];
  const fused = { name: `fused_${method}`, values: r.fused };
  await writePixelMethodTables(staging, series, fused, cube.obs, periods);
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
function gridUncertainty(method: string, inputs: PixelGridInputs, r: PixelTile): Record<string, unknown> {
  const periods = splitPeriods(r.splitDay, inputs.cube.days, (p) => r.status[p] === PixelStatus.FUSED);
  return uncertaintySection(SD_MEANING[method], r.fused, r.sd!, inputs.cube.obs, periods);
}
