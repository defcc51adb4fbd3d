/**
 * GeoTIFF DEMs as ASTER GDEM, MERIT DEM and Copernicus DEM ship them (Int16 or Float32,
 * nodata −9999, 1″ or 3″ lon/lat cells): read with nodata honoured and averaged onto a
 * coarser grid, compared cell for cell with gdalwarp -r average of the same file.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeGrid, type GridSpec } from '../../src/grid/gridspec.js';
import { readGeoTiffStack } from '../../src/io/geotiff-read.js';
import { writeGeoTiff } from '../../src/io/geotiff-write.js';
import { readProductStack } from '../../src/io/product-stack.js';
import { gdal, gdalwarpOnto, hasGdal } from '../helpers/gdal.js';

const dir = mkdtempSync('/tmp/smfuse-geotiff-dem-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A 1″ DEM over 0.2° × 0.15° by 90.1°E, 30.0°N with voids (−9999) in a patch and scattered cells. */
async function dem(name: string, type: 'Int16' | 'Float32'): Promise<{ path: string; grid: GridSpec; stored: Float32Array }> {
  const res = 1 / 3600;
  const grid: GridSpec = { width: 720, height: 540, originX: 90.1, originY: 30.15, resX: res, resY: res, epsg: 4326 };
  const stored = new Float32Array(grid.width * grid.height);
  for (let r = 0; r < grid.height; r++) {
    for (let c = 0; c < grid.width; c++) {
      const patch = r > 100 && r < 180 && c > 300 && c < 420; // a glacier void, as in ASTER GDEM
      const v = 4300 + 800 * Math.sin(r / 37) * Math.cos(c / 53) + ((r * 31 + c * 17) % 23);
      stored[r * grid.width + c] = patch || (r * 7 + c * 3) % 101 === 0 ? -9999 : type === 'Int16' ? Math.round(v) : Math.fround(v + 0.25);
    }
  }
  const plain = join(dir, `${name}-plain.tif`);
  await writeGeoTiff(plain, stored, { grid, bands: 1, sampleType: 'float32', nodata: NaN });
  const path = join(dir, `${name}.tif`);
  gdal('gdal_translate', '-q', '-ot', type, '-a_nodata', '-9999', '-co', 'COMPRESS=DEFLATE', '-co', 'TILED=YES', plain, path);
  return { path, grid, stored };
}

describe.skipIf(!hasGdal)('GeoTIFF DEMs with nodata', () => {
  for (const type of ['Int16', 'Float32'] as const) {
    it(`${type}, nodata −9999: every void is NaN and every height as stored`, async () => {
      const { path, stored } = await dem(`dem-${type}`, type);
      const s = await readGeoTiffStack(path);
      expect(s.stored).toEqual({ type, scales: [1], offsets: [0] });
      expect(s.nodata).toBe(-9999);
      let voids = 0;
      for (let i = 0; i < stored.length; i++) {
        if (stored[i] === -9999) {
          voids++;
          expect(s.data[i]).toBeNaN();
        } else if (s.data[i] !== stored[i]) expect(s.data[i], `cell ${i}`).toBe(stored[i]);
      }
      expect(voids).toBeGreaterThan(9000);
    });

    it(`${type}: averaged to 0.01° as gdalwarp -r average does, voids left out`, async () => {
      const { path } = await dem(`dem-avg-${type}`, type);
      const target = makeGrid({ west: 90.1, south: 30.0, east: 90.3, north: 30.15 }, 0.01);
      const ours = await readProductStack([path], { target, resampling: 'mean' });
      expect(ours.dates).toEqual([null]);
      const theirs = await gdalwarpOnto(path, target, 'mean', dir);
      let nan = 0;
      for (let i = 0; i < theirs.length; i++) {
        if (Number.isNaN(theirs[i])) {
          nan++;
          expect(ours.data[i]).toBeNaN();
        } else expect(ours.data[i], `cell ${i}`).toBeCloseTo(theirs[i], 2);
      }
      expect(nan).toBeGreaterThan(0); // the void patch covers whole target cells
    });
  }
});
