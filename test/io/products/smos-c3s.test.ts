import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readGeoTiffStack } from '../../../src/io/geotiff-read.js';
import { readProductStack } from '../../../src/io/product-stack.js';
import { openProduct } from '../../../src/io/products/open-product.js';
import { soilMoistureScale } from '../../../src/io/products/product.js';
import { makeGrid } from '../../../src/grid/gridspec.js';
import { gdal, gdalwarpOnto, hasGdal } from '../../helpers/gdal.js';
import { fillCdl, fixture, hasNetcdfTools, ncdumpValues, ncgen, sparseCdlData } from '../../helpers/netcdf-tools.js';
import { runCli } from '../../helpers/run-cli.js';
import { sharedData } from '../../helpers/shared-data.js';

/** NSIDC EASE-Grid 2.0 global 25 km: 1388 × 584 cells of 25 025.2600081 m (independent of src/). */
const CELL25 = 25025.2600081;
const [ROW0, COL0, ROWS, COLS] = [110, 960, 60, 150];
const WEST = (-1388 / 2) * CELL25 + COL0 * CELL25;
const NORTH = (584 / 2) * CELL25 - ROW0 * CELL25;

describe('soil-moisture units as products write them', () => {
  const v = (units: string, longName = '') => ({
    name: 'sm',
    dims: [],
    shape: [],
    type: 'float32' as const,
    attrs: { units: { type: 'string' as const, value: units }, long_name: { type: 'string' as const, value: longName } },
  });
  it.each(['m3.m-3', 'm3 m-3', 'm3/m3', 'cm**3/cm**3', 'm^3/m^3', 'm3m-3', 'cm3/cm3', 'm3 m**-3', 'M3/M3', 'm³/m³'])('%s is m³/m³', (u) => {
    expect(soilMoistureScale('f.nc', v(u))).toEqual({ factor: 1, units: 'm3/m3' });
  });
  it('percent volumetric is divided by 100; percent of saturation stays; anything else is an error', () => {
    expect(soilMoistureScale('f.nc', v('%', 'Volumetric soil moisture'))).toEqual({ factor: 0.01, units: 'm3/m3' });
    expect(soilMoistureScale('f.nc', v('% vol'))).toEqual({ factor: 0.01, units: 'm3/m3' });
    expect(soilMoistureScale('f.nc', v('percent (%)', 'Percent of Saturation Soil Moisture'))).toEqual({
      factor: 1,
      units: '% saturation',
    });
    for (const bad of ['cm3/m3', 'kg m-2', 'm3', '', '%'])
      expect(() => soilMoistureScale('f.nc', v(bad))).toThrow(/unknown soil-moisture units/);
  });
});

describe.skipIf(!hasNetcdfTools)('SMOS CATDS L3 SM fixture (EASE-Grid 2.0 25 km, cropped)', () => {
  const n = ROWS * COLS;
  const sm = new Map<number, number>();
  for (let i = 0; i < n; i++) if (i % 9 !== 4) sm.set(i, 0.02 + ((i * 7) % 45) / 100);
  const template = readFileSync(fixture('smos-catds-l3sm-tp.cdl'), 'utf8');
  const dqx = sparseCdlData(n, new Map());
  const floatFile = ncgen(
    fillCdl(template, {
      smtype: 'float',
      packing: 'Soil_Moisture:_FillValue = -999.f ;',
      Soil_Moisture: sparseCdlData(n, new Map([...sm].map(([i, x]) => [i, Math.fround(x)]))),
      Soil_Moisture_Dqx: dqx,
    }),
    'nc4',
    'SM_RE07_MIR_CLF31A_20150401T000000_20150401T235959_700_001_8.DBL.nc',
  );
  const packedFile = ncgen(
    fillCdl(template, {
      smtype: 'short',
      packing: 'Soil_Moisture:_FillValue = -32767s ; Soil_Moisture:scale_factor = 0.0001 ;',
      Soil_Moisture: sparseCdlData(n, new Map([...sm].map(([i, x]) => [i, Math.round(x * 10000)]))),
      Soil_Moisture_Dqx: dqx,
    }),
    'nc4',
    'SM_RE07_MIR_CLF31A_20150402T000000_20150402T235959_700_001_8.DBL.nc',
  );

  it('the latitudes are not evenly spaced, yet the grid is recognised as EASE-Grid 2.0 25 km rows 110…, columns 960…', async () => {
    const lat = ncdumpValues(floatFile, 'lat');
    const steps = lat.slice(1).map((x, i) => x - lat[i]);
    expect(Math.max(...steps) - Math.min(...steps)).toBeGreaterThan(0.01);
    const p = await openProduct(floatFile, 'auto');
    expect(p).toMatchObject({ product: 'smos', variable: 'Soil_Moisture', units: 'm3/m3', dates: ['2015-04-01'], period: 'P1D' });
    expect(p.grid).toMatchObject({ width: COLS, height: ROWS, epsg: 6933 });
    expect(p.grid.originX).toBeCloseTo(WEST, 3);
    expect(p.grid.originY).toBeCloseTo(NORTH, 3);
    expect(p.grid.resX).toBeCloseTo(CELL25, 6);
    p.close();
  });

  it('values equal ncdump (float) and ncdump × scale_factor (int16); fill → NaN', async () => {
    for (const [file, scale] of [
      [floatFile, 1],
      [packedFile, 0.0001],
    ] as const) {
      const theirs = ncdumpValues(file, 'Soil_Moisture');
      const p = await openProduct(file, 'smos');
      const ours = p.readLayer(0, { row0: 0, col0: 0, rows: ROWS, cols: COLS });
      let wrong = 0;
      for (let i = 0; i < n; i++) if (!Object.is(ours[i], Number.isNaN(theirs[i]) ? NaN : Math.fround(theirs[i] * scale))) wrong++;
      expect(wrong).toBe(0);
      expect(ours.filter((x) => !Number.isNaN(x)).length).toBe(sm.size);
      p.close();
    }
  });

  it('latitudes that are not EASE-Grid 2.0 row centres are refused', async () => {
    const shifted = template.replace(
      / lat = ([^;]*);/,
      (_, v: string) =>
        ` lat = ${v
          .split(',')
          .map((x) => (Number(x) + 0.05).toFixed(6))
          .join(', ')} ;`,
    );
    const file = ncgen(
      fillCdl(shifted, { smtype: 'float', packing: '', Soil_Moisture: sparseCdlData(n, new Map()), Soil_Moisture_Dqx: dqx }),
      'nc4',
      'SM_RE07_MIR_CLF31A_20150403T000000_20150403T235959_700_001_8.DBL.nc',
    );
    await expect(openProduct(file, 'smos')).rejects.toThrow(/not the cell centres of an EASE-Grid 2.0/);
  });

  it('a monthly CLF3M file is not a daily layer: a daily stack refuses it unless periods are allowed', async () => {
    const file = ncgen(
      fillCdl(template, { smtype: 'float', packing: '', Soil_Moisture: sparseCdlData(n, new Map([[0, 0.2]])), Soil_Moisture_Dqx: dqx }),
      'nc4',
      'SM_RE07_MIR_CLF3MA_20150401T000000_20150430T235959_700_001_8.DBL.nc',
    );
    const target = makeGrid({ west: 70, south: 25, east: 105, north: 40 }, 0.25);
    await expect(readProductStack([file], { target })).rejects.toThrow(/P1M smos value \(monthly mean\), not a daily one/);
    const st = await readProductStack([file], { target, allowPeriods: true });
    expect(st.dates).toEqual(['2015-04-01']);
  });

  it.skipIf(!hasGdal)('convert onto 0.25° equals gdalwarp (near, average) of Soil_Moisture on the EASE-Grid 2.0 window', async () => {
    const dir = dirname(floatFile);
    const vrt = join(dir, 'smos.vrt');
    const ullr = [WEST, NORTH, WEST + COLS * CELL25, NORTH - ROWS * CELL25].map(String);
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
      '-999',
      `NETCDF:"${floatFile}":Soil_Moisture`,
      vrt,
    );
    for (const method of ['nearest', 'mean'] as const) {
      const b = await gdalwarpOnto(vrt, makeGrid({ west: 70, south: 25, east: 105, north: 40 }, 0.25), method, dir);
      const ours = join(dir, `smfuse-${method}.tif`);
      const r = await runCli(
        'convert',
        floatFile,
        '--out',
        ours,
        '--bbox',
        '70,25,105,40',
        '--res',
        '0.25',
        '--resampling',
        method,
        '--quiet',
      );
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const a = (await readGeoTiffStack(ours)).data;
      let [valid, wrong] = [0, 0];
      // the crop's north edge is 38.465°N: target row 5 (38.50…38.75°N) lies wholly north of
      // it, yet gdalwarp's average rounds its source window out to the crop's first row
      const first = method === 'mean' ? 6 * 140 : 0;
      expect(a.slice(0, first).every(Number.isNaN)).toBe(true);
      for (let i = first; i < b.length; i++) {
        if (Number.isNaN(b[i]) ? !Number.isNaN(a[i]) : !(Math.abs(a[i] - b[i]) < 1e-5)) wrong++;
        if (!Number.isNaN(b[i])) valid++;
      }
      expect(wrong, method).toBe(0);
      expect(valid).toBeGreaterThan(2000);
    }
  });
});

const C3S = sharedData('c3s/C3S-SOILMOISTURE-L3S-SSMV-PASSIVE-DAILY-20140101000000-TCDR-v201801.0.0.nc');

describe.skipIf(!hasNetcdfTools)('C3S SM', () => {
  it('the real daily PASSIVE file reads with --product auto as c3s, values equal to ncdump', async () => {
    const p = await openProduct(C3S, 'auto');
    expect(p).toMatchObject({ product: 'c3s', variable: 'sm', units: 'm3/m3', dates: ['2014-01-01'], period: 'P1D' });
    expect(p.grid).toEqual({ width: 1440, height: 720, originX: -180, originY: 90, resX: 0.25, resY: 0.25, epsg: 4326 });
    const theirs = ncdumpValues(C3S, 'sm');
    const ours = p.readLayer(0, { row0: 0, col0: 0, rows: 720, cols: 1440 });
    let [valid, wrong] = [0, 0];
    for (let i = 0; i < theirs.length; i++) {
      if (!Object.is(ours[i], Number.isNaN(theirs[i]) ? NaN : Math.fround(theirs[i]))) wrong++;
      if (!Number.isNaN(theirs[i])) valid++;
    }
    expect(wrong).toBe(0);
    expect(valid).toBeGreaterThan(40_000);
    p.close();
  });

  const c3sCdl = (resolution: string) => `netcdf c3s {
dimensions: time = 1 ; lat = 720 ; lon = 1440 ;
variables:
  float lat(lat) ; lat:units = "degrees_north" ;
  float lon(lon) ; lon:units = "degrees_east" ;
  double time(time) ; time:units = "days since 1970-01-01 00:00:00 UTC" ; time:calendar = "standard" ;
  float sm(time, lat, lon) ; sm:_FillValue = -9999.f ; sm:units = "m3 m-3" ; sm:long_name = "Volumetric Soil Moisture" ;
  :title = "C3S Surface Soil Moisture merged COMBINED Product" ;
  :time_coverage_resolution = "${resolution}" ;
data:
  lat = ${Array.from({ length: 720 }, (_, i) => 89.875 - i * 0.25).join(',')} ;
  lon = ${Array.from({ length: 1440 }, (_, i) => -179.875 + i * 0.25).join(',')} ;
  time = 16071 ;
  sm = ${sparseCdlData(720 * 1440, new Map([[200 * 1440 + 1000, 0.25]]))} ;
}`;

  it('a MONTHLY file is one layer with its period, dated by the month it covers, and a daily stack refuses it', async () => {
    const monthly = ncgen(c3sCdl('P1M'), 'nc4', 'C3S-SOILMOISTURE-L3S-SSMV-COMBINED-MONTHLY-20140101000000-TCDR-v201812.0.0.nc');
    const p = await openProduct(monthly, 'auto');
    expect(p).toMatchObject({ product: 'c3s', dates: ['2014-01-01'], period: 'P1M' });
    p.close();
    const target = makeGrid({ west: 70, south: 25, east: 105, north: 40 }, 0.25);
    await expect(readProductStack([monthly], { target })).rejects.toThrow(/P1M c3s value \(monthly mean\), not a daily one/);
    const tif = join(dirname(monthly), 'monthly.tif');
    expect((await runCli('convert', monthly, '--out', tif, '--quiet')).code).toBe(1);
    expect((await runCli('convert', monthly, '--out', tif, '--quiet', '--allow-periods')).code).toBe(0);
    expect((await readGeoTiffStack(tif)).dates).toEqual(['2014-01-01']);
    const dekadal = ncgen(c3sCdl('P10D'), 'nc4', 'C3S-SOILMOISTURE-L3S-SSMV-COMBINED-DEKADAL-20140101000000-TCDR-v201812.0.0.nc');
    const d = await openProduct(dekadal, 'c3s');
    expect(d.period).toBe('P10D');
    d.close();
    const mismatch = ncgen(c3sCdl('P1D'), 'nc4', 'C3S-SOILMOISTURE-L3S-SSMV-COMBINED-MONTHLY-20140101000000-TCDR-v201812.0.0.nc');
    await expect(openProduct(mismatch, 'auto')).rejects.toThrow(/the name says MONTHLY but time_coverage_resolution is P1D/);
  });
});
