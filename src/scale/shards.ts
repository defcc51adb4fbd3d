/**
 * Splitting a run over independent processes (cluster array jobs): shard i of N computes
 * the contiguous tiles ⌊i·T/N⌋ … ⌊(i+1)·T/N⌋ − 1 of the T tiles. Tiles run in row-major
 * order, so a shard's tiles cover a band of rows and it reads only those rows (plus the
 * margin its windows or pixel pools reach): memory per shard falls with the shard count.
 * (Round-robin tiles would balance cheap and expensive rows better, but every shard would
 * then need every row.)
 */
import { ConfigError, InputError } from '../../core/errors.js';
import type { WorkFolder } from './work-folder.js';

export interface Shard {
  readonly index: number;
  readonly count: number;
}

export interface ShardFlags {
  /** `i/N`, or `auto` for SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT. */
  readonly shard?: string;
  /** N, with i from SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX (Kubernetes Indexed Job). */
  readonly shards?: number;
}

/**
 * The shard a process runs, or none (the whole run). The environment is read only when a
 * flag asks for it (`--shard auto`, `--shards N`): a plain run inside an array job, e.g.
 * one task per year, must not be sharded by accident.
 */
export function shardFromFlags(flags: ShardFlags, env: NodeJS.ProcessEnv = process.env): Shard | undefined {
  if (flags.shard !== undefined && flags.shards !== undefined && flags.shard !== 'auto') {
    throw new ConfigError('give either --shard i/N or --shards N, not both');
  }
  if (flags.shard !== undefined && flags.shard !== 'auto') return parseShard(flags.shard);
  if (flags.shard === undefined && flags.shards === undefined) return undefined;
  const slurmId = env.SLURM_ARRAY_TASK_ID;
  if (slurmId !== undefined) {
    // Array indices may start anywhere (--array=1-8): the shard counts from the first.
    const index = integer(slurmId, 'SLURM_ARRAY_TASK_ID') - integer(env.SLURM_ARRAY_TASK_MIN ?? '0', 'SLURM_ARRAY_TASK_MIN');
    const count = flags.shards ?? integer(env.SLURM_ARRAY_TASK_COUNT ?? '', 'SLURM_ARRAY_TASK_COUNT');
    return checked(index, count, `SLURM_ARRAY_TASK_ID ${slurmId}`);
  }
  const k8sIndex = env.JOB_COMPLETION_INDEX;
  if (k8sIndex !== undefined) {
    if (flags.shards === undefined) throw new ConfigError('JOB_COMPLETION_INDEX gives the shard, --shards N must give their number');
    return checked(integer(k8sIndex, 'JOB_COMPLETION_INDEX'), flags.shards, `JOB_COMPLETION_INDEX ${k8sIndex}`);
  }
  throw new ConfigError(
    `--shard auto / --shards need SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX in the environment (or give --shard i/N)`,
  );
}

/** `i/N` with 0 ≤ i < N. */
export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!m) throw new ConfigError(`--shard "${text}": expected i/N, e.g. 0/4 (shards count from 0)`);
  return checked(Number(m[1]), Number(m[2]), `--shard ${text}`);
}

function checked(index: number, count: number, source: string): Shard {
  if (!(Number.isInteger(count) && count >= 1))
    throw new ConfigError(`${source}: the number of shards must be a whole number ≥ 1 (got ${count})`);
  if (!(Number.isInteger(index) && index >= 0 && index < count))
    throw new ConfigError(`${source}: shard ${index} is not in 0…${count - 1}`);
  return { index, count };
}

function integer(text: string, name: string): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isInteger(n)) throw new ConfigError(`${name}="${text}" is not a whole number`);
  return n;
}

/** The tiles (0 … tileCount−1) a shard computes, a contiguous range; all of them without a shard. */
export function shardTiles(shard: Shard | undefined, tileCount: number): number[] {
  const { index = 0, count = 1 } = shard ?? {};
  const first = Math.floor((index * tileCount) / count);
  const end = Math.floor(((index + 1) * tileCount) / count);
  return Array.from({ length: end - first }, (_, k) => first + k);
}

/** File name of a shard's done-marker in the work folder. */
export function shardMarkerName(shard: Shard): string {
  return `shard-${shard.index}-of-${shard.count}.json`;
}

const SHARD_MARKER = /^shard-\d+-of-\d+\.json$/;

/** A shard's done-marker: what it computed and how (a merge reports the shards and their threads). */
export interface ShardMarker {
  readonly shard: Shard;
  readonly tiles: readonly number[];
  readonly computed: number;
  readonly reused: number;
  readonly backend: string;
  readonly threads: number;
  readonly timings: Record<string, number>;
  /** Rows of the grid the shard read. */
  readonly band: { readonly row0: number; readonly row1: number };
  /** The shard process's peak resident memory, MiB. */
  readonly peakRssMiB: number;
}

export function markShardDone<Extra>(work: WorkFolder<Extra>, marker: ShardMarker): Promise<void> {
  return work.writeJson(shardMarkerName(marker.shard), marker);
}

/**
 * The shards a merge assembles, once every tile is there; else an InputError naming the
 * tiles not done and the shards that are (`command` is the run that could finish them).
 */
export async function mergedShards<Extra>(
  work: WorkFolder<Extra>,
  missing: readonly number[],
  command: string,
): Promise<{ shards: Shard[]; threads: number; backends: string[] }> {
  const markers = await work.readJsons(SHARD_MARKER);
  if (missing.length > 0) {
    const names = Object.keys(markers);
    throw new InputError(
      work.dir,
      `${missing.length} of ${work.manifest.tiles} tiles are not done (${missing.slice(0, 10).join(', ')}${missing.length > 10 ? ', …' : ''}); ` +
        `shards done: ${names.length > 0 ? names.join(', ') : 'none'}. Run the missing shards (or smfuse ${command} --resume) first`,
    );
  }
  const done = Object.values(markers) as ShardMarker[];
  return {
    shards: done.map((m) => m.shard),
    threads: Math.max(1, ...done.map((m) => m.threads)),
    backends: [...new Set(done.map((m) => m.backend))].sort(),
  };
}
