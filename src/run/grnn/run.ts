import { availableParallelism } from 'node:os';
import type { GrnnConfig } from '../../config/grnn-config.js';
import { inputPath } from '../../config/grnn-config.js';
import { FLAG } from '../../cube/flags.js';
import { referenceStatus } from '../../cube/masks.js';
import { referenceGaps, type ReferenceGaps } from '../../cube/reference-gaps.js';
import { loadDailyStack, loadGrnnInputs, targetGrid } from '../../io/load-grnn-inputs.js';
import type { GridSpec, RowBand } from '../../grid/gridspec.js';
import type { GrnnWindow } from '../../methods/grnn/windows.js';
import { tileRows } from './band.js';
import { grnnOptions } from './options.js';
import { writeRunOutputs } from '../../io/staging.js';
import { stationInputFiles } from '../../io/ismn.js';
import { loadStations } from '../../io/station-input.js';
import type { StationObservation } from '../../cube/station-observation.js';
import type { Logger } from '../../log.js';
import { createAssembly, type GrnnOptions, type GrnnResult, type WindowOutput } from '../../methods/grnn/fuse.js';
import { FEATURE_COUNT } from '../../methods/grnn/training-set.js';
import { degreeBoxEdge, windowLayout } from '../../methods/grnn/windows.js';
import { isGeographic } from '../../grid/crs.js';
import { warnFailedWindows, warnFusedCoverage } from '../../contracts/run-warnings.js';
import { VERSION } from '../../version.js';
import { inputContents, inputOptions } from '../../scale/work-folder.js';
import { executorForBackend } from '../../backends/grnn.js';
import { stationCellsWarned } from '../../products/validate.js';
import { deriveGrnnProducts, uncertaintySummary, type GrnnProducts } from './products.js';
import { nullGrnnOutOfRange, writeGrnnOutputs } from './outputs.js';
import { DEFAULT_MAX_SM } from '../../cube/physical-range.js';
import { decodeTile, encodeTile, tileCount } from './tiles.js';
import { windowTileEngine, type WindowTiling } from './tile-engine.js';
import { hashInputFiles } from '../../scale/hash-files.js';
import type { Timed } from '../../scale/run-timer.js';
import type { Shard } from '../../scale/shards.js';
import { mergeJob, runJob, runJobShard, type JobHow, type ShardSummary, type TiledJob } from '../../scale/tiled-job.js';

export interface GrnnRunSummary {
  readonly backend: string;
  readonly threads: number;
  readonly outputs: string[];
  readonly timings: Record<string, number>;
  readonly products: GrnnProducts;
}

export interface GrnnRunOptions {
  /** Continue from the checkpoints of an interrupted run with the same settings and inputs. */
  readonly resume?: boolean;
}

/**
 * `smfuse grnn` as a tiled job: tiles are runs of `tileWindows` consecutive windows
 * (tiles.ts); the core (src/scale/tiled-job.ts) runs, resumes, shards and merges it.
 */
export const grnnJob: TiledJob<GrnnConfig, RunInputs, WindowOutput[], GrnnResult, GrnnRunSummary> = {
  command: 'grnn',
  resumeHint: 'grnn',
  read: readRun,
  shardPlan: grnnShardPlan,
  work: (config, run) => ({
    key: {
      grid: run.inputs.fullGrid,
      fusion: run.options,
      tileWindows: run.tileWindows,
      inputs: inputContents(run.hashes),
      inputOptions: inputOptions(config.inputs),
      products: { weights: config.weights, agreement: config.agreement },
    },
    tiles: tileCount(run.layout.length, run.tileWindows),
  }),
  async open(config, run, log) {
    const executor = await executorForBackend(config.backend, config.threads, log);
    return windowTileEngine(windowTiling(run), executor, log);
  },
  codec: (run) => ({
    encode: (_tile, outputs) => encodeTile(outputs),
    decode: (cp) => decodeTile(cp, run.inputs.days, FEATURE_COUNT),
  }),
  assembly(run) {
    const assembly = createAssembly(run.inputs, run.status, run.layout.length);
    return { add: (_tile, outputs) => outputs.forEach((o) => assembly.add(o)), result: () => assembly.result() };
  },
  finish: finishRun,
};

/** `smfuse grnn`: read, fuse tile by tile (checkpointed, so that `resume` continues a killed run), derive products, write them all or nothing. */
export const runGrnn = (config: GrnnConfig, log: Logger, options: GrnnRunOptions = {}): Promise<GrnnRunSummary> =>
  runJob(grnnJob, config, log, options);

/** `smfuse grnn --shard i/N`: fits only this shard's tiles and writes no products; `smfuse merge` finishes. */
export const runGrnnShard = (config: GrnnConfig, log: Logger, shard: Shard): Promise<ShardSummary> =>
  runJobShard(grnnJob, config, log, shard);

/** `smfuse merge OUT` of a GRNN run: finishes it exactly as an unsharded one (same products, same files, byte for byte). */
export async function mergeGrnn(outDir: string, log: Logger): Promise<GrnnRunSummary> {
  return (await mergeJob<GrnnConfig>(outDir, log, (command) => (command === 'grnn' ? grnnJob : undefined))) as GrnnRunSummary;
}

interface RunInputs {
  readonly inputs: Awaited<ReturnType<typeof loadGrnnInputs>>;
  readonly stations?: StationObservation[];
  readonly truth?: Float32Array;
  /** Each input file's path and SHA-256 (several for a product read from daily files). */
  readonly hashes: Record<string, unknown>;
  readonly options: GrnnOptions;
  /** The whole grid's windows (the inputs may hold only a band of its rows: inputs.band). */
  readonly layout: readonly GrnnWindow[];
  readonly tileWindows: number;
  /** referenceStatus of every pixel-day: 0 where it may train and be predicted, else its flag. */
  readonly status: Uint8Array;
}

/**
 * The inputs of a run, or with `band` (a shard) only those rows of them; a shard fuses and
 * derives no products, so it reads neither the stations nor the truth (it hashes them: the
 * work folder's key holds every input).
 */
async function readRun(config: GrnnConfig, log: Logger, band?: RowBand): Promise<RunInputs> {
  const inputs = await loadGrnnInputs(
    config.inputs,
    config.year,
    config.grid,
    log,
    (done, total) => log.progress('reading', done, total),
    band,
  );
  const stations = config.stations && !band ? await loadStations(config.stations, log) : undefined;
  // told here, once, what validation will leave out (off the grid, off the year)
  if (stations && config.stations) stationCellsWarned(stations, inputs.grid, inputs.dates, config.stations.path, log);
  const truth =
    config.truth && !band ? await loadDailyStack(config.truth, inputs.grid, config.year, inputPath(config.inputs.ecv)) : undefined;
  const rows = band ? ` (rows ${band.row0}…${band.row1 - 1} of ${inputs.fullGrid.height})` : '';
  log.info(`read ${inputs.grid.width}×${inputs.grid.height} cells${rows} × ${inputs.days} days (${config.year})`);
  const inputFiles = {
    ...inputs.sources,
    ...(config.stations && { stations: await stationInputFiles(config.stations.path, config.stations.variable) }),
    ...(config.truth && { truth: [config.truth] }),
  };
  const hashes = await hashInputFiles(inputFiles);
  const { options, layout } = windowPlan(config, inputs.fullGrid);
  if (!isGeographic(inputs.grid.epsg)) {
    // degree windows on a map grid: squares of the same area (degreesToCells), said once
    const { edge, lat } = degreeBoxEdge(inputs.fullGrid, config.grnn.windowDeg);
    log.info(
      `projected grid (EPSG:${inputs.grid.epsg}): a ${config.grnn.windowDeg}° window is ${options.windowCells} cells, the area of a ${config.grnn.windowDeg}° × ${config.grnn.windowDeg}° box at latitude ${lat.toFixed(1)}° (a ${(edge / 1000).toFixed(1)} km square)`,
    );
  }
  const status = referenceStatus(inputs);
  warnReferenceGaps(referenceGaps(status, inputs.dem, inputs.days), log);
  return { inputs, stations, truth: truth?.data, hashes, options, layout, tileWindows: config.grnn.tileWindows, status };
}

/** The fusion options and the windows on the whole grid: one derivation for runs, shards and merges. */
function windowPlan(config: GrnnConfig, grid: GridSpec): { options: GrnnOptions; layout: GrnnWindow[] } {
  const options = grnnOptions(grid, { year: config.year, seed: config.seed, ...config.grnn });
  return { options, layout: windowLayout(grid, options) };
}

/** The tiles of a run and the rows each reads, from the configuration and the grid alone (a shard's band). */
async function grnnShardPlan(config: GrnnConfig): Promise<{ tiles: number; rows(tile: number): RowBand }> {
  const grid = await targetGrid(config.inputs.ecv, config.grid);
  const { options, layout } = windowPlan(config, grid);
  const { tileWindows } = config.grnn;
  return { tiles: tileCount(layout.length, tileWindows), rows: (tile) => tileRows(layout, tileWindows, options, tile, grid.height) };
}

/** Reference data with gaps (MODIS LST under clouds) leave pixel-days without a prediction: said with counts. */
function warnReferenceGaps(g: ReferenceGaps, log: Logger): void {
  if (g.missingPixelDays === 0) return;
  const share = ((100 * g.missingPixelDays) / g.pixelDays).toFixed(2);
  log.warn(
    'REFERENCE_MISSING',
    `LST, NDVI or albedo missing on ${g.missingPixelDays} pixel-days (${share} % of the domain's, on ${g.daysWithMissing} days): flagged ${FLAG.REFERENCE_MISSING} (reference missing), no prediction there`,
    g.missingPixelDays,
  );
}

function windowTiling(run: RunInputs): WindowTiling {
  return {
    inputs: run.inputs,
    band: run.inputs.band,
    status: run.status,
    layout: run.layout,
    options: run.options,
    tileWindows: run.tileWindows,
  };
}

/** Products and every output file through the staging folder, run.json last: one code path for runs and merges. */
async function finishRun(
  config: GrnnConfig,
  run: RunInputs,
  result: GrnnResult,
  how: JobHow,
  timings: Record<string, number>,
  timed: Timed,
  log: Logger,
): Promise<GrnnRunSummary> {
  const { inputs } = run;
  // before the products, so that weights, agreement and validation see what fused.tif holds
  const fusedRaw = nullGrnnOutOfRange(result, config.maxSm ?? DEFAULT_MAX_SM, log);
  const products = await timed('products_s', async () =>
    deriveGrnnProducts(
      { grid: inputs.grid, dates: inputs.dates, ecv: inputs.ecv, fy: inputs.fy, dem: inputs.dem, stations: run.stations, truth: run.truth },
      result,
      { weightMinDiff: config.weights.minDiff, agreementMinDays: config.agreement.minDays },
    ),
  );
  warnFailedWindows(result.windows, run.options.minSamples, run.options.maxWiden, log);
  warnFusedCoverage('grnn', products.coverage.fractions.fused, products.coverage.fractions.union, log);

  const outputs = await writeRunOutputs(config.out, async (staging) => {
    const recorded = {
      ...config,
      grnn: { ...config.grnn, sigmas: run.options.sigmas, windowCells: run.options.windowCells, blockCells: run.options.blockCells },
    };
    const output = {
      format: config.format,
      provenance: { command: 'grnn', title: 'Soil moisture fused by GRNN (smfuse)', config: recorded, inputs: run.hashes },
    };
    await timed('write_s', () =>
      writeGrnnOutputs(staging, inputs.grid, inputs.dates, result, products, fusedRaw, output, (done, total) =>
        log.progress('writing', done, total),
      ),
    );
    const statusCounts: Record<string, number> = {};
    for (const w of result.windows) statusCounts[`${w.model}:${w.status}`] = (statusCounts[`${w.model}:${w.status}`] ?? 0) + 1;
    const runJson = {
      smfuse: VERSION,
      command: 'grnn',
      config: recorded,
      inputs: run.hashes,
      seed: config.seed,
      backend: how.backend,
      threads: how.threads,
      cpus: availableParallelism(),
      ...(how.shards && { shards: how.shards }),
      grid: inputs.grid,
      windows: statusCounts,
      coverage: products.coverage.fractions,
      uncertainty: uncertaintySummary(products),
      timings,
      warnings: log.warnings(),
    };
    return runJson;
  });
  return { backend: how.backend, threads: how.threads, outputs, timings, products };
}
