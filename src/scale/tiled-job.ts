/**
 * The tiled-job core: every checkpointed, shardable run (GRNN windows, BPANN/EnKF pixels)
 * is a TiledJob, and running it whole, continuing it (`--resume`), running one shard of it
 * (`--shard i/N`) and merging the shards (`smfuse merge`) live here once. A method supplies
 * the parts: how to read its inputs, the key and tile count of its work, an engine that
 * computes tiles on a backend, a codec for a tile's checkpoint, an assembly that places
 * tiles into the whole grid, and the finish that writes the products.
 */
import { resolve } from 'node:path';
import { InputError } from '../../core/errors.js';
import { peakRssMiB } from '../../core/peak-rss.js';
import type { RowBand } from '../grid/gridspec.js';
import type { Logger } from '../log.js';
import { VERSION } from '../version.js';
import type { Checkpoint, CheckpointArray } from './checkpoint-file.js';
import { runTimer, type Timed } from './run-timer.js';
import { markShardDone, mergedShards, shardTiles, type Shard } from './shards.js';
import { openWorkFolder, openWorkFolderForMerge, type WorkFolder } from './work-folder.js';

/** The commands whose runs are tiled jobs; a work folder's manifest records which one wrote it. */
export type JobCommand = 'grnn' | 'bpann' | 'enkf';

/** A method on its backend, computing tiles. */
export interface TileEngine<Tile> {
  /** The backend that runs, as run.json and the work folder's key name it (e.g. native-avx2). */
  readonly backend: string;
  readonly threads: number;
  /** Computes `tiles`, handing each to `done` as it finishes (in any order); reports its own progress. */
  fuse(tiles: readonly number[], done: (tile: number, value: Tile) => Promise<void>): Promise<void>;
  close(): Promise<void>;
}

/** A tile's checkpoint form: `decode` gives nothing for a checkpoint whose shapes do not fit this run. */
export interface TileCodec<Tile> {
  encode(tile: number, value: Tile): { meta: unknown; arrays: Record<string, CheckpointArray> };
  decode(cp: Checkpoint, tile: number): Tile | undefined;
}

/** The whole grid's result, filled tile by tile in any order. */
export interface TileAssembly<Tile, Result> {
  add(tile: number, value: Tile): void;
  /** The result; every tile must have been added. */
  result(): Result;
}

/** How the tiles were computed, for run.json. */
export interface JobHow {
  readonly backend: string;
  readonly threads: number;
  /** The shards a merge assembled. */
  readonly shards?: Shard[];
}

/** What a merge needs to finish a sharded run: stored in the work folder's manifest. */
export interface MergeExtra<Config> {
  readonly command: JobCommand;
  readonly config: Config;
}

export interface TiledJob<Config extends { readonly out: string }, Inputs, Tile, Result, Summary> {
  readonly command: JobCommand;
  /** The command line that continues a run whose shards are missing (merge's message). */
  readonly resumeHint: string;
  /** The inputs; with `band` (a shard) only those rows of the grid, as far as the job may. */
  read(config: Config, log: Logger, band?: RowBand): Promise<Inputs>;
  /**
   * The tiles of a run and the rows of the grid each tile reads (its own plus the margin
   * its windows or pools reach), from the configuration and the grid alone: a shard reads
   * the rows of its tiles only, so memory per shard falls with the shard count.
   */
  shardPlan(config: Config): Promise<{ tiles: number; rows(tile: number): RowBand }>;
  /**
   * Everything the checkpoints' contents depend on besides the smfuse version and the
   * backend (settings, tiling, grid, the inputs' contents: hashes, not paths, since a
   * merge may see another mount point), and the number of tiles.
   */
  work(config: Config, inputs: Inputs): { key: Record<string, unknown>; tiles: number };
  open(config: Config, inputs: Inputs, log: Logger): Promise<TileEngine<Tile>>;
  codec(inputs: Inputs): TileCodec<Tile>;
  assembly(inputs: Inputs): TileAssembly<Tile, Result>;
  /** Products and every output file, all or nothing (run.json last): one code path for runs and merges. */
  finish(
    config: Config,
    inputs: Inputs,
    result: Result,
    how: JobHow,
    timings: Record<string, number>,
    timed: Timed,
    log: Logger,
  ): Promise<Summary>;
}

export interface ShardSummary {
  readonly shard: Shard;
  readonly tiles: number;
  readonly computed: number;
  readonly reused: number;
  readonly backend: string;
}

const backendLine = (engine: TileEngine<unknown>) =>
  `backend: ${engine.backend} (${engine.threads} thread${engine.threads > 1 ? 's' : ''})`;

/**
 * A whole run: read, compute tile by tile (each checkpointed in OUT/.smfuse-work, so that
 * `resume` continues a killed run), finish, remove the checkpoints.
 */
export async function runJob<C extends { readonly out: string }, I, T, R, S>(
  job: TiledJob<C, I, T, R, S>,
  config: C,
  log: Logger,
  options: { resume?: boolean } = {},
): Promise<S> {
  const { timings, timed } = runTimer();
  const inputs = await timed('read_s', () => job.read(config, log));
  const engine = await job.open(config, inputs, log);
  const assembly = job.assembly(inputs);
  let work: WorkFolder<MergeExtra<C>>;
  try {
    log.info(backendLine(engine));
    work = await openJobWork(job, config, inputs, engine.backend, options.resume ? 'resume' : 'fresh');
    const tally = await timed('fuse_s', () =>
      bringTiles(job.codec(inputs), work, shardTiles(undefined, work.manifest.tiles), engine, assembly, log),
    );
    if (tally.reused.length > 0) log.info(`resumed: ${tally.reused.length} of ${work.manifest.tiles} tiles from checkpoints`);
  } finally {
    await engine.close();
  }
  const summary = await job.finish(
    config,
    inputs,
    assembly.result(),
    { backend: engine.backend, threads: engine.threads },
    timings,
    timed,
    log,
  );
  await work.remove();
  return summary;
}

/**
 * One shard of a run (`--shard i/N`): computes only its tiles (reusing any it already
 * checkpointed), marks the shard done and writes no products; `smfuse merge` finishes.
 */
export async function runJobShard<C extends { readonly out: string }, I, T, R, S>(
  job: TiledJob<C, I, T, R, S>,
  config: C,
  log: Logger,
  shard: Shard,
): Promise<ShardSummary> {
  const { timings, timed } = runTimer();
  const plan = await job.shardPlan(config);
  const band = rowsOf(shardTiles(shard, plan.tiles), plan.rows);
  const inputs = await timed('read_s', () => job.read(config, log, band));
  const engine = await job.open(config, inputs, log);
  try {
    log.info(`${backendLine(engine)}, shard ${shard.index}/${shard.count}`);
    const work = await openJobWork(job, config, inputs, engine.backend, 'resume');
    const tiles = shardTiles(shard, work.manifest.tiles);
    const tally = await timed('fuse_s', () => bringTiles(job.codec(inputs), work, tiles, engine, undefined, log));
    const [computed, reused] = [tally.computed.length, tally.reused.length];
    await markShardDone(work, {
      shard,
      tiles,
      computed,
      reused,
      backend: engine.backend,
      threads: engine.threads,
      timings,
      band,
      peakRssMiB: peakRssMiB(),
    });
    return { shard, tiles: tiles.length, computed, reused, backend: engine.backend };
  } finally {
    await engine.close();
  }
}

/** The rows every one of `tiles` reads (the first row when there are none: a shard with no tiles still keys its work folder). */
function rowsOf(tiles: readonly number[], rows: (tile: number) => RowBand): RowBand {
  if (tiles.length === 0) return { row0: 0, row1: 1 };
  const bands = tiles.map(rows);
  return { row0: Math.min(...bands.map((b) => b.row0)), row1: Math.max(...bands.map((b) => b.row1)) };
}

/** The job of a stored run's command and configuration (undefined for a command it does not know). */
// biome-ignore lint/suspicious/noExplicitAny: the jobs of different commands hold different inputs and tiles; a merge needs only their common shape
export type JobFor<C extends { readonly out: string }> = (command: JobCommand, config: C) => TiledJob<C, any, any, any, any> | undefined;

/** The command whose tiles OUT/.smfuse-work holds (its manifest says which). */
export async function storedJobCommand(outDir: string): Promise<unknown> {
  return (await openWorkFolderForMerge<{ command?: unknown }>(outDir)).manifest.extra.command;
}

/**
 * `smfuse merge OUT`: assembles every tile the shards checkpointed into OUT and finishes
 * the run exactly as an unsharded one (same products, same files, byte for byte).
 */
export async function mergeJob<C extends { readonly out: string }>(outDir: string, log: Logger, jobFor: JobFor<C>): Promise<unknown> {
  const { timings, timed } = runTimer();
  const stored = await openWorkFolderForMerge<MergeExtra<C>>(outDir);
  const { command } = stored.manifest.extra;
  // OUT as given now: the folder may have moved since the shards ran
  const config: C = { ...stored.manifest.extra.config, out: resolve(outDir) };
  const job = jobFor(command, config);
  if (!job) throw new InputError(stored.dir, `holds tiles of smfuse ${String(command)}, which this merge does not finish`);
  const inputs = await timed('read_s', () => job.read(config, log));
  // The inputs must still be those the shards fused: the key would differ otherwise.
  const work = await openJobWork(job, config, inputs, String(stored.manifest.key.backend), 'resume');
  const assembly = job.assembly(inputs);
  const tally = await timed('fuse_s', () =>
    bringTiles(job.codec(inputs), work, shardTiles(undefined, work.manifest.tiles), undefined, assembly, log),
  );
  const { shards, threads, backends } = await mergedShards(work, tally.missing, job.resumeHint);
  // what computed the tiles, e.g. native-avx2 and native-avx512 on a mixed partition
  const backend = backends.length > 0 ? backends.join(', ') : String(stored.manifest.key.backend);
  log.info(`merged ${work.manifest.tiles} tiles from ${shards.length} shard${shards.length === 1 ? '' : 's'}`);
  const summary = await job.finish(config, inputs, assembly.result(), { backend, threads, shards }, timings, timed, log);
  await work.remove();
  return summary;
}

function openJobWork<C extends { readonly out: string }, I>(
  job: TiledJob<C, I, unknown, unknown, unknown>,
  config: C,
  inputs: I,
  backend: string,
  mode: 'resume' | 'fresh',
): Promise<WorkFolder<MergeExtra<C>>> {
  const { key, tiles } = job.work(config, inputs);
  const keyed = { smfuse: VERSION, ...key, backend: backendFamily(backend) };
  return openWorkFolder<MergeExtra<C>>(config.out, { key: keyed, tiles, extra: { command: job.command, config }, mode });
}

/**
 * The backend as a work folder's key names it: every SIMD path of the native addon gives
 * the same bytes (no FMA contraction differences, one lane order: kernels/native, tested
 * in test/kernels/native/simd-paths.test.ts), so tiles from avx2, avx512 and baseline
 * nodes merge; other backends (js, tfjs, a GPU) differ in the last bits and key apart.
 */
export function backendFamily(backend: string): string {
  return backend.startsWith('native-') ? 'native' : backend;
}

export interface TileTally {
  /** Tiles computed now (and checkpointed). */
  readonly computed: number[];
  /** Tiles read from their checkpoints. */
  readonly reused: number[];
  /** Tiles with no usable checkpoint that were not computed (no engine: a merge). */
  readonly missing: number[];
}

/**
 * Brings `tiles` into `assembly` (when given): each from its checkpoint when there is a
 * usable one (a checkpoint that does not fit this run is computed again, with a warning),
 * else computed by `engine` and checkpointed as soon as it is done.
 */
async function bringTiles<T>(
  codec: TileCodec<T>,
  work: WorkFolder<unknown>,
  tiles: readonly number[],
  engine: TileEngine<T> | undefined,
  assembly: TileAssembly<T, unknown> | undefined,
  log: Logger,
): Promise<TileTally> {
  const tally: TileTally = { computed: [], reused: [], missing: [] };
  const todo: number[] = [];
  for (const tile of tiles) {
    const cp = await work.load(tile, (why) => log.warn('CHECKPOINT_RECOMPUTED', `checkpoint ${why}; computing that tile again`));
    const value = cp && codec.decode(cp, tile);
    if (cp && !value) log.warn('CHECKPOINT_RECOMPUTED', `checkpoint of tile ${tile} does not fit this grid; computing it again`);
    if (value) {
      assembly?.add(tile, value);
      tally.reused.push(tile);
    } else todo.push(tile);
  }
  if (!engine) {
    tally.missing.push(...todo);
    return tally;
  }
  await engine.fuse(todo, async (tile, value) => {
    const { meta, arrays } = codec.encode(tile, value);
    await work.save(tile, meta, arrays);
    assembly?.add(tile, value);
    tally.computed.push(tile);
  });
  return tally;
}
