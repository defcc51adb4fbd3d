import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { makeGrid } from '../../src/grid/gridspec.js';
import { synthesizeSample, type SyntheticSample } from '../../src/sample/synthetic-tp.js';
import { writeSample } from '../../src/sample/write-sample.js';

/**
 * A 2° × 1.5° synthetic sample (8 × 6 cells at 0.25°: four 1° windows, two of them
 * shifted at the edge) written as smfuse inputs into `dir`.
 */
export async function writeSmallSample(dir: string, seed = 5): Promise<SyntheticSample> {
  mkdirSync(dir, { recursive: true });
  const grid = makeGrid({ west: 96, south: 28, east: 98, north: 29.5 }, 0.25);
  const sample = synthesizeSample({ grid, year: 2013, seed });
  await writeSample(sample, dir, { source: 'smfuse test sample' });
  return sample;
}

/**
 * A test file's temporary folder holding the small sample in `in/` (written before the
 * file's tests, removed after them), and the sample's run.json.
 */
export function smallSampleFolder(prefix: string): { dir: string; config: string } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  beforeAll(async () => {
    await writeSmallSample(join(dir, 'in'));
  }, 120_000);
  return { dir, config: join(dir, 'in', 'run.json') };
}
