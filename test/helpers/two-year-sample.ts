import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeGrid } from '../../src/grid/gridspec.js';
import { synthesizeSample } from '../../src/sample/synthetic-tp.js';
import { writeSample } from '../../src/sample/write-sample.js';

export const TWO_YEARS = [2013, 2014] as const;

/** GRNN settings of the multi-year tests: the small sample's 48 windows in tiles of 5, one thread. */
export const SMALL_GRNN = { windowDeg: 0.5, blockDeg: 0.25, tileWindows: 5 };

/**
 * The small sample (test/helpers/small-sample.ts' grid) for 2013 and 2014, seeds 5 and 6,
 * in `dir`/2013 and `dir`/2014, and `dir`/years.json naming them with {YYYY} (the DEM of
 * 2013 for both: a static input). `yearConfig(y)` is the one-year configuration of year y.
 */
export async function writeTwoYearSample(dir: string): Promise<{ config: string; yearConfig: (year: number) => string }> {
  const grid = makeGrid({ west: 96, south: 28, east: 98, north: 29.5 }, 0.25);
  for (const [k, year] of TWO_YEARS.entries()) {
    mkdirSync(join(dir, String(year)), { recursive: true });
    await writeSample(synthesizeSample({ grid, year, seed: 5 + k }), join(dir, String(year)), { source: 'smfuse test sample' });
  }
  const base = (y: string) => ({
    seed: 7,
    inputs: {
      ecv: `${y}/ecv.tif`,
      fy: `${y}/fy.tif`,
      lst: `${y}/lst.tif`,
      ndvi: `${y}/ndvi.tif`,
      albedo: `${y}/albedo.tif`,
      dem: '2013/dem.tif',
    },
    stations: `${y}/stations.csv`,
    truth: `${y}/truth.tif`,
    threads: 1,
    grnn: SMALL_GRNN,
  });
  const config = join(dir, 'years.json');
  writeFileSync(config, JSON.stringify({ years: [TWO_YEARS[0], TWO_YEARS[1]], ...base('{YYYY}') }));
  const yearConfig = (year: number) => {
    const file = join(dir, `year-${year}.json`);
    writeFileSync(file, JSON.stringify({ year, ...base(String(year)) }));
    return file;
  };
  return { config, yearConfig };
}
