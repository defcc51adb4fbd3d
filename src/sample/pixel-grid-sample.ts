import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { datesOfYear } from '../cube/dates.js';
import type { GridSpec } from '../grid/gridspec.js';
import { writeGeoTiff } from '../io/geotiff-write.js';
import { deriveSeed } from '../../core/rng.js';
import { syntheticSiteSeries } from './site-series.js';

/**
 * A gridded sample for `smfuse bpann|enkf --config`: every pixel is a synthetic site
 * series (site-series.ts: bucket truth, SMAP-like and CLM-like inputs, LST, CRNS-like
 * observations) of one year, seeded by (seed, pixel), so pixels are independent.
 * Observations are withheld in the last column (none) and thinned to every 15th day
 * in the one before (25 days), so those pixels lack enough target days.
 */
export interface PixelGridSample {
  grid: GridSpec;
  dates: string[];
  /** [day][row][col], NaN = missing. */
  smap: Float32Array;
  clm: Float32Array;
  lst: Float32Array;
  obs: Float32Array;
  truth: Float32Array;
}

/** Stream id of the per-pixel site seeds. */
const STREAM_PIXEL = 0xf5a1;
const SPARSE_EVERY = 15;

export function synthesizePixelGrid(grid: GridSpec, year: number, seed: number): PixelGridSample {
  const plane = grid.width * grid.height;
  const dates = datesOfYear(year);
  const cube = () => new Float32Array(dates.length * plane);
  const stacks = { smap: cube(), clm: cube(), lst: cube(), obs: cube(), truth: cube() };
  for (let p = 0; p < plane; p++) {
    const s = syntheticSiteSeries(deriveSeed(seed, STREAM_PIXEL, p), year, 1);
    const col = p % grid.width;
    for (let d = 0; d < dates.length; d++) {
      const i = d * plane + p;
      stacks.smap[i] = s.smap[d];
      stacks.clm[i] = s.clm[d];
      stacks.lst[i] = s.lst[d];
      stacks.truth[i] = s.truth[d];
      stacks.obs[i] = col === grid.width - 1 || (col === grid.width - 2 && d % SPARSE_EVERY !== 0) ? NaN : s.obs[d];
    }
  }
  return { grid, dates, ...stacks };
}

/** The configuration the sample ships with (paths relative to its folder). */
export const PIXEL_GRID_SAMPLE_CONFIG = {
  year: 2017,
  seed: 1,
  out: '../../out/fusion',
  inputs: { smap: 'smap.tif', clm: 'clm.tif', lst: 'lst.tif', obs: 'obs.tif' },
};

/** Writes smap/clm/lst/obs/truth.tif and run.json into `out` (created if absent). */
export async function writePixelGridSample(sample: PixelGridSample, out: string): Promise<void> {
  await mkdir(out, { recursive: true });
  const stacks: [string, Float32Array, string][] = [
    ['smap', sample.smap, 'SMAP-like soil moisture, m3/m3'],
    ['clm', sample.clm, 'CLM-like soil moisture, m3/m3'],
    ['lst', sample.lst, 'land surface temperature, K'],
    ['obs', sample.obs, 'CRNS-like observed soil moisture, m3/m3'],
    ['truth', sample.truth, 'true soil moisture, m3/m3'],
  ];
  for (const [name, data, variable] of stacks) {
    await writeGeoTiff(join(out, `${name}.tif`), data, {
      grid: sample.grid,
      bands: sample.dates.length,
      sampleType: 'float32',
      nodata: NaN,
      bandDescriptions: sample.dates,
      metadata: { source: 'smfuse synthetic fusion sample (src/sample/pixel-grid-sample.ts)', variable },
    });
  }
  await writeFile(
    join(out, 'run.json'),
    `${JSON.stringify({ ...PIXEL_GRID_SAMPLE_CONFIG, year: Number(sample.dates[0].slice(0, 4)) }, null, 2)}\n`,
  );
}
