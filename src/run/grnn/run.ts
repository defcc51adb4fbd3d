import { mkdir } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import type { GrnnConfig } from '../../config/grnn-config.js';
import { inputPath, sigmaCandidates } from '../../config/grnn-config.js';
import { FLAG } from '../../cube/flags.js';
import { referenceStatus } from '../../cube/masks.js';
import { referenceGaps, type ReferenceGaps } from '../../cube/reference-gaps.js';
import { InputError } from '../../../core/errors.js';
import { loadDailyStack, loadGrnnInputs } from '../../io/load-grnn-inputs.js';
import { openStaging } from '../../io/staging.js';
import { stationInputFiles } from '../../io/ismn.js';
import { loadStations } from '../../io/station-input.js';
import type { StationObservation } from '../../io/stations.js';
import type { Logger } from '../../log.js';
import type { WindowExecutor } from '../../methods/grnn/executor.js';
import { createAssembly, type GrnnOptions, type GrnnResult } from '../../methods/grnn/fuse.js';
import { degreeBoxEdge, degreesToCells, windowLayout } from '../../methods/grnn/windows.js';
import { isGeographic } from '../../grid/crs.js';
import { warnFailedWindows, warnFusedCoverage } from '../../contracts/run-warnings.js';
import { VERSION } from '../../version.js';
import { inputContents, inputOptions, openWorkFolder, openWorkFolderForMerge, type WorkFolder } from '../../scale/work-folder.js';
import { executorForBackend } from '../../backends/grnn.js';
import { stationCellsWarned } from '../../products/validate.js';
import { deriveGrnnProducts, uncertaintySummary, type GrnnProducts } from './products.js';
import { nullGrnnOutOfRange, writeGrnnOutputs } from './outputs.js';
import { DEFAULT_MAX_SM } from '../../cube/physical-range.js';
import { tileCount } from './tiles.js';
import { fuseTiles, type TileFusion } from './fuse-tiles.js';
import { hashInputFiles } from '../../scale/hash-files.js';
import { runTimer, type Timed } from '../../scale/run-timer.js';
import { markShardDone, mergedShards, shardTiles, type Shard } from '../../scale/shards.js';

export interface GrnnRunSummary {
  readonly backend: string;
  readonly threads: number;
  readonly outputs: string[];
  readonly timings: Record<string, number>;
  readonly products: GrnnProducts;
}

export interface GrnnShardSummary {
  readonly shard: Shard;
  readonly tiles: number;
  readonly computed: number;
  readonly reused: number;
  readonly backend: string;
}

export interface GrnnRunOptions {
  /** Continue from the checkpoints of an interrupted run with the same settings and inputs. */
  readonly resume?: boolean;
}

/** What a merge needs to finish a sharded run: stored in the work folder's manifest. */
interface MergeExtra {
  /** The command whose merge finishes the run (a merge of other methods' tiles checks it). */
  readonly command: 'grnn';
  readonly config: GrnnConfig;
}

function backendLine(executor: WindowExecutor): string {
  return `backend: ${executor.backend} (${executor.parallelism} thread${executor.parallelism > 1 ? 's' : ''})`;
}

/**
 * `smfuse grnn`: read, fuse tile by tile (each checkpointed in OUT/.smfuse-work, so that
 * `resume` continues a killed run), derive products, write them all or nothing.
 */
export async function runGrnn(config: GrnnConfig, log: Logger, options: GrnnRunOptions = {}): Promise<GrnnRunSummary> {
  const { timings, timed } = runTimer();
  const run = await timed('read_s', () => readRun(config, log));
  const executor = await executorForBackend(config.backend, config.threads, log);
  let result: GrnnResult;
  let work: WorkFolder<MergeExtra>;
  try {
    log.info(backendLine(executor));
    work = await openWork(config, run, executor.backend, options.resume ? 'resume' : 'fresh');
    const fusion = tileFusion(run, work);
    const assembly = createAssembly(run.inputs, fusion.status, fusion.layout.length);
    const tally = await timed('fuse_s', () => fuseTiles(fusion, shardTiles(undefined, work.manifest.tiles), executor, assembly, log));
    if (tally.reused.length > 0) log.info(`resumed: ${tally.reused.length} of ${work.manifest.tiles} tiles from checkpoints`);
    result = assembly.result();
  } finally {
    await executor.close();
  }
  const summary = await finishRun(config, run, result, { backend: executor.backend, threads: executor.parallelism }, timings, timed, log);
  await work.remove();
  return summary;
}

/**
 * `smfuse grnn --shard i/N`: fits only this shard's tiles (reusing any it already
 * checkpointed), marks the shard done and writes no products; `smfuse merge` finishes.
 */
export async function runGrnnShard(config: GrnnConfig, log: Logger, shard: Shard): Promise<GrnnShardSummary> {
  const { timings, timed } = runTimer();
  const run = await timed('read_s', () => readRun(config, log));
  const executor = await executorForBackend(config.backend, config.threads, log);
  try {
    log.info(`${backendLine(executor)}, shard ${shard.index}/${shard.count}`);
    const work = await openWork(config, run, executor.backend, 'resume');
    const tiles = shardTiles(shard, work.manifest.tiles);
    const tally = await timed('fuse_s', () => fuseTiles(tileFusion(run, work), tiles, executor, undefined, log));
    await markShardDone(work, {
      shard, tiles, computed: tally.computed.length, reused: tally.reused.length, backend: executor.backend, threads: executor.parallelism, timings,
    });
    return { shard, tiles: tiles.length, computed: tally.computed.length, reused: tally.reused.length, backend: executor.backend };
  } finally {
    await executor.close();
  }
}

/**
 * `smfuse merge OUT`: assembles every tile the shards checkpointed into OUT and finishes
 * the run exactly as an unsharded one (same products, same files, byte for byte).
 */
export async function mergeGrnn(outDir: string, log: Logger): Promise<GrnnRunSummary> {
  const { timings, timed } = runTimer();
  const stored = await openWorkFolderForMerge<MergeExtra>(outDir);
  if (stored.manifest.extra.command !== 'grnn') throw new InputError(stored.dir, `holds tiles of smfuse ${String(stored.manifest.extra.command)}, not grnn`);
  const config: GrnnConfig = { ...stored.manifest.extra.config, out: resolve(outDir) };
  const run = await timed('read_s', () => readRun(config, log));
  const backend = String(stored.manifest.key.backend);
  // The inputs must still be those the shards fused: the key would differ otherwise.
  const work = await openWork(config, run, backend, 'resume');
  const fusion = tileFusion(run, work);
  const assembly = createAssembly(run.inputs, fusion.status, fusion.layout.length);
  const tally = await timed('fuse_s', () => fuseTiles(fusion, shardTiles(undefined, work.manifest.tiles), undefined, assembly, log));
  const { shards, threads } = await mergedShards(work, tally.missing, 'grnn');
  log.info(`merged ${work.manifest.tiles} tiles from ${shards.length} shard${shards.length === 1 ? '' : 's'}`);
  const summary = await finishRun(config, run, assembly.result(), { backend, threads, shards }, timings, timed, log);
  await work.remove();
  return summary;
}

interface RunInputs {
  readonly inputs: Awaited<ReturnType<typeof loadGrnnInputs>>;
  readonly stations?: StationObservation[];
  readonly truth?: Float32Array;
  /** Each input file's path and SHA-256 (several for a product read from daily files). */
  readonly hashes: Record<string, unknown>;
  readonly options: GrnnOptions;
  readonly tileWindows: number;
  /** referenceStatus of every pixel-day: 0 where it may train and be predicted, else its flag. */
  readonly status: Uint8Array;
}

async function readRun(config: GrnnConfig, log: Logger): Promise<RunInputs> {
  const inputs = await loadGrnnInputs(config.inputs, config.year, config.grid, log, (done, total) => log.progress('reading', done, total));
  const stations = config.stations ? await loadStations(config.stations, log) : undefined;
  // told here, once, what validation will leave out (off the grid, off the year)
  if (stations && config.stations) stationCellsWarned(stations, inputs.grid, inputs.dates, config.stations.path, log);
  const truth = config.truth ? await loadDailyStack(config.truth, inputs.grid, config.year, inputPath(config.inputs.ecv)) : undefined;
  log.info(`read ${inputs.grid.width}×${inputs.grid.height} cells × ${inputs.days} days (${config.year})`);
  const inputFiles = {
    ...inputs.sources,
    ...(config.stations && { stations: await stationInputFiles(config.stations.path, config.stations.variable) }),
    ...(config.truth && { truth: [config.truth] }),
  };
  const hashes = await hashInputFiles(inputFiles);
  const options: GrnnOptions = {
    year: config.year,
    seed: config.seed,
    windowCells: degreesToCells(inputs.grid, config.grnn.windowDeg),
    blockCells: degreesToCells(inputs.grid, config.grnn.blockDeg ?? config.grnn.windowDeg),
    subsets: config.grnn.subsets,
    sigmas: sigmaCandidates(config),
    minSamples: config.grnn.minSamples,
    maxWiden: config.grnn.maxWiden,
    importanceQueries: config.grnn.importanceQueries,
  };
  if (!isGeographic(inputs.grid.epsg)) {
    // degree windows on a map grid: squares of the same area (degreesToCells), said once
    const { edge, lat } = degreeBoxEdge(inputs.grid, config.grnn.windowDeg);
    log.info(`projected grid (EPSG:${inputs.grid.epsg}): a ${config.grnn.windowDeg}° window is ${options.windowCells} cells, the area of a ${config.grnn.windowDeg}° × ${config.grnn.windowDeg}° box at latitude ${lat.toFixed(1)}° (a ${(edge / 1000).toFixed(1)} km square)`);
  }
  const status = referenceStatus(inputs);
  warnReferenceGaps(referenceGaps(status, inputs.dem, inputs.days), log);
  return { inputs, stations, truth: truth?.data, hashes, options, tileWindows: config.grnn.tileWindows, status };
}

/** Reference data with gaps (MODIS LST under clouds) leave pixel-days without a prediction: said with counts. */
function warnReferenceGaps(g: ReferenceGaps, log: Logger): void {
  if (g.missingPixelDays === 0) return;
  const share = ((100 * g.missingPixelDays) / g.pixelDays).toFixed(2);
  log.warn('REFERENCE_MISSING', `LST, NDVI or albedo missing on ${g.missingPixelDays} pixel-days (${share} % of the domain's, on ${g.daysWithMissing} days): flagged ${FLAG.REFERENCE_MISSING} (reference missing), no prediction there`, g.missingPixelDays);
}

/**
 * The work folder keyed by everything the checkpoints depend on: the fusion options, the
 * tiling, the inputs' contents (hashes, not paths: a merge may see another mount point),
 * the product options (a merge finishes with them) and the backend (kernels may differ in
 * the last bits).
 */
function openWork(config: GrnnConfig, run: RunInputs, backend: string, mode: 'resume' | 'fresh'): Promise<WorkFolder<MergeExtra>> {
  const key = {
    smfuse: VERSION,
    grid: run.inputs.grid,
    fusion: run.options,
    tileWindows: run.tileWindows,
    inputs: inputContents(run.hashes),
    inputOptions: inputOptions(config.inputs),
    products: { weights: config.weights, agreement: config.agreement },
    backend,
  };
  const windows = windowLayout(run.inputs.grid, run.options).length;
  return openWorkFolder<MergeExtra>(config.out, { key, tiles: tileCount(windows, run.tileWindows), extra: { command: 'grnn', config }, mode });
}

function tileFusion(run: RunInputs, work: WorkFolder<MergeExtra>): TileFusion {
  return {
    inputs: run.inputs,
    status: run.status,
    layout: windowLayout(run.inputs.grid, run.options),
    options: run.options,
    tileWindows: run.tileWindows,
    work: work as WorkFolder<unknown>,
  };
}

/** Products and every output file through the staging folder, run.json last: one code path for runs and merges. */
async function finishRun(
  config: GrnnConfig,
  run: RunInputs,
  result: GrnnResult,
  how: { backend: string; threads: number; shards?: Shard[] },
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

  await mkdir(config.out, { recursive: true });
  const staging = await openStaging(config.out);
  try {
    const recorded = { ...config, grnn: { ...config.grnn, sigmas: run.options.sigmas, windowCells: run.options.windowCells, blockCells: run.options.blockCells } };
    const output = { format: config.format, provenance: { command: 'grnn', title: 'Soil moisture fused by GRNN (smfuse)', config: recorded, inputs: run.hashes } };
    await timed('write_s', () => writeGrnnOutputs(staging, inputs.grid, inputs.dates, result, products, fusedRaw, output, (done, total) => log.progress('writing', done, total)));
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
    await staging.writeText('run.json', JSON.stringify(runJson, null, 2) + '\n');
    const outputs = await staging.commit('run.json');
    return { backend: how.backend, threads: how.threads, outputs, timings, products };
  } catch (e) {
    await staging.discard();
    throw e;
  }
}
