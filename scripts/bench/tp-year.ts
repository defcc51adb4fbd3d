import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

/** Wall time of `smfuse grnn` (read, fuse, products, write) on the run.json `configFile`. */
export async function timeGrnnRun(configFile: string, backend: string): Promise<YearRun> {
  const out = await mkdtemp(join(tmpdir(), 'smfuse-bench-out-'));
  try {
    const raw = (await readJsonConfig(configFile)) as object;
    const config = parseGrnnConfig({ ...raw, out, backend }, configFile, configDir(configFile));
    const t0 = performance.now();
    const summary = await runGrnn(config, silentLogger());
    return { seconds: (performance.now() - t0) / 1000, backend: summary.backend, timings: summary.timings };
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}

/** A full synthetic TP year, written to a temporary folder, fused with `backend`. */
export async function timeTpYear(backend: string): Promise<YearRun> {
  const dir = await mkdtemp(join(tmpdir(), 'smfuse-bench-tp-'));
  try {
    const sample = synthesizeSample({ grid: makeGrid(TP_BOX, 0.25), year: 2013, seed: 42 });
    await writeSample(sample, dir, { source: 'smfuse bench TP year' });
    return await timeGrnnRun(join(dir, 'run.json'), backend);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
