import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ease1Global25kmGrid, ease2GlobalGrid } from '../../src/grid/crs.js';
import type { GridSpec } from '../../src/grid/gridspec.js';
import { readGeoTiffStack } from '../../src/io/geotiff-read.js';
import { openProduct } from '../../src/io/products/open-product.js';
import { gdal, hasGdal } from '../helpers/gdal.js';
import { fillCdl, fixture, hasNetcdfTools, ncgen, sparseCdlData } from '../helpers/netcdf-tools.js';
import { runCli } from '../helpers/run-cli.js';

/** A smooth field over a block of source cells, with a hole every 17th cell. */
function block(g: GridSpec, rows: [number, number], cols: [number, number], value: (r: number, c: number) => number): Map<number, number> {
  const cells = new Map<number, number>();
  for (let r = rows[0]; r < rows[1]; r++) {
    for (let c = cols[0]; c < cols[1]; c++) if ((r * 5 + c) % 17 !== 0) cells.set(r * g.width + c, value(r, c));
  }
  return cells;
}

/** gdalwarp of a raw HDF5 dataset, georeferenced by hand (-a_srs/-a_ullr), onto the 0.25° TP box. */
function gdalwarpHdf5(file: string, dataset: string, grid: GridSpec, nodata: string, method: string, extra: string[] = []): string {
  const vrt = `${file}.${method}.vrt`;
  const ullr = [grid.originX, grid.originY, grid.originX + grid.width * grid.resX, grid.originY - grid.height * grid.resY].map(String);
  gdal(
    'gdal_translate',
    '-q',
    ...extra,
    '-of',
    'VRT',
    '-a_srs',
    `EPSG:${grid.epsg}`,
    '-a_ullr',
    ...ullr,
    '-a_nodata',
    nodata,
    `HDF5:"${file}"://${dataset}`,
    vrt,
  );
  const out = `${file}.${method}.tif`;
  gdal(
    'gdalwarp',
    '-q',
    ...extra,
    '-et',
    '0',
    '-r',
    method,
    '-ot',
    'Float32',
    '-dstnodata',
    'nan',
    '-t_srs',
    'EPSG:4326',
    '-te',
    '70',
    '25',
    '105',
    '40',
    '-tr',
    '0.25',
    '0.25',
    vrt,
    out,
  );
  return out;
}

/** `smfuse convert` onto the same box, compared cell by cell with gdalwarp's output. */
async function expectConvertMatches(file: string, theirsFile: string, method: 'nearest' | 'mean', factor: number, args: string[] = []) {
  const tif = `${file}.smfuse-${method}.tif`;
  const r = await runCli(
    'convert',
    file,
    '--out',
    tif,
    '--bbox',
    '70,25,105,40',
    '--res',
    '0.25',
    '--resampling',
    method,
    '--quiet',
    ...args,
  );
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  const ours = (await readGeoTiffStack(tif)).data;
  const theirs = (await readGeoTiffStack(theirsFile)).data;
  let valid = 0;
  for (let i = 0; i < theirs.length; i++) {
    if (Number.isNaN(theirs[i])) expect(ours[i], `${method} cell ${i}`).toBeNaN();
    else {
      valid++;
      expect(ours[i], `${method} cell ${i}`).toBeCloseTo(theirs[i] * factor, 5);
    }
  }
  expect(valid).toBeGreaterThan(1000);
}

describe.skipIf(!hasNetcdfTools)('SMAP SPL3SMP 36 km fixture', () => {
  const grid = ease2GlobalGrid(36);
  const size = grid.width * grid.height;
  // the Tibetan Plateau lies in rows ~71…117, columns ~669…763 of the 36 km grid
  const am = block(grid, [60, 130], [650, 780], (r, c) => Math.fround(0.05 + 0.4 * (((r * 3 + c * 7) % 40) / 40)));
  am.set(100 * grid.width + 100, 0.6); // above valid_max 0.5 → missing
  am.set(100 * grid.width + 101, 0.01); // below valid_min 0.02 → missing
  const flags = new Map([...am.keys()].map((i) => [i, 0]));
  flags.set(90 * grid.width + 700, 1); // not recommended quality
  flags.set(90 * grid.width + 701, 8); // another bit: kept
  const pm = new Map([[90 * grid.width + 700, Math.fround(0.33)]]);
  const cdl = fillCdl(readFileSync(fixture('smap-spl3smp-36km.cdl'), 'utf8'), {
    soil_moisture: sparseCdlData(size, am),
    retrieval_qual_flag: sparseCdlData(size, flags),
    soil_moisture_pm: sparseCdlData(size, pm),
    retrieval_qual_flag_pm: sparseCdlData(size, new Map([[90 * grid.width + 700, 0]])),
  });
  const file = ncgen(cdl, 'nc4', 'SMAP_L3_SM_P_20150401_R18290_001.h5');

  it('stays small on disk (deflated) and is recognised with its grid and date', async () => {
    expect(readFileSync(file).length).toBeLessThan(200_000);
    const p = await openProduct(file, 'auto');
    expect(p).toMatchObject({ product: 'smap', units: 'm3/m3', dates: ['2015-04-01'], grid });
    expect(p.variable).toBe('/Soil_Moisture_Retrieval_Data_AM/soil_moisture');
    p.close();
  });

  it('hand-picked cells: values, fill, valid range, the quality flag, the PM pass', async () => {
    const at = (row: number, col: number) => ({ row0: row, col0: col, rows: 1, cols: 2 });
    const p = await openProduct(file, 'smap');
    expect([...p.readLayer(0, at(100, 100))]).toEqual([NaN, NaN]);
    expect([...p.readLayer(0, at(90, 700))]).toEqual([NaN, am.get(90 * grid.width + 701)]);
    expect([...p.readLayer(0, at(0, 0))]).toEqual([NaN, NaN]);
    p.close();
    const all = await openProduct(file, 'smap', { recommendedQuality: false });
    expect([...all.readLayer(0, at(90, 700))]).toEqual([am.get(90 * grid.width + 700), am.get(90 * grid.width + 701)]);
    all.close();
    const pmFile = await openProduct(file, 'smap', { pass: 'pm' });
    expect([...pmFile.readLayer(0, at(90, 700))]).toEqual([Math.fround(0.33), NaN]);
    pmFile.close();
  });

  it.skipIf(!hasGdal)('convert onto 0.25° equals gdalwarp (near, average) of the HDF5 dataset with EPSG:6933 assigned', async () => {
    for (const [method, gdalMethod] of [
      ['nearest', 'near'],
      ['mean', 'average'],
    ] as const) {
      const theirs = gdalwarpHdf5(file, 'Soil_Moisture_Retrieval_Data_AM/soil_moisture', grid, '-9999', gdalMethod);
      await expectConvertMatches(file, theirs, method, 1, ['--all-quality']);
    }
  });
});

describe.skipIf(!hasNetcdfTools)('FY-3B MWRI L3 fixture (assumed layout)', () => {
  const grid = ease1Global25kmGrid();
  // the Tibetan Plateau lies in rows ~107…162, columns ~1005…1167 of the 25 km grid
  const dn = block(grid, [95, 175], [990, 1180], (r, c) => 50 + ((r * 11 + c * 13) % 400));
  const cdl = fillCdl(readFileSync(fixture('fy3b-mwri-l3-sm.cdl'), 'utf8'), { SM: sparseCdlData(grid.width * grid.height, dn, '-999') });
  const file = ncgen(cdl, 'nc4', 'FY3B_MWRIA_GBAL_L3_VSM_MLT_ESD_20130601_AOAD_025KM_MS.HDF');

  it('hand-picked cells: Slope × DN, FillValue → NaN, grid and date', async () => {
    const p = await openProduct(file, 'auto');
    expect(p).toMatchObject({ product: 'fy3b', units: 'm3/m3', dates: ['2013-06-01'], grid, variable: '/SM' });
    const row = p.readLayer(0, { row0: 120, col0: 1050, rows: 1, cols: 3 });
    const expected = [1050, 1051, 1052].map((c) => dn.get(120 * grid.width + c));
    expect([...row]).toEqual(expected.map((x) => (x === undefined ? NaN : Math.fround(x * Math.fround(0.001)))));
    expect([...p.readLayer(0, { row0: 0, col0: 0, rows: 1, cols: 2 })]).toEqual([NaN, NaN]);
    p.close();
  });

  it.skipIf(!hasGdal)('convert onto 0.25° equals gdalwarp (near, average) of the DN with EPSG:3410 assigned, × Slope', async () => {
    // without this GDAL silently uses EPSG:6933 (the ellipsoid) for 3410
    const keep3410 = ['--config', 'OSR_USE_NON_DEPRECATED', 'NO'];
    for (const [method, gdalMethod] of [
      ['nearest', 'near'],
      ['mean', 'average'],
    ] as const) {
      const theirs = gdalwarpHdf5(file, 'SM', grid, '-999', gdalMethod, keep3410);
      await expectConvertMatches(file, theirs, method, Math.fround(0.001));
    }
  });
});
