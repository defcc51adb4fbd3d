/** `smfuse info` on GeoTIFFs: the stored sample type, per-band scale, offset and nodata, and a file-defined CRS, as gdalinfo shows them. */
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MODIS_SINUSOIDAL } from '../../src/grid/crs.js';
import { writeGeoTiff } from '../../src/io/geotiff-write.js';
import { gdal, gdalinfo, hasGdal } from '../helpers/gdal.js';
import { runCliWithStdout } from '../helpers/run-cli.js';

const dir = mkdtempSync('/tmp/smfuse-info-geotiff-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface BandInfo {
  type: string;
  shape: number[];
  attrs: { nodata?: number[]; scale?: number[]; offset?: number[] };
}

/** A 2-band UInt16 LST-like file (scale 0.02, nodata 0), as AppEEARS exports MYD11A1, in MODIS sinusoidal. */
async function lstTiff(): Promise<string> {
  const grid = { width: 30, height: 20, originX: 0, originY: 20, resX: 1, resY: 1, epsg: 4326 };
  const stored = Float32Array.from({ length: 2 * 600 }, (_, i) => (i % 13 === 0 ? 0 : 14000 + i));
  const plain = join(dir, 'plain.tif');
  await writeGeoTiff(plain, stored, { grid, bands: 2, sampleType: 'float32', nodata: NaN });
  const out = join(dir, 'MYD11A1-lst.tif');
  gdal(
    'gdal_translate',
    '-q',
    '-ot',
    'UInt16',
    '-a_scale',
    '0.02',
    '-a_offset',
    '0',
    '-a_nodata',
    '0',
    '-a_srs',
    MODIS_SINUSOIDAL,
    '-a_ullr',
    '8895604.157',
    '3335851.559',
    '8923403.79',
    '3317319.05',
    plain,
    out,
  );
  return out;
}

describe.skipIf(!hasGdal)('smfuse info on a GeoTIFF', () => {
  it('--json gives the stored type, scale, offset and nodata that gdalinfo gives, and the proj4 CRS', async () => {
    const file = await lstTiff();
    const r = await runCliWithStdout('info', file, '--json');
    expect(r.code, r.stderr).toBe(0);
    const info = JSON.parse(r.stdout) as { format: string; product: string; grid: { crs: string; width: number }; variables: BandInfo[] };
    const theirs = gdalinfo(file);
    expect(info.format).toBe('geotiff');
    expect(info.product).toBe('geotiff');
    expect(info.grid.crs).toBe(MODIS_SINUSOIDAL);
    expect(info.grid.width).toBe(theirs.size[0]);
    const [band] = info.variables;
    expect(band.type).toBe(theirs.bands[0].type);
    expect(band.type).toBe('UInt16');
    expect(band.shape).toEqual([2, 20, 30]);
    expect(band.attrs.scale).toEqual(theirs.bands.map((b) => b.scale));
    expect(band.attrs.offset).toEqual(theirs.bands.map((b) => b.offset));
    expect(band.attrs.nodata).toEqual([theirs.bands[0].noDataValue]);
    expect(band.attrs).toEqual({ nodata: [0], scale: [0.02, 0.02], offset: [0, 0] });
  });

  it('text output names the type, scale, offset and nodata', async () => {
    const r = await runCliWithStdout('info', await lstTiff());
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('band (band, y, x) [2×20×30] UInt16  nodata=[0] scale=[0.02, 0.02] offset=[0, 0]');
    expect(r.stdout).toContain(`grid: 30×20 cells of`);
    expect(r.stdout).toContain(MODIS_SINUSOIDAL);
  });

  it('an Int16 DEM with nodata −9999 and no scale shows scale 1, offset 0', async () => {
    const plain = join(dir, 'dem-plain.tif');
    await writeGeoTiff(
      plain,
      Float32Array.from({ length: 100 }, (_, i) => (i === 7 ? -9999 : 4000 + i)),
      {
        grid: { width: 10, height: 10, originX: 86, originY: 29, resX: 0.1, resY: 0.1, epsg: 4326 },
        bands: 1,
        sampleType: 'float32',
        nodata: NaN,
      },
    );
    const dem = join(dir, 'dem.tif');
    gdal('gdal_translate', '-q', '-ot', 'Int16', '-a_nodata', '-9999', plain, dem);
    const r = await runCliWithStdout('info', dem, '--json');
    const info = JSON.parse(r.stdout) as { grid: { crs: string }; variables: BandInfo[] };
    expect(info.grid.crs).toBe('EPSG:4326');
    expect(info.variables[0].type).toBe('Int16');
    expect(info.variables[0].attrs).toEqual({ nodata: [-9999], scale: [1], offset: [0] });
  });
});
