import { readFileSync, writeFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readGeoTiffStack, type RasterStack } from '../../src/io/geotiff-read.js';
import { hasNetcdfTools, ncgen } from '../helpers/netcdf-tools.js';
import { runCli } from '../helpers/run-cli.js';
import { writeSmallSample } from '../helpers/small-sample.js';

const dir = mkdtempSync('/tmp/smfuse-grnn-products-');
const input = join(dir, 'in');

/**
 * The sample's ECV stack as a CLM5.0-style history file (NetCDF classic via ncgen):
 * H2OSOI(time, levsoi, lat, lon) in mm3/mm3, lat south → north, noleap days since the
 * 1 January of the year, fill 1e36 as CLM writes it.
 */
function clmFromStack(s: RasterStack): string {
  const { width, height, originX, originY, resX, resY } = s.grid;
  const lat = Array.from({ length: height }, (_, i) => originY - (height - i - 0.5) * resY);
  const lon = Array.from({ length: width }, (_, j) => originX + (j + 0.5) * resX);
  const values: string[] = [];
  for (let b = 0; b < s.bands; b++) {
    for (let r = height - 1; r >= 0; r--) {
      for (let c = 0; c < width; c++) {
        const v = s.data[(b * height + r) * width + c];
        values.push(Number.isNaN(v) ? '_' : v.toPrecision(9));
      }
    }
  }
  const cdl = `netcdf clm {
dimensions: time = UNLIMITED ; levsoi = 1 ; lat = ${height} ; lon = ${width} ;
variables:
 float time(time) ; time:units = "days since 2013-01-01 00:00:00" ; time:calendar = "noleap" ;
 float lat(lat) ; lat:units = "degrees_north" ;
 float lon(lon) ; lon:units = "degrees_east" ;
 float H2OSOI(time, levsoi, lat, lon) ; H2OSOI:units = "mm3/mm3" ; H2OSOI:long_name = "volumetric soil water (natural vegetated and crop landunits only)" ; H2OSOI:_FillValue = 1.e+36f ;
data:
 time = ${s.dates.map((_, i) => i).join(', ')} ;
 lat = ${lat.join(', ')} ;
 lon = ${lon.join(', ')} ;
 H2OSOI = ${values.join(', ')} ;
}`;
  return ncgen(cdl, 'classic', 'clm5.clm2.h1.2013-01-01-00000.nc');
}

beforeAll(async () => {
  await writeSmallSample(input);
}, 120_000);

describe.skipIf(!hasNetcdfTools)('smfuse grnn from product inputs', () => {
  it('ECV as a CLM NetCDF product and FY as a GeoTIFF product fuse exactly as the GeoTIFF stacks do', async () => {
    const ecv = await readGeoTiffStack(join(input, 'ecv.tif'));
    const clm = clmFromStack(ecv);
    const base = JSON.parse(readFileSync(join(input, 'run.json'), 'utf8')) as Record<string, unknown> & { inputs: Record<string, unknown> };
    const { west, south, east, north } = {
      west: ecv.grid.originX,
      north: ecv.grid.originY,
      east: ecv.grid.originX + ecv.grid.width * ecv.grid.resX,
      south: ecv.grid.originY - ecv.grid.height * ecv.grid.resY,
    };
    const products = {
      ...base,
      inputs: { ...base.inputs, ecv: { product: 'clm', path: clm }, fy: { product: 'geotiff', path: 'fy.tif', resampling: 'nearest' } },
      grid: { bbox: [west, south, east, north], res: ecv.grid.resX },
    };
    writeFileSync(join(input, 'products.json'), JSON.stringify(products));
    const runs = [
      ['run.json', 'stacks'],
      ['products.json', 'products'],
    ] as const;
    for (const [config, out] of runs) {
      const r = await runCli('grnn', '--config', join(input, config), '--out', join(dir, out), '--quiet');
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
    }
    for (const name of ['fused.tif', 'ecv_rec.tif', 'flags.tif']) {
      const [a, b] = await Promise.all(runs.map(([, out]) => readGeoTiffStack(join(dir, out, name))));
      expect(b.grid, name).toEqual(a.grid);
      expect(b.dates, name).toEqual(a.dates);
      expect(Buffer.from(b.data.buffer).equals(Buffer.from(a.data.buffer)), name).toBe(true);
    }
    const runJson = JSON.parse(readFileSync(join(dir, 'products', 'run.json'), 'utf8')) as Record<string, unknown>;
    expect(JSON.stringify(runJson)).toContain('clm5.clm2.h1.2013-01-01-00000.nc');
  });
});
