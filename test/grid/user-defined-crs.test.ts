/**
 * GeoTIFFs in CRSs without an EPSG code (user-defined GeoKeys, as gdal_translate -a_srs and
 * AppEEARS write them): read, turned into a proj4 definition, and regridded onto a lon/lat
 * grid, compared cell for cell with gdalwarp of the same file.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import proj4 from 'proj4';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../core/errors.js';
import { crsName, MODIS_SINUSOIDAL } from '../../src/grid/crs.js';
import { makeGrid, type GridSpec } from '../../src/grid/gridspec.js';
import { applyRegrid, planRegrid, type Resampling } from '../../src/grid/regrid.js';
import { readGeoTiffStack, type RasterStack } from '../../src/io/geotiff-read.js';
import { writeGeoTiff } from '../../src/io/geotiff-write.js';
import { gdal, gdalwarpOnto, hasGdal, type GdalResampling } from '../helpers/gdal.js';
import { runCli } from '../helpers/run-cli.js';
import { sharedData } from '../helpers/shared-data.js';

const dir = mkdtempSync('/tmp/smfuse-user-crs-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const MOD13 = sharedData('modis/MOD13A2.A2021225.h11v06.061.2021320163717.hdf');

/**
 * A 64 × 48 float32 GeoTIFF in `srs` covering the lon/lat box (its projected bounding box),
 * with a smooth field and holes, georeferenced by gdal_translate -a_srs -a_ullr.
 */
async function projectedTiff(
  name: string,
  srs: string,
  box: { west: number; south: number; east: number; north: number },
): Promise<string> {
  const forward = proj4('EPSG:4326', srs);
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i <= 20; i++) {
    for (const [lon, lat] of [
      [box.west + (i / 20) * (box.east - box.west), box.south],
      [box.west + (i / 20) * (box.east - box.west), box.north],
      [box.west, box.south + (i / 20) * (box.north - box.south)],
      [box.east, box.south + (i / 20) * (box.north - box.south)],
    ]) {
      const [x, y] = forward.forward([lon, lat]);
      xs.push(x);
      ys.push(y);
    }
  }
  const [width, height] = [64, 48];
  const values = new Float32Array(width * height);
  for (let r = 0; r < height; r++)
    for (let c = 0; c < width; c++)
      values[r * width + c] = (r * 5 + c * 3) % 19 === 0 ? NaN : 0.2 + 0.1 * Math.sin(r / 6) + 0.05 * Math.cos(c / 4);
  const plain = join(dir, `${name}-plain.tif`);
  await writeGeoTiff(plain, values, {
    grid: { width, height, originX: 0, originY: height, resX: 1, resY: 1, epsg: 4326 },
    bands: 1,
    sampleType: 'float32',
    nodata: NaN,
  });
  const out = join(dir, `${name}.tif`);
  gdal(
    'gdal_translate',
    '-q',
    '-a_srs',
    srs,
    '-a_ullr',
    String(Math.min(...xs)),
    String(Math.max(...ys)),
    String(Math.max(...xs)),
    String(Math.min(...ys)),
    plain,
    out,
  );
  return out;
}

/** smfuse's regrid of a read stack's first band onto `target`. */
function regridded(s: RasterStack, target: GridSpec, method: Resampling): Float32Array {
  const plan = planRegrid(s.grid, target, method);
  const window = new Float32Array(plan.window.rows * plan.window.cols);
  for (let r = 0; r < plan.window.rows; r++) {
    const from = (plan.window.row0 + r) * s.grid.width + plan.window.col0;
    window.set(s.data.subarray(from, from + plan.window.cols), r * plan.window.cols);
  }
  const ours = new Float32Array(target.width * target.height);
  applyRegrid(plan, window, ours);
  return ours;
}

/** smfuse's regrid of the file onto `target` equals gdalwarp's, cell for cell; returns the valid cells. */
async function compareWithGdalwarp(file: string, target: GridSpec, method: GdalResampling, minValid = 0.25): Promise<number> {
  const s = await readGeoTiffStack(file);
  const theirs = await gdalwarpOnto(file, target, method, dir);
  const ours = regridded(s, target, method);
  let valid = 0;
  for (let i = 0; i < ours.length; i++) {
    if (Number.isNaN(theirs[i])) {
      expect(ours[i], `${method} cell ${i}`).toBeNaN();
    } else {
      valid++;
      expect(ours[i], `${method} cell ${i}`).toBeCloseTo(theirs[i], 5);
    }
  }
  expect(valid).toBeGreaterThan(ours.length * minValid);
  return valid;
}

const TP = { west: 84, south: 28, east: 96, north: 37 };
const TP_TARGET = makeGrid({ west: 86, south: 29.5, east: 94, north: 35.5 }, 0.25);

const CASES: { name: string; srs: string; proj4: string; box?: typeof TP; target?: GridSpec }[] = [
  { name: 'MODIS sinusoidal (sphere)', srs: '+proj=sinu +lon_0=0 +x_0=0 +y_0=0 +R=6371007.181 +units=m +no_defs', proj4: MODIS_SINUSOIDAL },
  {
    name: 'Albers equal area (WGS 84 ellipsoid)',
    srs: '+proj=aea +lat_1=25 +lat_2=47 +lat_0=0 +lon_0=105 +x_0=0 +y_0=0 +ellps=WGS84 +units=m +no_defs',
    proj4: '+proj=aea +lat_1=25 +lat_2=47 +lat_0=0 +lon_0=105 +x_0=0 +y_0=0 +a=6378137 +rf=298.257223563 +units=m +no_defs',
  },
  {
    name: 'Lambert azimuthal equal area',
    srs: '+proj=laea +lat_0=45 +lon_0=100 +x_0=1000000 +y_0=-500000 +ellps=WGS84 +units=m',
    proj4: '+proj=laea +lat_0=45 +lon_0=100 +x_0=1000000 +y_0=-500000 +a=6378137 +rf=298.257223563 +units=m +no_defs',
  },
  {
    name: 'cylindrical equal area (EASE-Grid 2.0 parameters)',
    srs: '+proj=cea +lat_ts=30 +lon_0=0 +x_0=0 +y_0=0 +datum=WGS84 +units=m',
    proj4: '+proj=cea +lat_ts=30 +lon_0=0 +x_0=0 +y_0=0 +datum=WGS84 +units=m +no_defs',
  },
  {
    name: 'transverse Mercator (Krassovsky)',
    srs: '+proj=tmerc +lat_0=0 +lon_0=93.5 +k=0.9999 +x_0=400000 +y_0=0 +ellps=krass +units=m',
    proj4: '+proj=tmerc +lat_0=0 +lon_0=93.5 +k=0.9999 +x_0=400000 +y_0=0 +a=6378245 +rf=298.3 +units=m +no_defs',
  },
  {
    name: 'Lambert conformal conic (2 parallels)',
    srs: '+proj=lcc +lat_1=25 +lat_2=47 +lat_0=0 +lon_0=105 +x_0=0 +y_0=0 +datum=WGS84 +units=m',
    proj4: '+proj=lcc +lat_1=25 +lat_2=47 +lat_0=0 +lon_0=105 +x_0=0 +y_0=0 +datum=WGS84 +units=m +no_defs',
  },
  {
    name: 'polar stereographic (latitude of true scale 70°N)',
    srs: '+proj=stere +lat_0=90 +lat_ts=70 +lon_0=-45 +k=1 +x_0=0 +y_0=0 +datum=WGS84 +units=m',
    proj4: '+proj=stere +lat_0=90 +lat_ts=70 +lon_0=-45 +x_0=0 +y_0=0 +datum=WGS84 +units=m +no_defs',
    box: { west: -60, south: 62, east: -30, north: 78 },
    target: makeGrid({ west: -55, south: 65, east: -35, north: 75 }, 0.5),
  },
  {
    name: 'longitude/latitude on the MODIS sphere',
    srs: '+proj=longlat +R=6371007.181 +no_defs',
    proj4: '+proj=longlat +R=6371007.181 +no_defs',
    box: { west: 85.03, south: 28.02, east: 95.01, north: 36.04 },
  },
];

describe.skipIf(!hasGdal)('user-defined GeoTIFF CRSs → proj4, regridded as gdalwarp does', () => {
  for (const c of CASES) {
    it(`${c.name}: nearest and mean equal gdalwarp cell for cell`, async () => {
      const file = await projectedTiff(c.name.replace(/\W+/g, '-'), c.srs, c.box ?? TP);
      const s = await readGeoTiffStack(file);
      expect(s.grid.epsg).toBeLessThan(0);
      expect(crsName(s.grid.epsg)).toBe(c.proj4);
      for (const method of ['nearest', 'mean'] as const) await compareWithGdalwarp(file, c.target ?? TP_TARGET, method);
    });
  }

  it('the same definition in two files is the same CRS (grids compare equal)', async () => {
    const a = await readGeoTiffStack(await projectedTiff('sinu-a', CASES[0].srs, TP));
    const b = await readGeoTiffStack(await projectedTiff('sinu-b', CASES[0].srs, TP));
    expect(b.grid).toEqual(a.grid);
  });

  it('a real MOD13A2 tile (h11v06, MODIS sinusoidal) through gdal_translate regrids as gdalwarp does', async () => {
    const tif = join(dir, 'mod13.tif');
    // rows 1000–1199, columns 0–299: Cuba and Hispaniola, the tile's most land (the rest is sea, NDVI fill)
    gdal(
      'gdal_translate',
      '-q',
      '-srcwin',
      '0',
      '1000',
      '300',
      '200',
      `HDF4_EOS:EOS_GRID:"${MOD13}":MODIS_Grid_16DAY_1km_VI:"1 km 16 days NDVI"`,
      tif,
    );
    const s = await readGeoTiffStack(tif);
    expect(crsName(s.grid.epsg)).toBe(MODIS_SINUSOIDAL);
    const target = makeGrid({ west: -74.9, south: 20.1, east: -72.7, north: 21.6 }, 0.05);
    expect(await compareWithGdalwarp(tif, target, 'nearest', 0.05)).toBeGreaterThan(100);
    // mean: see the next test
  });

  // 74.7° from the central meridian a 0.05° cell is a strongly sheared parallelogram in
  // sinusoidal metres, and the corner-to-corner box both kernels use spans ~1 column of it:
  // there 3 of 158 cells of this rough real field differ from gdalwarp by up to 0.0063 NDVI
  // (smooth synthetic fields agree to 1e-5). Pinned so that a change either way shows.
  it('a real MOD13A2 tile: mean equals gdalwarp except at 3 strongly sheared cells', async () => {
    const tif = join(dir, 'mod13.tif');
    const s = await readGeoTiffStack(tif);
    const target = makeGrid({ west: -74.9, south: 20.1, east: -72.7, north: 21.6 }, 0.05);
    const theirs = await gdalwarpOnto(tif, target, 'mean', dir);
    const ours = regridded(s, target, 'mean');
    let valid = 0;
    let differ = 0;
    for (let i = 0; i < ours.length; i++) {
      expect(Number.isNaN(ours[i])).toBe(Number.isNaN(theirs[i]));
      if (Number.isNaN(ours[i])) continue;
      valid++;
      const d = Math.abs(ours[i] - theirs[i]);
      expect(d).toBeLessThan(0.01);
      if (d > 1e-5) differ++;
    }
    expect(valid).toBe(158);
    expect(differ).toBe(3);
  });

  it("cannot be a run's target grid (outputs carry EPSG codes): exit 1 naming the file, not an internal error", async () => {
    const ecv = await projectedTiff('target-sinu', MODIS_SINUSOIDAL, { west: 95, south: 30, east: 97, north: 32 });
    const config = join(dir, 'sinu-run.json');
    writeFileSync(config, JSON.stringify({ year: 2013, inputs: { ecv, fy: ecv, lst: ecv, ndvi: ecv, albedo: ecv, dem: ecv } }));
    const r = await runCli('grnn', '--config', config, '--out', join(dir, 'sinu-out'));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/target-sinu\.tif: cannot be the target grid: its CRS is defined in the file/);
  });

  it('a transformation smfuse does not know is an input error naming the GeoKey', async () => {
    const file = await projectedTiff('robinson', '+proj=robin +lon_0=0 +datum=WGS84 +units=m', TP);
    await expect(readGeoTiffStack(file)).rejects.toThrow(InputError);
    await expect(readGeoTiffStack(file)).rejects.toThrow(/user-defined CRS smfuse cannot read: ProjCoordTransGeoKey 23 is not supported/);
  });
});
