import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { type GrnnPruneStat, nativeAddon } from '../../kernels/native/load.js';
import { packageRoot } from '../../core/package-root.js';
import { configDir, parseGrnnConfig, readJsonConfig } from '../../src/config/grnn-config.js';
import { makeGrid } from '../../src/grid/gridspec.js';
import { silentLogger } from '../../src/log.js';
import { runGrnn } from '../../src/run/grnn/run.js';
import { synthesizeSample } from '../../src/sample/synthetic-tp.js';
import { writeSample } from '../../src/sample/write-sample.js';

/** The Tibetan-Plateau grid: 60 × 140 cells at 0.25° (73–108° E, 25–40° N). */
export const TP_BOX = { west: 73, south: 25, east: 108, north: 40 };

export interface YearRun {
  readonly seconds: number;
  readonly backend: string;
  readonly timings: Record<string, number>;
}

/** `config` (a run.json's contents) with its `grnn` section's keys replaced by `grnn`'s (e.g. the kernel's tolerance). */
function withGrnn<T extends { grnn?: object }>(config: T, grnn: Record<string, unknown>): T {
  return { ...config, grnn: { ...config.grnn, ...grnn } };
}

/**
 * Wall time of `smfuse grnn` (read, fuse, products, write) on the run.json `configFile`,
 * with its `grnn` section's keys replaced by `grnn` (e.g. the kernel's tolerance).
 */
export async function timeGrnnRun(configFile: string, backend: string, grnn: Record<string, unknown> = {}): Promise<YearRun> {
  const out = await mkdtemp(join(tmpdir(), 'smfuse-bench-out-'));
  try {
    const raw = (await readJsonConfig(configFile)) as { grnn?: object };
    const config = parseGrnnConfig({ ...withGrnn(raw, grnn), out, backend }, configFile, configDir(configFile));
    const t0 = performance.now();
    const summary = await runGrnn(config, silentLogger());
    return { seconds: (performance.now() - t0) / 1000, backend: summary.backend, timings: summary.timings };
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}

/** The small year: 24 × 48 cells at 0.25° (90–102° E, 30–36° N). */
export const SMALL_BOX = { west: 90, south: 30, east: 102, north: 36 };

/** Every weight summed (today's kernel before truncation), and the default. */
export const EXACT = { tolerance: 0 };
export const DEFAULT_TOLERANCE = {};

/** A synthetic year on the `box` grid written to a temporary folder for `use` (given the folder's run.json), removed after. */
async function withSyntheticYear<R>(box: typeof TP_BOX, use: (configFile: string) => Promise<R>): Promise<R> {
  const dir = await mkdtemp(join(tmpdir(), 'smfuse-bench-year-'));
  try {
    await writeSample(synthesizeSample({ grid: makeGrid(box, 0.25), year: 2013, seed: 42 }), dir, { source: 'smfuse bench year' });
    return await use(join(dir, 'run.json'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** A year run's native truncation counts per σ (empty when the addon is absent). */
export interface TruncatedYear {
  readonly exact: YearRun;
  readonly truncated: YearRun;
  readonly prune: readonly GrnnPruneStat[];
}

/**
 * A synthetic year on the `box` grid fused exactly and with the default tolerance, one
 * after the other on the same files; `prune` counts the truncated run's blocks.
 */
export function timeYearTruncation(box: typeof TP_BOX, backend: string): Promise<TruncatedYear> {
  return withSyntheticYear(box, async (configFile) => {
    const addon = nativeAddon();
    const exact = await timeGrnnRun(configFile, backend, EXACT);
    addon?.grnnPruneStats(); // reading the counts resets them: the next ones are the truncated run's
    const truncated = await timeGrnnRun(configFile, backend, DEFAULT_TOLERANCE);
    return { exact, truncated, prune: addon?.grnnPruneStats() ?? [] };
  });
}

/**
 * `smfuse grnn` end to end as a user runs it (a new CLI process: start-up, read, fuse,
 * products, write) on a synthetic year on the `box` grid, once per `grnn` override; wall
 * seconds each.
 */
export function timeYearCli(box: typeof TP_BOX, grnn: Record<string, unknown>[]): Promise<number[]> {
  return withSyntheticYear(box, async (configFile) => {
    const raw = JSON.parse(await readFile(configFile, 'utf8')) as { grnn?: object };
    const cli = join(packageRoot(import.meta.url), 'bin', 'smfuse.js');
    const seconds: number[] = [];
    for (const [i, g] of grnn.entries()) {
      const config = join(dirname(configFile), `run-${i}.json`);
      await writeFile(config, JSON.stringify({ ...withGrnn(raw, g), out: `out-${i}` }));
      const t0 = performance.now();
      execFileSync(process.execPath, [cli, 'grnn', '--config', config], { stdio: 'ignore' });
      seconds.push((performance.now() - t0) / 1000);
    }
    return seconds;
  });
}
