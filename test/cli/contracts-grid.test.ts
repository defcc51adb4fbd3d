import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GridSpec } from '../../src/grid/gridspec.js';
import { writeGeoTiff } from '../../src/io/geotiff-write.js';
import { formatStationsCsv } from '../../src/io/stations.js';
import type { SyntheticSample } from '../../src/sample/synthetic-tp.js';
import { gdal, hasGdal } from '../helpers/gdal.js';
import { runCli } from '../helpers/run-cli.js';
import { writeSmallSample } from '../helpers/small-sample.js';

// The small sample's values on an EASE-Grid 2.0 (EPSG:6933) grid of 25 km cells over the same
// ground (96–98° E, 28–29.5° N). Before the grid contract: 1-cell windows (48 instead of 4)
// and every station dropped (lon/lat compared with metres), exit 0.
const dir = mkdtempSync(join(tmpdir(), 'smfuse-contracts-grid-'));
let sample: SyntheticSample;
let grid: GridSpec;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** lon/lat → EPSG:6933 by GDAL, independent of smfuse's proj4 path. */
const toEase = (lon: number, lat: number) =>
  gdal('sh', '-c', `echo ${lon} ${lat} | gdaltransform -s_srs EPSG:4326 -t_srs EPSG:6933`).trim().split(/\s+/).map(Number);

beforeAll(async () => {
  if (!hasGdal) return;
  sample = await writeSmallSample(join(dir, 'geo'));
  const [x0, y0] = toEase(96, 29.5);
  grid = { width: sample.grid.width, height: sample.grid.height, originX: x0, originY: y0, resX: 25_000, resY: 25_000, epsg: 6933 };
  const put = (name: string, data: Float32Array, bands: number) =>
    writeGeoTiff(join(dir, `${name}.tif`), data, {
      grid,
      bands,
      sampleType: 'float32',
      nodata: NaN,
      bandDescriptions: bands > 1 ? sample.dates : undefined,
    });
  await Promise.all([
    put('ecv', sample.ecv, 365),
    put('fy', sample.fy, 365),
    put('lst', sample.lst, 365),
    put('ndvi', sample.ndvi, 365),
    put('albedo', sample.albedo, 365),
    put('dem', sample.dem, 1),
  ]);
  writeFileSync(join(dir, 'stations.csv'), formatStationsCsv(sample.stations));
  const inputs = Object.fromEntries(['ecv', 'fy', 'lst', 'ndvi', 'albedo', 'dem'].map((k) => [k, `${k}.tif`]));
  writeFileSync(
    join(dir, 'run.json'),
    JSON.stringify({ year: 2013, seed: 3, out: 'out', inputs, stations: 'stations.csv', grnn: { windowDeg: 1 } }),
  );
}, 120_000);

describe.skipIf(!hasGdal)('GRNN on a projected grid', () => {
  it('windows of the same area as 1° and stations projected into the grid', async () => {
    const r = await runCli('grnn', '--config', join(dir, 'run.json'));
    expect(r.code).toBe(0);
    const run = JSON.parse(readFileSync(join(dir, 'out', 'run.json'), 'utf8'));
    // a 1° × 1° box at the grid centre (≈ 28.75° N) by gdaltransform: its area as a square of 25 km cells
    const lat = 28.75;
    const [w, e] = [toEase(96.5, lat), toEase(97.5, lat)];
    const [s, n] = [toEase(97, lat - 0.5), toEase(97, lat + 0.5)];
    const cells = Math.round(Math.sqrt((e[0] - w[0]) * (n[1] - s[1])) / 25_000);
    expect(cells).toBe(4);
    expect(run.config.grnn.windowCells).toBe(cells);
    expect(Object.values(run.windows as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(
      3 * Math.ceil(8 / cells) * Math.ceil(6 / cells),
    );
    expect(r.stderr).toContain('projected grid (EPSG:6933): a 1° window is 4 cells');
    // stations inside the projected grid (by GDAL) are validated against, not dropped
    const inside = new Set(
      sample.stations
        .filter((o) => {
          const [x, y] = toEaseCached(o.lon, o.lat);
          return x >= grid.originX && x < grid.originX + 8 * 25_000 && y <= grid.originY && y > grid.originY - 6 * 25_000;
        })
        .map((o) => `${o.network}/${o.station}`),
    );
    expect(inside.size).toBeGreaterThan(0);
    const validation = readFileSync(join(dir, 'out', 'validation.csv'), 'utf8')
      .trim()
      .split('\n');
    const header = validation[0].split(',');
    const ecvAll = validation
      .map((l) => l.split(','))
      .find((c) => c[header.indexOf('network')] === 'all' && c[header.indexOf('product')] === 'ecv');
    expect(Number(ecvAll![header.indexOf('n')])).toBeGreaterThan(0);
  }, 180_000);
});

const cache = new Map<string, number[]>();
function toEaseCached(lon: number, lat: number): number[] {
  const key = `${lon} ${lat}`;
  if (!cache.has(key)) cache.set(key, toEase(lon, lat));
  return cache.get(key)!;
}
