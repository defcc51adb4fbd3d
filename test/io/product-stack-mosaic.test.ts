import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeGrid, type GridSpec } from '../../src/grid/gridspec.js';
import { writeGeoTiff } from '../../src/io/geotiff-write.js';
import { readProductStack } from '../../src/io/product-stack.js';

const dir = mkdtempSync(join(tmpdir(), 'smfuse-mosaic-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A 0.05° field over 90–92°E, 30–31°N with gaps, cut into a west and an east tile. */
function value(r: number, c: number): number {
  return (r * 7 + c * 13) % 11 === 0 ? NaN : 0.1 + 0.003 * r + 0.002 * c;
}
function field(grid: GridSpec, col0: number): Float32Array {
  const a = new Float32Array(grid.width * grid.height);
  for (let r = 0; r < grid.height; r++) for (let c = 0; c < grid.width; c++) a[r * grid.width + c] = value(r, c + col0);
  return a;
}
async function tile(name: string, west: number, east: number, date: string): Promise<string> {
  const grid = makeGrid({ west, south: 30, east, north: 31 }, 0.05);
  const path = join(dir, name);
  await writeGeoTiff(path, field(grid, Math.round((west - 90) / 0.05)), {
    grid,
    bands: 1,
    sampleType: 'float32',
    nodata: NaN,
    bandDescriptions: [date],
  });
  return path;
}

describe('mosaics of tiles of one date', () => {
  it('equal the read of the whole field, also in target cells that straddle the tile edge', async () => {
    const west = await tile('w-20170101.tif', 90, 91.1, '2017-01-01');
    const east = await tile('e-20170101.tif', 91.1, 92, '2017-01-01');
    const all = await tile('all-20170101.tif', 90, 92, '2017-01-01');
    // 0.25° cells: the one from 91.0 to 91.25 takes sub-cells of both tiles.
    const target = makeGrid({ west: 90, south: 30, east: 92, north: 31 }, 0.25);
    for (const resampling of ['mean', 'nearest'] as const) {
      const mosaic = await readProductStack([west, east], { target, resampling });
      const single = await readProductStack([all], { target, resampling });
      expect(mosaic.dates).toEqual(['2017-01-01']);
      expect(Array.from(mosaic.data).map((v) => v.toFixed(6))).toEqual(Array.from(single.data).map((v) => v.toFixed(6)));
    }
  });

  it('refuses the same grid twice on one date, naming both files', async () => {
    const a = await tile('a-20170102.tif', 90, 91, '2017-01-02');
    const b = await tile('b-20170102.tif', 90, 91, '2017-01-02');
    const target = makeGrid({ west: 90, south: 30, east: 91, north: 31 }, 0.25);
    await expect(readProductStack([a, b], { target })).rejects.toThrow(
      /b-20170102\.tif: date 2017-01-02 appears twice \(also in .*a-20170102\.tif\)/,
    );
  });

  it('refuses files none of whose layers falls on the days asked for (wrong year), naming their dates', async () => {
    const a = await tile('y-20170103.tif', 90, 91, '2017-01-03');
    const target = makeGrid({ west: 90, south: 30, east: 91, north: 31 }, 0.25);
    await expect(readProductStack([a], { target, dates: ['2016-01-01', '2016-01-02'] })).rejects.toThrow(
      /y-20170103\.tif: none of its 1 dated layer\(s\) falls on the days asked for \(2016-01-01…2016-01-02\): they are dated 2017-01-03…2017-01-03/,
    );
    // One layer inside the days is enough: the rest of the days are simply missing.
    expect((await readProductStack([a], { target, dates: ['2017-01-03', '2017-01-04'] })).dates).toEqual(['2017-01-03', '2017-01-04']);
  });
});
