/**
 * Every environment variable smfuse reads, in one table: its meaning, what holds when it is
 * unset, and how its text is parsed. `smfuse --help` lists the table; the readers use the
 * accessors below, never process.env. A set but malformed value is a ConfigError naming the
 * variable (the CLI checks them all before a command runs), never a silent default.
 */
import { ConfigError } from './errors.js';

export interface EnvKnob {
  readonly name: string;
  /** What it does, for `--help` and the docs. */
  readonly meaning: string;
  /** What holds when it is unset or empty (parsed like a value), or undefined: nothing. */
  readonly default: string | undefined;
}

interface ParsedKnob<T> extends EnvKnob {
  /** The value of a set, non-empty text; throws a ConfigError naming the variable when malformed. */
  parse(text: string): T;
}

function seconds(name: string, text: string): number {
  const s = Number(text);
  if (!(Number.isFinite(s) && s > 0)) throw new ConfigError(`${name}=${text}: expected a number of seconds > 0`);
  return s;
}

function onOff(name: string, text: string): boolean {
  if (text !== 'on' && text !== 'off') throw new ConfigError(`${name}=${text}: expected on or off`);
  return text === 'on';
}

const KNOBS = {
  native: {
    name: 'SMFUSE_NATIVE',
    meaning: 'off: never load the native addon (backends fall back to js, and say why)',
    default: 'on',
    parse: (text: string) => onOff('SMFUSE_NATIVE', text),
  },
  simd: {
    name: 'SMFUSE_SIMD',
    meaning:
      "the native addon's SIMD path: avx512, avx2 or baseline (every path gives the same bytes; for checking that, or a node's old CPU)",
    default: undefined,
    parse: (text: string) => {
      if (!['avx512', 'avx2', 'baseline'].includes(text)) throw new ConfigError(`SMFUSE_SIMD=${text}: expected avx512, avx2 or baseline`);
      return text;
    },
  },
  gpu: {
    name: 'SMFUSE_GPU',
    meaning: 'off: never start the WebGPU GRNN backend',
    default: 'on',
    parse: (text: string) => onOff('SMFUSE_GPU', text),
  },
  gpuTimeout: {
    name: 'SMFUSE_GPU_TIMEOUT_S',
    meaning: 'longest wait, in seconds, for one answer of the GPU worker thread',
    default: '600',
    parse: (text: string) => seconds('SMFUSE_GPU_TIMEOUT_S', text),
  },
  hdf5Timeout: {
    name: 'SMFUSE_HDF5_TIMEOUT_S',
    meaning: 'seconds an HDF5/NetCDF-4 file may take to open, and the base limit of a read (plus 0.1 s per million values)',
    default: '10',
    parse: (text: string) => seconds('SMFUSE_HDF5_TIMEOUT_S', text),
  },
  sourceDateEpoch: {
    name: 'SOURCE_DATE_EPOCH',
    meaning: 'whole seconds since 1970: the date_created (and history time) NetCDF outputs record; unset, they record none',
    default: undefined,
    parse: (text: string) => {
      if (!/^\d+$/.test(text)) throw new ConfigError(`SOURCE_DATE_EPOCH=${text}: expected whole seconds since 1970`);
      return new Date(Number(text) * 1000);
    },
  },
} as const satisfies Record<string, ParsedKnob<unknown>>;

/**
 * Cluster variables: read by src/scale/shards.ts, and only under `--shard auto` / `--shards N`
 * (a plain run inside an array job must not be sharded by accident).
 */
export const CLUSTER_ENV: readonly EnvKnob[] = [
  {
    name: 'SLURM_ARRAY_TASK_ID',
    meaning: 'this task of a Slurm array job: the shard, counted from SLURM_ARRAY_TASK_MIN',
    default: undefined,
  },
  { name: 'SLURM_ARRAY_TASK_MIN', meaning: 'the first task ID of the Slurm array', default: '0' },
  { name: 'SLURM_ARRAY_TASK_COUNT', meaning: 'the number of shards under --shard auto', default: undefined },
  { name: 'JOB_COMPLETION_INDEX', meaning: 'the shard of a Kubernetes Indexed Job (with --shards N)', default: undefined },
];

/** The knobs, in the order `--help` lists them. */
export const ENV_KNOBS: readonly EnvKnob[] = Object.values(KNOBS);

type Key = keyof typeof KNOBS;
type Value<K extends Key> = ReturnType<(typeof KNOBS)[K]['parse']>;

/** The knob's value: its text, else its default, parsed; undefined when both are missing. */
function read<K extends Key>(key: K, env: NodeJS.ProcessEnv): Value<K> | undefined {
  const knob: ParsedKnob<unknown> = KNOBS[key];
  const text = env[knob.name] || knob.default;
  return text === undefined ? undefined : (knob.parse(text) as Value<K>);
}

/** Whether the native addon may be loaded (SMFUSE_NATIVE). */
export const nativeAllowed = (env = process.env): boolean => read('native', env)!;
/** The SIMD path the native addon must take (SMFUSE_SIMD), or undefined: its best. */
export const forcedSimd = (env = process.env): string | undefined => read('simd', env);
/** Whether the WebGPU backend may start (SMFUSE_GPU). */
export const gpuAllowed = (env = process.env): boolean => read('gpu', env)!;
/** Longest wait for one GPU worker reply, seconds (SMFUSE_GPU_TIMEOUT_S). */
export const gpuTimeoutS = (env = process.env): number => read('gpuTimeout', env)!;
/** Time limit of opening an HDF5 file and base limit of a read, seconds (SMFUSE_HDF5_TIMEOUT_S). */
export const hdf5TimeoutS = (env = process.env): number => read('hdf5Timeout', env)!;
/** The reproducible-build date outputs record (SOURCE_DATE_EPOCH), or undefined. */
export const sourceDateEpoch = (env = process.env): Date | undefined => read('sourceDateEpoch', env);

/** Parses every knob, so that a malformed one stops a command before it does any work. */
export function checkEnvironment(env: NodeJS.ProcessEnv = process.env): void {
  for (const key of Object.keys(KNOBS) as Key[]) read(key, env);
}

/** The `Environment:` section of `smfuse --help`. */
export function environmentHelp(): string {
  const rows = [...ENV_KNOBS, ...CLUSTER_ENV];
  const width = Math.max(...rows.map((k) => k.name.length));
  const line = (k: EnvKnob) => `  ${k.name.padEnd(width)}  ${k.meaning} (default: ${k.default ?? 'unset'})`;
  return [
    'Environment:',
    ...ENV_KNOBS.map(line),
    '',
    'Cluster (read only under --shard auto / --shards N):',
    ...CLUSTER_ENV.map(line),
  ].join('\n');
}
