import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openProduct } from '../../../src/io/products/open-product.js';
import { readGeoTiffStack } from '../../../src/io/geotiff-read.js';
import { gdal, gdalwarpOnto, hasGdal } from '../../helpers/gdal.js';
import { makeGrid } from '../../../src/grid/gridspec.js';
import { h5dumpValues, hasH5dump } from '../../helpers/h5dump.js';
import { fillCdl, fixture, hasNetcdfTools, ncgen, sparseCdlData } from '../../helpers/netcdf-tools.js';
import { runCli } from '../../helpers/run-cli.js';
import { sharedData } from '../../helpers/shared-data.js';

/** NSIDC EASE-Grid 2.0 global constants (map half-width in metres, cell sizes), independent of src/. */
const EASE2_HALF_WIDTH = 17367530.44516;
const CELL = { 36: 36032.220840584, 9: 9008.055210146 } as const;
const ROWS = { 36: 406, 9: 1624 } as const;
function easeWindow(km: 36 | 9, row0: number, col0: number, rows: number, cols: number) {
  return {
    width: cols,
    height: rows,
    originX: -EASE2_HALF_WIDTH + col0 * CELL[km],
    originY: (ROWS[km] / 2) * CELL[km] - row0 * CELL[km],
    resX: CELL[km],
    resY: CELL[km],
    epsg: 6933,
  };
}
function expectGrid(actual: object, expected: ReturnType<typeof easeWindow>) {
  const a = actual as typeof expected;
  expect({ ...a, originX: 0, originY: 0, resX: 0, resY: 0 }).toEqual({ ...expected, originX: 0, originY: 0, resX: 0, resY: 0 });
  for (const k of ['originX', 'originY', 'resX', 'resY'] as const) expect(a[k]).toBeCloseTo(expected[k], 4);
}
const whole = { row0: 0, col0: 0 };

const L4 = sharedData('smap/SMAP_L4_SM_aup_input.h5');

describe.skipIf(!hasH5dump)('SMAP L4 SPL4SMAU, the real Harmony subset', () => {
  it('is placed on the 9 km EASE-Grid 2.0 where its x/y cell centres and cell_column say', async () => {
    const x = h5dumpValues(L4, '/x');
    const y = h5dumpValues(L4, '/y');
    const col0 = (x[0] + EASE2_HALF_WIDTH) / CELL[9] - 0.5;
    const row0 = ((ROWS[9] / 2) * CELL[9] - y[0]) / CELL[9] - 0.5;
    // Harmony's centres are EASE-Grid 2.0 centres to within a metre (0.0001 cell)
    expect(Math.abs(col0 - Math.round(col0))).toBeLessThan(1e-4);
    expect(Math.abs(row0 - Math.round(row0))).toBeLessThan(1e-4);
    expect(Math.round(col0)).toBe(h5dumpValues(L4, '/cell_column')[0]);
    const p = await openProduct(L4, 'auto');
    expect(p).toMatchObject({ product: 'smap', variable: '/Analysis_Data/sm_surface_analysis', units: 'm3/m3', dates: ['2020-01-28'] });
    expectGrid(p.grid, easeWindow(9, Math.round(row0), Math.round(col0), y.length, x.length));
    p.close();
  });

  it('reads sm_surface_analysis cell for cell as h5dump prints it (fill −9999 → NaN), and short names resolve', async () => {
    for (const [v, path] of [
      [undefined, '/Analysis_Data/sm_surface_analysis'],
      ['sm_profile_analysis', '/Analysis_Data/sm_profile_analysis'],
    ] as const) {
      const theirs = h5dumpValues(L4, path);
      const p = await openProduct(L4, 'smap', { variable: v });
      expect(p.variable).toBe(path);
      const ours = p.readLayer(0, { ...whole, rows: p.grid.height, cols: p.grid.width });
      expect(ours.length).toBe(theirs.length);
      let [valid, wrong] = [0, 0];
      for (let i = 0; i < theirs.length; i++) {
        const want = theirs[i] === -9999 ? NaN : Math.fround(theirs[i]);
        if (!Object.is(ours[i], want)) wrong++;
        if (!Number.isNaN(want)) valid++;
      }
      expect(wrong).toBe(0);
      expect(valid).toBeGreaterThan(100_000);
      p.close();
    }
  });

  // GDAL's netCDF driver finds the CRS but not x/y of this file, so the window is assigned
  // by hand: the EASE-Grid 2.0 cells that x/y name (the test above checks them)
  it.skipIf(!hasGdal)('convert onto 0.25° equals gdalwarp (near, average) of the dataset on its EASE-Grid 2.0 window', async () => {
    const x = h5dumpValues(L4, '/x');
    const y = h5dumpValues(L4, '/y');
    const g = easeWindow(
      9,
      Math.round(((ROWS[9] / 2) * CELL[9] - y[0]) / CELL[9] - 0.5),
      Math.round((x[0] + EASE2_HALF_WIDTH) / CELL[9] - 0.5),
      y.length,
      x.length,
    );
    const dir = dirname(ncgen('netcdf empty {}', 'classic', 'empty.nc'));
    const vrt = join(dir, 'l4.vrt');
    const ullr = [g.originX, g.originY, g.originX + g.width * g.resX, g.originY - g.height * g.resY].map(String);
    gdal(
      'gdal_translate',
      '-q',
      '-of',
      'VRT',
      '-a_srs',
      'EPSG:6933',
      '-a_ullr',
      ...ullr,
      '-a_nodata',
      '-9999',
      `HDF5:"${L4}"://Analysis_Data/sm_surface_analysis`,
      vrt,
    );
    for (const method of ['nearest', 'mean'] as const) {
      const b = await gdalwarpOnto(vrt, makeGrid({ west: -125, south: 25, east: -70, north: 50 }, 0.25), method, dir);
      const ours = join(dir, `smfuse-${method}.tif`);
      const r = await runCli('convert', L4, '--out', ours, '--bbox', '-125,25,-70,50', '--res', '0.25', '--resampling', method, '--quiet');
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const a = (await readGeoTiffStack(ours)).data;
      let valid = 0;
      for (let i = 0; i < b.length; i++) {
        if (Number.isNaN(b[i])) expect(a[i], `${method} cell ${i}`).toBeNaN();
        else {
          valid++;
          expect(a[i], `${method} cell ${i}`).toBeCloseTo(b[i], 5);
        }
      }
      expect(valid).toBeGreaterThan(10_000);
    }
  });
});

describe.skipIf(!hasNetcdfTools)('SMAP L3 SPL3SMP spatial subset fixture', () => {
  const [rows, cols] = [20, 30];
  const n = rows * cols;
  const am = new Map<number, number>();
  const pm = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    if (i % 7 !== 3) am.set(i, Math.fround(0.05 + (i % 40) / 100));
    if (i % 5 !== 1) pm.set(i, Math.fround(0.06 + (i % 30) / 100));
  }
  const flags = new Map([...am.keys()].map((i) => [i, i === 40 ? 1 : i === 41 ? 8 : 0]));
  const pmFlags = new Map([...pm.keys()].map((i) => [i, i === 52 ? 3 : 0]));
  const index = (f: (r: number, c: number) => number) => Array.from({ length: n }, (_, i) => f(Math.floor(i / cols), i % cols)).join(',');
  const cdl = (rowIndex: string) =>
    fillCdl(readFileSync(fixture('smap-spl3smp-subset.cdl'), 'utf8'), {
      soil_moisture: sparseCdlData(n, am),
      retrieval_qual_flag: sparseCdlData(n, flags),
      soil_moisture_pm: sparseCdlData(n, pm),
      retrieval_qual_flag_pm: sparseCdlData(n, pmFlags),
      EASE_row_index_pm: rowIndex,
      EASE_column_index_pm: index((_, c) => 690 + c),
      tb_time_seconds: sparseCdlData(n, new Map()),
    });
  const file = ncgen(cdl(index((r) => 75 + r)), 'nc4', 'SMAP_L3_SM_P_20150401_R18290_001_subsetted.h5');
  const expected = easeWindow(36, 75, 690, rows, cols);
  const all = { ...whole, rows, cols };

  it('AM: placed by x/y in metres; values, valid range and the quality flag', async () => {
    const p = await openProduct(file, 'auto');
    expect(p).toMatchObject({
      product: 'smap',
      units: 'm3/m3',
      dates: ['2015-04-01'],
      variable: '/Soil_Moisture_Retrieval_Data_AM/soil_moisture',
    });
    expectGrid(p.grid, expected);
    const v = p.readLayer(0, all);
    for (let i = 0; i < n; i++) {
      const x = am.get(i);
      const inRange = x !== undefined && x >= Math.fround(0.02) && x <= Math.fround(0.5);
      if (i === 40 || !inRange) expect(v[i], `cell ${i}`).toBeNaN();
      else expect(v[i], `cell ${i}`).toBe(x);
    }
    p.close();
  });

  it('PM: placed by EASE_row_index_pm / EASE_column_index_pm, and by latitude_pm / longitude_pm when the indices are fill', async () => {
    const noIndex = ncgen(cdl(Array(n).fill('65534').join(',')), 'nc4', 'subset.h5');
    for (const f of [file, noIndex]) {
      const p = await openProduct(f, 'smap', { pass: 'pm' });
      expect(p.variable).toBe('/Soil_Moisture_Retrieval_Data_PM/soil_moisture_pm');
      expectGrid(p.grid, expected);
      const v = p.readLayer(0, { row0: 1, col0: 0, rows: 1, cols: 30 });
      for (let c = 0; c < 30; c++) {
        const i = 30 + c;
        expect(v[c], `cell ${i}`).toBe(i === 52 ? NaN : (pm.get(i) ?? NaN));
      }
      p.close();
    }
  });

  it('short names: soil_moisture with --pass pm is soil_moisture_pm; an ambiguous name lists the candidates', async () => {
    const p = await openProduct(file, 'smap', { variable: 'soil_moisture', pass: 'pm' });
    expect(p.variable).toBe('/Soil_Moisture_Retrieval_Data_PM/soil_moisture_pm');
    p.close();
    await expect(openProduct(file, 'smap', { variable: 'tb_time_seconds' })).rejects.toThrow(
      /ambiguous: \/Soil_Moisture_Retrieval_Data_AM\/tb_time_seconds, \/Soil_Moisture_Retrieval_Data_PM\/tb_time_seconds/,
    );
    await expect(openProduct(file, 'smap', { variable: 'no_such' })).rejects.toThrow(/no variable "no_such"/);
  });

  it('row indices that are not a window are refused', async () => {
    const bad = ncgen(cdl(index((r, c) => 75 + r + (c === 7 && r === 3 ? 1 : 0))), 'nc4', 'SMAP_L3_SM_P_20150401_bad.h5');
    await expect(openProduct(bad, 'smap', { pass: 'pm' })).rejects.toThrow(/EASE_row_index_pm at \[3, 7\] is 79, not 78/);
  });
});

describe.skipIf(!hasNetcdfTools)('SMAP L2 SPL2SMP swath-grid fixture', () => {
  const file = ncgen(readFileSync(fixture('smap-spl2smp.cdl'), 'utf8'), 'nc4', 'SMAP_L2_SM_P_02929_A_20150401T001508_R18290_001.h5');

  it('places each retrieval in its 36 km cell, averages duplicates, filters quality', async () => {
    const p = await openProduct(file, 'auto');
    expect(p).toMatchObject({
      product: 'smap',
      dates: ['2015-04-01'],
      units: 'm3/m3',
      variable: '/Soil_Moisture_Retrieval_Data/soil_moisture',
    });
    expectGrid(p.grid, easeWindow(36, 80, 700, 6, 11));
    const v = p.readLayer(0, { ...whole, rows: 6, cols: 11 });
    const at = (r: number, c: number) => v[(r - 80) * 11 + (c - 700)];
    expect(at(80, 700)).toBe(Math.fround(0.11));
    expect(at(80, 701)).toBe(Math.fround(0.22));
    expect(at(81, 700)).toBe(Math.fround(0.33));
    expect(at(85, 710)).toBe(Math.fround((Math.fround(0.2) + Math.fround(0.3)) / 2));
    expect(at(82, 702)).toBeNaN();
    expect(at(83, 703)).toBeNaN();
    expect(v.filter((x) => !Number.isNaN(x)).length).toBe(4);
    p.close();
    const kept = await openProduct(file, 'smap', { recommendedQuality: false });
    expect(kept.readLayer(0, { row0: 2, col0: 2, rows: 1, cols: 1 })[0]).toBe(Math.fround(0.44));
    kept.close();
  });
});

describe.skipIf(!hasNetcdfTools)('SMAP L3 SPL3FTP freeze/thaw fixture', () => {
  const size = 2 * 406 * 964;
  const plane = 406 * 964;
  const cells = new Map([
    [80 * 964 + 700, 1],
    [80 * 964 + 701, 0],
    [80 * 964 + 702, 254],
    [plane + 80 * 964 + 700, 0],
  ]);
  const cdl = `netcdf SMAP_L3_FT_P_20150401_R16010_001 {
group: Freeze_Thaw_Retrieval_Data_Global {
  dimensions:
    am_pm = 2 ; phony_dim_0 = 406 ; phony_dim_1 = 964 ;
  variables:
    ubyte freeze_thaw(am_pm, phony_dim_0, phony_dim_1) ;
      freeze_thaw:_FillValue = 255UB ;
      freeze_thaw:long_name = "Freeze/thaw state: 0 thawed, 1 frozen" ;
      freeze_thaw:_DeflateLevel = 6 ;
  data:
    freeze_thaw = ${sparseCdlData(size, cells)} ;
  }
}`;
  const file = ncgen(cdl, 'nc4', 'SMAP_L3_FT_P_20150401_R16010_001.h5');

  it('is a 0/1 layer (frozen = 1) per pass on the 36 km grid; anything else is missing', async () => {
    const p = await openProduct(file, 'auto');
    expect(p).toMatchObject({ product: 'smap', variable: '/Freeze_Thaw_Retrieval_Data_Global/freeze_thaw', dates: ['2015-04-01'] });
    expectGrid(p.grid, easeWindow(36, 0, 0, 406, 964));
    expect([...p.readLayer(0, { row0: 80, col0: 700, rows: 1, cols: 4 })]).toEqual([1, 0, NaN, NaN]);
    p.close();
    const pmFile = await openProduct(file, 'smap', { pass: 'pm' });
    expect([...pmFile.readLayer(0, { row0: 80, col0: 700, rows: 1, cols: 2 })]).toEqual([0, NaN]);
    pmFile.close();
  });
});

describe.skipIf(!hasNetcdfTools)('Harmony-reprojected SMAP with a CF grid mapping', () => {
  const wkt = (zone: number) =>
    `PROJCS["WGS 84 / UTM zone ${zone}N",GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["latitude_of_origin",0],PARAMETER["central_meridian",${zone * 6 - 183}],PARAMETER["scale_factor",0.9996],PARAMETER["false_easting",500000],PARAMETER["false_northing",0],UNIT["metre",1]]`;
  const file = (gm: string, xs: number[], ys: number[], units: string, name: string) =>
    ncgen(
      `netcdf r {
dimensions: y = ${ys.length} ; x = ${xs.length} ;
variables:
  double x(x) ; x:units = "${units}" ;
  double y(y) ; y:units = "${units === 'm' ? 'm' : 'degrees_north'}" ;
  int crs ; ${gm}
data: x = ${xs.join(',')} ; y = ${ys.join(',')} ;
group: Soil_Moisture_Retrieval_Data_AM {
  variables:
    float soil_moisture(y, x) ; soil_moisture:_FillValue = -9999.f ; soil_moisture:units = "cm**3/cm**3" ; soil_moisture:grid_mapping = "crs" ;
    ushort retrieval_qual_flag(y, x) ;
  data:
    soil_moisture = ${Array.from({ length: xs.length * ys.length }, (_, i) => (0.1 + i / 100).toFixed(2)).join(',')} ;
    retrieval_qual_flag = ${Array(xs.length * ys.length)
      .fill(0)
      .join(',')} ;
  }
}`,
      'nc4',
      name,
    );

  it('UTM from crs_wkt without an authority (proj4 reads the WKT), geographic from an EPSG authority, UTM south from a proj4 string', async () => {
    const utm = file(
      `crs:crs_wkt = ${JSON.stringify(wkt(45))} ;`,
      [400000, 410000, 420000],
      [3310000, 3300000],
      'm',
      'SMAP_L3_SM_P_20150401_reprojected.h5',
    );
    const p = await openProduct(utm, 'auto');
    expect(p.grid).toEqual({ width: 3, height: 2, originX: 395000, originY: 3315000, resX: 10000, resY: 10000, epsg: 32645 });
    expect([...p.readLayer(0, { ...whole, rows: 2, cols: 3 })]).toEqual([0.1, 0.11, 0.12, 0.13, 0.14, 0.15].map(Math.fround));
    p.close();
    const geo = file(
      'crs:spatial_ref = "GEOGCS[\\"WGS 84\\",DATUM[\\"WGS_1984\\",SPHEROID[\\"WGS 84\\",6378137,298.257223563]],AUTHORITY[\\"EPSG\\",\\"4326\\"]]" ;',
      [90.125, 90.375],
      [35.125, 34.875],
      'degrees_east',
      'SMAP_L3_SM_P_20150401_geo.h5',
    );
    const g = await openProduct(geo, 'smap');
    expect(g.grid).toEqual({ width: 2, height: 2, originX: 90, originY: 35.25, resX: 0.25, resY: 0.25, epsg: 4326 });
    g.close();
    const south = file(
      'crs:proj4text = "+proj=utm +zone=19 +south +datum=WGS84 +units=m" ;',
      [400000, 410000],
      [7010000, 7000000],
      'm',
      'SMAP_L3_SM_P_20150401_south.h5',
    );
    const s = await openProduct(south, 'smap');
    expect(s.grid.epsg).toBe(32719);
    s.close();
    const lcc = file('crs:grid_mapping_name = "lambert_conformal_conic" ;', [0, 1000], [0, -1000], 'm', 'SMAP_L3_SM_P_20150401_lcc.h5');
    await expect(openProduct(lcc, 'smap')).rejects.toThrow(/not one smfuse can regrid from/);
  });
});
