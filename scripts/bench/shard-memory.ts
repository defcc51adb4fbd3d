/**
 * `npm run bench:shards [-- --method enkf|grnn|both --grid-res DEG --threads N --backend native|js --quick --json FILE]`:
 * peak resident memory of 1, 2, 4 and 8 shards of a synthetic year (issue 14: a shard reads
 * only its band of rows plus the margin its windows or pools reach, so memory per shard
 * falls with the shard count). Each shard is its own `smfuse … --shard i/N` process, run one
 * after another, and reports its peak RSS and band in its done-marker; `smfuse merge` then
 * finishes each shard count (its peak RSS measured by a hook preloaded into it), and every
 * merged output must equal the 1-shard run's byte for byte, or the bench fails.
 *
 * EnKF on a global grid (default 2°: 180 × 90 cells, about a minute for 1, 2 and 4 shards,
 * as `npm run bench` runs them; `--grid-res 0.25` is the 1440 × 720 grid of a real global run, for a machine
 * with the time and the memory for it) and GRNN on a tall 0.25° strip with cheap settings
 * (0.5° windows, 2 subsets, 2 spreads).
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { compiledModuleUrl } from '../../core/compiled-url.js';
import { packageRoot } from '../../core/package-root.js';
import { nativeAddon } from '../../kernels/native/load.js';
import { datesOfYear } from '../../src/cube/dates.js';
import { makeGrid, type BBox, type GridSpec, type RowBand } from '../../src/grid/gridspec.js';
import { writeGeoTiff } from '../../src/io/geotiff-write.js';
import { synthesizePixelGrid } from '../../src/sample/pixel-grid-sample.js';
import { synthesizeSample } from '../../src/sample/synthetic-tp.js';
import { shardMarkerName, type ShardMarker } from '../../src/scale/shards.js';

export type ShardBenchMethod = 'enkf' | 'grnn';

const MiB = 1024 * 1024;
const BIN = join(packageRoot(import.meta.url), 'bin', 'smfuse.js');

/**
 * Bytes held per pixel-day of a shard's band, in float32 cubes, read off the code:
 * EnKF: smap, clm, lst, obs (pixel-grid/inputs.ts) + the fused and sd scratch of
 * enkf/grid-method.ts = 6; GRNN: ecv, fy, lst, ndvi, albedo (load-grnn-inputs.ts) + the
 * uint8 reference status (cube/masks.ts) = 5.25.
 */
export const CUBES_PER_SHARD: Record<ShardBenchMethod, number> = { enkf: 6, grnn: 5.25 };

/** A benchmark case: a method on a grid, its run flags, the shard counts to measure. */
export interface ShardBenchCase {
  readonly method: ShardBenchMethod;
  readonly grid: GridSpec;
  /** Flags every run of the case gets besides --config, --out, --shard (threads, method settings). */
  readonly flags: readonly string[];
  /** Rows beyond its own that a shard's band reaches on each side (GRNN: window + 2·maxWiden·block; EnKF: 0). */
  readonly margin: number;
  readonly shardCounts: readonly number[];
  /**
   * EnKF: observations are kept on every `obsEvery`-th row and column only, as from a
   * network of stations or CRNS probes (a merge's pooled tables cost ~10 µs per observed
   * pixel-day, which would dominate the bench); the input cubes are as large either way.
   */
  readonly obsEvery?: number;
}

const YEAR = { enkf: 2017, grnn: 2013 } as const;
const SEED = 42;

export interface ShardBenchOptions {
  /** EnKF grid cell size, degrees (default 2; quick 4). */
  readonly res?: number;
  readonly quick?: boolean;
  /** Threads of each process (default 1). */
  readonly threads?: number;
  /** Backend of every process (default native when the addon is built, else js). */
  readonly backend?: 'native' | 'js';
  /** Shard counts to measure, 1 first (default 1, 2, 4, 8; quick 1, 2). */
  readonly shardCounts?: readonly number[];
}

/**
 * The default cases: EnKF on a global grid of `res` degrees, GRNN on a 0.25° strip
 * 10° wide and 20° tall (40 × 80 cells; quick: 4° × 16°) through the Tibetan Plateau: its
 * data is small next to the ~200 MiB base either way, so it shows the bands, margins and
 * byte-identical merges, and the EnKF case the memory.
 */
export function defaultCases(options: ShardBenchOptions = {}): Record<ShardBenchMethod, ShardBenchCase> {
  // one backend for every process, named: `auto` would pick another if the addon went missing between them
  const run = ['--threads', String(options.threads ?? 1), '--backend', options.backend ?? (nativeAddon() ? 'native' : 'js')];
  // quick (the CI-sized bench): one split against the whole, enough to see memory fall and merges match
  const shardCounts = options.shardCounts ?? (options.quick ? [1, 2] : [1, 2, 4, 8]);
  const grnnBox: BBox = options.quick ? { west: 88, south: 20, east: 92, north: 36 } : { west: 85, south: 20, east: 95, north: 40 };
  return {
    enkf: {
      method: 'enkf',
      grid: makeGrid({ west: -180, south: -90, east: 180, north: 90 }, options.res ?? (options.quick ? 4 : 2)),
      flags: [...run, '--tile-pixels', '1024'],
      margin: 0,
      shardCounts,
      obsEvery: 4,
    },
    grnn: {
      method: 'grnn',
      grid: makeGrid(grnnBox, 0.25),
      flags: [...run, '--window-deg', '0.5', '--subsets', '2', '--sigmas', '0.05,0.1'],
      // 0.5° windows of 2 cells, blocks as large, widened at most once (1° windows cost 4 times as much)
      margin: 2 + 2 * 1 * 2,
      shardCounts,
    },
  };
}

/** Writes the case's synthetic year as GeoTIFF stacks (tiled: band reads stay windowed) and a run.json; returns its path. */
export async function writeCaseInputs(c: ShardBenchCase, dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  const daily = async (name: string, data: Float32Array, dates: readonly string[]) =>
    writeGeoTiff(join(dir, `${name}.tif`), data, {
      grid: c.grid,
      bands: dates.length,
      sampleType: 'float32',
      nodata: NaN,
      bandDescriptions: dates,
    });
  let config: object;
  if (c.method === 'enkf') {
    const s = synthesizePixelGrid(c.grid, YEAR.enkf, SEED);
    thinObservations(s.obs, c.grid, c.obsEvery ?? 1);
    for (const name of ['smap', 'clm', 'lst', 'obs'] as const) await daily(name, s[name], s.dates);
    config = { year: YEAR.enkf, seed: SEED, inputs: { smap: 'smap.tif', clm: 'clm.tif', lst: 'lst.tif', obs: 'obs.tif' } };
  } else {
    const s = synthesizeSample({ grid: c.grid, year: YEAR.grnn, seed: SEED });
    for (const name of ['ecv', 'fy', 'lst', 'ndvi', 'albedo'] as const) await daily(name, s[name], s.dates);
    await daily('dem', s.dem, ['elevation']);
    config = {
      year: YEAR.grnn,
      seed: SEED,
      inputs: { ecv: 'ecv.tif', fy: 'fy.tif', lst: 'lst.tif', ndvi: 'ndvi.tif', albedo: 'albedo.tif', dem: 'dem.tif' },
    };
  }
  const file = join(dir, 'run.json');
  writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`);
  return file;
}

/** NaN in `obs` ([day][row][col]) but on every `every`-th row and column. */
function thinObservations(obs: Float32Array, grid: GridSpec, every: number): void {
  const plane = grid.width * grid.height;
  for (let p = 0; p < plane; p++) {
    if (Math.floor(p / grid.width) % every === 0 && (p % grid.width) % every === 0) continue;
    for (let i = p; i < obs.length; i += plane) obs[i] = NaN;
  }
}

/** One shard process as its done-marker reports it, with its wall time. */
export interface ShardProcess {
  readonly band: RowBand;
  readonly peakRssMiB: number;
  readonly seconds: number;
}

/** Every shard of one shard count, and the merge that finished them. */
export interface ShardCountRun {
  readonly shards: number;
  readonly processes: readonly ShardProcess[];
  readonly merge: { readonly peakRssMiB: number; readonly seconds: number };
  /** Every output file (run.json aside) equals the 1-shard run's byte for byte. */
  readonly identical: boolean;
}

export interface ShardBenchReport {
  readonly method: ShardBenchMethod;
  readonly width: number;
  readonly height: number;
  readonly days: number;
  readonly margin: number;
  readonly runs: readonly ShardCountRun[];
  /** Least-squares fit of every shard's peak RSS against the float32 bytes of its band's pixel-days. */
  readonly fit: { readonly baseMiB: number; readonly cubes: number };
}

/** Makes the child print its peak RSS (MiB, core/peak-rss.ts) on stderr as it exits: spawnSync gives no rusage. */
const RSS_HOOK = `data:text/javascript,${encodeURIComponent(
  `import { peakRssMiB } from '${compiledModuleUrl(import.meta.url, '../../core/peak-rss.js')}';` +
    "process.on('exit',()=>process.stderr.write('smfuse-bench-peak-rss-mib '+peakRssMiB()+'\\n'))",
)}`;

function smfuse(args: readonly string[], hook = false): { seconds: number; stderr: string; peakRssMiB?: number } {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [...(hook ? ['--import', RSS_HOOK] : []), BIN, ...args], { encoding: 'utf8', maxBuffer: 64 * MiB });
  const seconds = (performance.now() - t0) / 1000;
  const rss = /^smfuse-bench-peak-rss-mib (\d+)$/m.exec(r.stderr ?? '');
  if (r.status !== 0) throw new Error(`smfuse ${args.join(' ')} exited ${r.status ?? r.signal}: ${r.stderr}`);
  return { seconds, stderr: r.stderr, peakRssMiB: rss ? Number(rss[1]) : undefined };
}

/** Every file of `dir` but run.json and dot-files (the work folder). */
function outputFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((n) => n !== 'run.json' && !n.startsWith('.'))
    .sort();
}

function sameOutputs(a: string, b: string): boolean {
  const names = outputFiles(a);
  if (names.length === 0 || names.join('\n') !== outputFiles(b).join('\n')) return false;
  return names.every((n) => readFileSync(join(a, n)).equals(readFileSync(join(b, n))));
}

/**
 * Writes the case's inputs into `dir` and runs its shard counts (the first must be 1, the
 * reference), each shard a process of its own, one after another; merges each count and
 * compares with the reference.
 */
export async function measureShardMemory(c: ShardBenchCase, dir: string): Promise<ShardBenchReport> {
  if (c.shardCounts[0] !== 1) throw new Error('the first shard count is the 1-shard reference');
  const configFile = await writeCaseInputs(c, join(dir, 'inputs'));
  const reference = join(dir, 'out-1');
  const runs: ShardCountRun[] = [];
  for (const n of c.shardCounts) {
    const out = join(dir, `out-${n}`);
    const processes: ShardProcess[] = [];
    for (let i = 0; i < n; i++) {
      const { seconds } = smfuse([c.method, '--config', configFile, '--out', out, '--shard', `${i}/${n}`, '--quiet', ...c.flags]);
      const marker = JSON.parse(readFileSync(join(out, '.smfuse-work', shardMarkerName({ index: i, count: n })), 'utf8')) as ShardMarker;
      processes.push({ band: marker.band, peakRssMiB: marker.peakRssMiB, seconds });
    }
    const merged = smfuse(['merge', out, '--quiet'], true);
    if (merged.peakRssMiB === undefined) throw new Error(`smfuse merge ${out} did not report its peak RSS: ${merged.stderr}`);
    const identical = n === 1 || sameOutputs(reference, out);
    runs.push({ shards: n, processes, merge: { peakRssMiB: merged.peakRssMiB, seconds: merged.seconds }, identical });
    if (n !== 1) await rm(out, { recursive: true, force: true });
    if (!identical) throw new Error(`${c.method}: the ${n}-shard merge in ${out} differs from the 1-shard run in ${reference}`);
  }
  const days = datesOfYear(YEAR[c.method]).length;
  return {
    method: c.method,
    width: c.grid.width,
    height: c.grid.height,
    days,
    margin: c.margin,
    runs,
    fit: fitCubes(runs, c.grid.width, days),
  };
}

/** MiB of one float32 cube of `rows` rows over a year. */
export function cubeMiB(rows: number, width: number, days: number): number {
  return (rows * width * days * 4) / MiB;
}

/** Peak RSS = base + cubes × cubeMiB(band rows), by least squares over every shard process. */
function fitCubes(runs: readonly ShardCountRun[], width: number, days: number): { baseMiB: number; cubes: number } {
  const pts = runs.flatMap((r) => r.processes.map((p) => [cubeMiB(p.band.row1 - p.band.row0, width, days), p.peakRssMiB]));
  const n = pts.length;
  const mx = pts.reduce((s, [x]) => s + x, 0) / n;
  const my = pts.reduce((s, [, y]) => s + y, 0) / n;
  const sxx = pts.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  const cubes = sxx > 0 ? pts.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0) / sxx : NaN;
  return { baseMiB: my - cubes * mx, cubes };
}

/**
 * The largest band a shard of `shards` reads: its share of the rows (rounded up) plus the
 * margin on each side that has a neighbour (both for an inner shard), within the grid.
 */
export function predictedRows(height: number, shards: number, margin: number): number {
  return Math.min(height, Math.ceil(height / shards) + Math.min(shards - 1, 2) * margin);
}

/** The formula: base + k × days × rows × width × 4 B, k the cubes read off the code. */
export function predictedRssMiB(
  method: ShardBenchMethod,
  baseMiB: number,
  width: number,
  height: number,
  days: number,
  shards: number,
  margin: number,
): number {
  return baseMiB + CUBES_PER_SHARD[method] * cubeMiB(predictedRows(height, shards, margin), width, days);
}

/** The table the bench prints. */
export function formatShardTable(r: ShardBenchReport): string {
  const k = CUBES_PER_SHARD[r.method];
  const lines = [
    `${r.method}: ${r.width} × ${r.height} cells × ${r.days} days, margin ${r.margin} rows; one float32 cube of the whole grid ${cubeMiB(r.height, r.width, r.days).toFixed(0)} MiB`,
    'shards  rows/shard  peak RSS max  mean  formula  shards wall  merge RSS  merge wall  identical',
  ];
  for (const run of r.runs) {
    const rss = run.processes.map((p) => p.peakRssMiB);
    const rows = Math.max(...run.processes.map((p) => p.band.row1 - p.band.row0));
    const predicted = predictedRssMiB(r.method, r.fit.baseMiB, r.width, r.height, r.days, run.shards, r.margin);
    const wall = run.processes.reduce((s, p) => s + p.seconds, 0);
    lines.push(
      String(run.shards).padStart(6) +
        String(rows).padStart(12) +
        `${Math.max(...rss)} MiB`.padStart(14) +
        `${Math.round(rss.reduce((a, b) => a + b, 0) / rss.length)}`.padStart(6) +
        `${predicted.toFixed(0)}`.padStart(9) +
        `${wall.toFixed(1)} s`.padStart(13) +
        `${run.merge.peakRssMiB} MiB`.padStart(11) +
        `${run.merge.seconds.toFixed(1)} s`.padStart(12) +
        (run.identical ? 'yes' : 'NO').padStart(11),
    );
  }
  lines.push(
    `formula: ${r.fit.baseMiB.toFixed(0)} MiB + ${k} × days × rows × width × 4 B (k = ${k} from the code; a free fit gives k = ${r.fit.cubes.toFixed(2)})`,
  );
  return lines.join('\n');
}

/** Measures `methods` of the default cases, each in a temporary folder; prints and returns the reports. */
export async function runShardBench(methods: readonly ShardBenchMethod[], options: ShardBenchOptions = {}): Promise<ShardBenchReport[]> {
  const cases = defaultCases(options);
  const reports: ShardBenchReport[] = [];
  for (const m of methods) {
    const dir = await mkdtemp(join(tmpdir(), `smfuse-bench-shards-${m}-`));
    try {
      const t0 = performance.now();
      const report = await measureShardMemory(cases[m], dir);
      console.log(
        `\nPeak RSS per shard (each shard a process, --threads ${options.threads ?? 1}), ${((performance.now() - t0) / 1000).toFixed(0)} s with writing the inputs`,
      );
      console.log(formatShardTable(report));
      reports.push(report);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  return reports;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values: args } = parseArgs({
    options: {
      method: { type: 'string', default: 'both' },
      'grid-res': { type: 'string' },
      quick: { type: 'boolean' },
      threads: { type: 'string' },
      backend: { type: 'string' },
      json: { type: 'string' },
    },
  });
  const methods: ShardBenchMethod[] = args.method === 'both' ? ['enkf', 'grnn'] : [args.method as ShardBenchMethod];
  if (!methods.every((m) => m === 'enkf' || m === 'grnn')) throw new Error(`--method ${args.method}: enkf, grnn or both`);
  const res = args['grid-res'] === undefined ? undefined : Number(args['grid-res']);
  if (args.backend !== undefined && args.backend !== 'native' && args.backend !== 'js')
    throw new Error(`--backend ${args.backend}: native or js`);
  const threads = args.threads === undefined ? undefined : Number(args.threads);
  const reports = await runShardBench(methods, { res, quick: args.quick, threads, backend: args.backend });
  if (args.json) writeFileSync(args.json, `${JSON.stringify(reports, null, 2)}\n`);
}
