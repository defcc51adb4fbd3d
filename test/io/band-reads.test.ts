/**
 * A shard reads only a band of rows of the target grid: every loader, given band
 * [row0, row1), returns exactly rows row0…row1−1 of what a whole read returns, byte for
 * byte, and a GeoTIFF read of a band decodes only the blocks holding those rows.
 */
import { execFileSync } from 'node:child_process';
import fs, { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GeoTIFFImage } from 'geotiff';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { parsePixelMethodConfig } from '../../src/config/pixel-method-config.js';
import { datesOfYear } from '../../src/cube/dates.js';
import { bandGrid, makeGrid, type GridSpec, type RowBand } from '../../src/grid/gridspec.js';
import type { Resampling } from '../../src/grid/regrid.js';
import { readGeoTiffGrid, readGeoTiffStack } from '../../src/io/geotiff-read.js';
import { writeGeoTiff } from '../../src/io/geotiff-write.js';
import { loadDailyStack, loadGrnnInputs, readDailyInput } from '../../src/io/load-grnn-inputs.js';
import { readProductStack } from '../../src/io/product-stack.js';
import { silentLogger } from '../../src/log.js';
import { loadPixelGridInputs, stationCube } from '../../src/run/pixel-grid/inputs.js';
import { GDAL_ENV, hasGdal } from '../helpers/gdal.js';
import { sharedData } from '../helpers/shared-data.js';

const dir = mkdtempSync(join(tmpdir(), 'smfuse-band-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Rows [row0, row1) of each of the planes of a [plane][row][col] stack. */
function bandRows(full: Float32Array, grid: GridSpec, band: RowBand): Float32Array {
  const plane = grid.width * grid.height;
  const planes = full.length / plane;
  const rows = band.row1 - band.row0;
  const out = new Float32Array(planes * rows * grid.width);
  for (let p = 0; p < planes; p++)
    out.set(full.subarray(p * plane + band.row0 * grid.width, p * plane + band.row1 * grid.width), p * rows * grid.width);
  return out;
}

/** Byte-for-byte equality (NaN payloads and −0 included); on failure, the first differing value. */
function expectSameBytes(actual: Float32Array, expected: Float32Array, what: string): void {
  expect(actual.length, `${what}: length`).toBe(expected.length);
  const a = new Uint32Array(actual.buffer, actual.byteOffset, actual.length);
  const b = new Uint32Array(expected.buffer, expected.byteOffset, expected.length);
  const i = a.findIndex((v, k) => v !== b[k]);
  expect(i === -1 ? null : { index: i, actual: actual[i], expected: expected[i] }, what).toBeNull();
}

/** First row, last row, a one-row band in the middle, a band crossing the middle, the whole grid. */
function bandsOf(height: number): RowBand[] {
  const mid = Math.floor(height / 2);
  return [
    { row0: 0, row1: 1 },
    { row0: height - 1, row1: height },
    { row0: mid, row1: mid + 1 },
    { row0: Math.floor(height / 4), row1: Math.floor((3 * height) / 4) + 1 },
    { row0: 0, row1: mid },
    { row0: mid, row1: height },
    { row0: 0, row1: height },
  ];
}

describe('the bundled sample, read by bands', () => {
  const sample = (f: string) => join('data', f);
  const paths = {
    ecv: sample('ecv.tif'),
    fy: sample('fy.tif'),
    lst: sample('lst.tif'),
    ndvi: sample('ndvi.tif'),
    albedo: sample('albedo.tif'),
    dem: sample('dem.tif'),
    frozen: undefined,
  };

  it('GRNN inputs and the truth: each band is those rows of the whole read; grid, fullGrid and band say where it lies', async () => {
    const log = silentLogger();
    const whole = await loadGrnnInputs(paths, 2013, undefined, log);
    const g = whole.grid;
    expect(whole.fullGrid).toBe(g);
    expect(whole.band).toEqual({ row0: 0, row1: g.height });
    const truth = await loadDailyStack(sample('truth.tif'), g, 2013, 'ecv.tif');
    for (const band of bandsOf(g.height)) {
      const part = await loadGrnnInputs(paths, 2013, undefined, log, undefined, band);
      expect(part.fullGrid).toEqual(g);
      expect(part.band).toEqual(band);
      expect(part.grid).toEqual(bandGrid(g, band));
      expect([part.width, part.height, part.days]).toEqual([g.width, band.row1 - band.row0, whole.days]);
      expect(part.dates).toEqual(whole.dates);
      expect(part.sources).toEqual(whole.sources);
      for (const key of ['ecv', 'fy', 'lst', 'ndvi', 'albedo', 'dem'] as const) {
        expectSameBytes(part[key], bandRows(whole[key], g, band), `${key} rows ${band.row0}…${band.row1}`);
      }
      const truthBand = await loadDailyStack(sample('truth.tif'), g, 2013, 'ecv.tif', band);
      expect(truthBand.grid).toEqual(bandGrid(g, band));
      expectSameBytes(truthBand.data, bandRows(truth.data, g, band), `truth rows ${band.row0}…${band.row1}`);
    }
  });

  it("a stack off the grid is refused as a whole read refuses it, even where it holds the band's rows", async () => {
    const g = await readGeoTiffGrid(sample('ecv.tif'));
    const taller = makeGrid(
      { west: g.originX, south: g.originY - (g.height + 4) * g.resY, east: g.originX + g.width * g.resX, north: g.originY },
      g.resX,
    );
    const message = (band?: RowBand) =>
      loadDailyStack(sample('truth.tif'), taller, 2013, 'the taller grid', band).then(
        () => '',
        (e: Error) => e.message,
      );
    const wholeError = await message();
    expect(wholeError).toMatch(/truth\.tif: not on the grid of the taller grid: size 56×32 differs from 56×36/);
    expect(await message({ row0: 2, row1: 5 })).toBe(wholeError);
  });

  it("the gridded BPANN/EnKF cube: a band's pixels are the whole grid's pixels of those rows, in order", async () => {
    const raw = JSON.parse(readFileSync(sample('fusion/run.json'), 'utf8'));
    const config = parsePixelMethodConfig(raw, sample('fusion/run.json'), sample('fusion'));
    const log = silentLogger();
    const whole = await loadPixelGridInputs(config, log);
    const g = whole.grid;
    expect(whole.band).toEqual({ row0: 0, row1: g.height });
    for (const band of bandsOf(g.height)) {
      const part = await loadPixelGridInputs(config, log, band);
      expect(part.grid).toEqual(bandGrid(g, band));
      expect(part.fullGrid).toEqual(g);
      expect(part.cube.pixels).toBe(g.width * (band.row1 - band.row0));
      expect(part.cube.days).toBe(whole.cube.days);
      for (const key of ['smap', 'clm', 'lst', 'obs'] as const) {
        // cube [day][pixel], pixel = row·width + col: a day is a plane of the grid
        expectSameBytes(part.cube[key], bandRows(whole.cube[key], g, band), `${key} rows ${band.row0}…${band.row1}`);
      }
    }
  });

  it("a station target: the band's cube keeps the stations in its rows, at their pixels", async () => {
    const g = await readGeoTiffGrid(sample('ecv.tif'));
    const dates = datesOfYear(2013);
    const input = { path: sample('stations.csv') } as Parameters<typeof stationCube>[0];
    const whole = await stationCube(input, g, dates, silentLogger());
    expect(whole.some((v) => !Number.isNaN(v))).toBe(true);
    for (const band of bandsOf(g.height)) {
      expectSameBytes(
        await stationCube(input, g, dates, silentLogger(), band),
        bandRows(whole, g, band),
        `stations rows ${band.row0}…${band.row1}`,
      );
    }
  });
});

const ESA = sharedData('esa-cci/ESACCI-SOILMOISTURE-L3S-SSMV-COMBINED-20160607000000-fv05.2.nc');
const ESA_V2 = sharedData('esa-cci/ESACCI-SOILMOISTURE-L3S-SSMV-COMBINED-20140101000000-fv02.2.nc');
const SMAP_L4 = sharedData('smap/SMAP_L4_SM_aup_input.h5');
const MODIS = sharedData('modis/MOD13A2.A2021225.h11v06.061.2021320163717.hdf');
const hasNccopy = (() => {
  try {
    execFileSync('nccopy', ['-k', 'classic', ESA_V2, join(dir, 'esa-classic.nc')]);
    return true;
  } catch {
    return false;
  }
})();

/** Product, target grid, resampling: NetCDF-4 (HDF5), NetCDF classic, HDF5 (EASE-Grid 2.0), HDF4 (MODIS sinusoidal). */
const PRODUCT_CASES: { name: string; file: string; target: GridSpec; methods: Resampling[]; skip?: boolean }[] = [
  // 0.25° on the product's own cells, and 0.1° where the target's cell centres are not binary fractions
  {
    name: 'ESA CCI fv05.2 (NetCDF-4)',
    file: ESA,
    target: makeGrid({ west: 70, south: 25, east: 105, north: 40 }, 0.25),
    methods: ['nearest'],
  },
  {
    name: 'ESA CCI fv05.2 (NetCDF-4), 0.1°',
    file: ESA,
    target: makeGrid({ west: 70, south: 25, east: 105, north: 40 }, 0.1),
    methods: ['bilinear', 'mean'],
  },
  {
    name: 'ESA CCI fv02.2 (NetCDF classic copy)',
    file: join(dir, 'esa-classic.nc'),
    target: makeGrid({ west: 70, south: 25, east: 105, north: 40 }, 0.1),
    methods: ['nearest', 'mean'],
    skip: !hasNccopy,
  },
  {
    name: 'SMAP L4 (HDF5, EASE-Grid 2.0 9 km)',
    file: SMAP_L4,
    target: makeGrid({ west: -120, south: 30, east: -80, north: 50 }, 0.1),
    methods: ['nearest', 'bilinear', 'mean'],
  },
  {
    name: 'MODIS MOD13A2 (HDF4, sinusoidal)',
    file: MODIS,
    target: makeGrid({ west: -78, south: 21, east: -72, north: 27 }, 0.05),
    methods: ['centres', 'nearest'],
  },
];

describe('product inputs, regridded by bands', () => {
  for (const c of PRODUCT_CASES) {
    it.skipIf(c.skip === true || !existsSync(c.file))(
      `${c.name}: each band is those rows of the whole regrid (${c.methods.join(', ')})`,
      async () => {
        for (const resampling of c.methods) {
          const options = { target: c.target, resampling, allowPeriods: true };
          const whole = await readProductStack([c.file], options);
          expect(whole.data.some((v) => !Number.isNaN(v))).toBe(true);
          for (const band of bandsOf(c.target.height)) {
            const part = await readProductStack([c.file], { ...options, band });
            expect(part.grid).toEqual(bandGrid(c.target, band));
            expect(part.dates).toEqual(whole.dates);
            expectSameBytes(part.data, bandRows(whole.data, c.target, band), `${resampling} rows ${band.row0}…${band.row1}`);
          }
        }
      },
      120_000,
    );
  }

  it.skipIf(!existsSync(ESA))(
    'a product input of a year (readDailyInput): the band is checked against the whole grid and holds its rows',
    async () => {
      const grid = makeGrid({ west: 70, south: 25, east: 105, north: 40 }, 0.25);
      const input = { product: 'esa-cci' as const, path: ESA };
      const whole = await readDailyInput(input, grid, 2016, 'grid', silentLogger());
      for (const band of [
        { row0: 0, row1: 1 },
        { row0: 20, row1: 41 },
        { row0: 59, row1: 60 },
      ]) {
        const part = await readDailyInput(input, grid, 2016, 'grid', silentLogger(), band);
        expect(part).toMatchObject({ grid: bandGrid(grid, band), fullGrid: grid, band, bands: 366, units: whole.units });
        expectSameBytes(part.data, bandRows(whole.data, grid, band), `rows ${band.row0}…${band.row1}`);
      }
    },
    120_000,
  );
});

describe('a windowed GeoTIFF read', () => {
  // 40 × 100 cells, 3 bands, 16 × 16 tiles, one plane per band: 3 tile columns × 7 tile rows × 3 planes
  const grid = makeGrid({ west: 0, south: 0, east: 4, north: 10 }, 0.1);
  const bands = 3;
  const values = Float32Array.from({ length: grid.width * grid.height * bands }, (_, i) => (i % 97 === 0 ? NaN : Math.sin(i) * 100));
  const tiled = join(dir, 'tiled.tif');

  it("decodes only the tiles holding the band's rows and reads fewer bytes", async () => {
    await writeGeoTiff(tiled, values, { grid, bands, sampleType: 'float32', nodata: NaN, tileSize: 16 });
    const tiles = vi.spyOn(GeoTIFFImage.prototype, 'getTileOrStrip');
    const reads = vi.spyOn(fs, 'read');
    // geotiff.js reads each range with fs.read(fd, buffer, offset, length, position, callback)
    const bytesRead = () => reads.mock.calls.reduce((sum, call) => sum + Number((call as unknown[])[3]), 0);
    try {
      const whole = await readGeoTiffStack(tiled);
      const wholeBytes = bytesRead();
      expect(tiles).toHaveBeenCalledTimes(7 * 3 * 3);
      tiles.mockClear();
      reads.mockClear();
      // rows 40…59 lie in tile rows 2 (rows 32…47) and 3 (48…63)
      const band = { row0: 40, row1: 60 };
      const part = await readGeoTiffStack(tiled, { rows: band });
      expect(tiles).toHaveBeenCalledTimes(2 * 3 * 3);
      expect(new Set(tiles.mock.calls.map((call) => call[1]))).toEqual(new Set([2, 3]));
      expect(bytesRead()).toBeLessThan(wholeBytes * 0.5);
      expect(part).toMatchObject({ grid: bandGrid(grid, band), fullGrid: grid, band, bands, dates: whole.dates });
      expectSameBytes(part.data, bandRows(whole.data, grid, band), 'tiled');
    } finally {
      tiles.mockRestore();
      reads.mockRestore();
    }
  });

  it.skipIf(!hasGdal)(
    'reads bands of strips, pixel-interleaved, with a predictor and 7-row strips (GDAL-made) as rows of the whole read',
    async () => {
      const strips = join(dir, 'strips.tif');
      execFileSync(
        'gdal_translate',
        [
          '-q',
          '-co',
          'TILED=NO',
          '-co',
          'BLOCKYSIZE=7',
          '-co',
          'INTERLEAVE=PIXEL',
          '-co',
          'COMPRESS=DEFLATE',
          '-co',
          'PREDICTOR=3',
          tiled,
          strips,
        ],
        { env: GDAL_ENV },
      );
      const whole = await readGeoTiffStack(strips);
      expectSameBytes(whole.data, values, 'strips whole');
      for (const band of [...bandsOf(grid.height), { row0: 7, row1: 14 }, { row0: 6, row1: 8 }]) {
        expectSameBytes(
          (await readGeoTiffStack(strips, { rows: band })).data,
          bandRows(whole.data, grid, band),
          `strips rows ${band.row0}…${band.row1}`,
        );
      }
    },
  );

  it('refuses a band outside the file, naming it', async () => {
    await expect(readGeoTiffStack(tiled, { rows: { row0: 90, row1: 101 } })).rejects.toThrow(
      `${tiled}: cannot read rows [90, 101) are not a band of a grid of 100 rows`,
    );
  });
});
