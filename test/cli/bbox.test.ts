/** The target grid options: `--bbox W,S,E,N` is checked as the user typed it, `--like` must have an EPSG CRS; a bad one is exit 1 with a usage message, never an internal error. */
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bboxProblem } from '../../src/cli/target-grid.js';
import { MODIS_SINUSOIDAL } from '../../src/grid/crs.js';
import { writeGeoTiff } from '../../src/io/geotiff-write.js';
import { gdal } from '../helpers/gdal.js';
import { runCli } from '../helpers/run-cli.js';
import { sharedData } from '../helpers/shared-data.js';

const CCI = sharedData('esa-cci/ESACCI-SOILMOISTURE-L3S-SSMV-COMBINED-20160607000000-fv05.2.nc');
const dir = mkdtempSync('/tmp/smfuse-bbox-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const convert = (bbox: string, res = '0.25') =>
  runCli('convert', CCI, '--out', join(dir, 'out.tif'), '--bbox', bbox, '--res', res, '--quiet');

describe('smfuse convert --bbox', () => {
  const refused: [string, string, RegExp][] = [
    ['latitude beyond 90', '70,25,105,91', /latitudes must lie within −90…90 \(S 25, N 91\)/],
    ['latitude below −90', '70,-95,105,40', /latitudes must lie within −90…90/],
    ['longitude below −180', '-190,25,105,40', /longitudes must lie within −180…360 \(W -190, E 105\)/],
    ['longitude beyond 360', '70,25,361,40', /longitudes must lie within −180…360/],
    ['S > N', '70,40,105,25', /S \(40\) must be less than N \(25\)/],
    ['W > E', '105,25,70,40', /W \(105\) must be less than E \(70\)/],
    ['W = E', '70,25,70,40', /W \(70\) must be less than E \(70\)/],
    ['a word', '70,south,105,40', /W, S, E and N must be numbers/],
    ['an empty part', '70,,105,40', /W, S, E and N must be numbers/],
    ['three numbers', '70,25,105', /give four numbers W,S,E,N/],
    ['Infinity', '70,25,Infinity,40', /must be numbers/],
    ['more than 360° wide', '-180,25,181,40', /spans 361° of longitude, more than 360°/],
  ];
  for (const [what, bbox, message] of refused) {
    it(`${what} (${bbox}) is exit 1 with a usage message`, async () => {
      const r = await convert(bbox);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/internal error|at .*\.js/);
    });
  }

  it('a box smaller than one cell is exit 1 naming the box and the cell size, not an internal error', async () => {
    const r = await convert('90,30,90.1,30.1', '0.25');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('--bbox 90,30,90.1,30.1 is smaller than one 0.25° cell');
    expect(r.stderr).not.toContain('internal error');
  });

  it('--like a GeoTIFF whose CRS has no EPSG code is exit 1 naming its proj4 CRS (outputs carry EPSG GeoKeys)', async () => {
    const plain = join(dir, 'plain.tif');
    await writeGeoTiff(plain, new Float32Array(16), {
      grid: { width: 4, height: 4, originX: 0, originY: 4, resX: 1, resY: 1, epsg: 4326 },
      bands: 1,
      sampleType: 'float32',
      nodata: NaN,
    });
    const sinu = join(dir, 'sinu.tif');
    gdal('gdal_translate', '-q', '-a_srs', MODIS_SINUSOIDAL, '-a_ullr', '0', '4000', '4000', '0', plain, sinu);
    const r = await runCli('convert', CCI, '--out', join(dir, 'out.tif'), '--like', sinu, '--quiet');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`its CRS has no EPSG code (${MODIS_SINUSOIDAL})`);
  });

  it('0…360 longitudes and the whole globe are accepted', async () => {
    expect(bboxProblem({ west: 0, south: -90, east: 360, north: 90 })).toBeNull();
    expect(bboxProblem({ west: -180, south: -90, east: 180, north: 90 })).toBeNull();
    const r = await convert('70,25,105,40', '0.25');
    expect(r.code).toBe(0);
  });
});
