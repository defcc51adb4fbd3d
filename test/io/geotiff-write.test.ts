import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GDAL_ENV, gdal, gdalinfo, hasGdal, type GdalInfo } from '../helpers/gdal.js';
import { afterAll, describe, expect, it } from 'vitest';
import { datesOfYear } from '../../src/cube/dates.js';
import type { GridSpec } from '../../src/grid/gridspec.js';
import { writeGeoTiff, type GeoTiffWriteOptions } from '../../src/io/geotiff-write.js';
import { floatPredictor, undoFloatPredictor } from '../../src/io/tiff/predictor.js';

const dir = mkdtempSync(join(tmpdir(), 'smfuse-geotiff-write-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

if (!hasGdal) console.warn('gdalinfo not found: skipping the GeoTIFF tests that check files with GDAL');
const COG_VALIDATOR = '/usr/lib/python3/dist-packages/osgeo_utils/samples/validate_cloud_optimized_geotiff.py';
const hasCogValidator = hasGdal && existsSync(COG_VALIDATOR) && spawnSync('/usr/bin/python3', ['-c', 'import osgeo']).status === 0;

/** The raster as GDAL decodes it: ENVI is raw band-sequential samples in host byte order. */
function gdalPixels(path: string): Buffer {
  const out = join(dir, `envi-${Math.random().toString(36).slice(2)}.bin`);
  gdal('gdal_translate', '-q', '-of', 'ENVI', '-co', 'INTERLEAVE=BSQ', path, out);
  return readFileSync(out);
}

function bytesOf(a: Float32Array | Uint8Array): Buffer {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}

const GRID: GridSpec = Object.freeze({ width: 37, height: 23, originX: 70, originY: 40, resX: 0.25, resY: 0.25, epsg: 4326 });

/** A smooth field with some NaN and some nodata (-9999) cells. */
function field(grid: GridSpec, bands: number): Float32Array {
  const { width, height } = grid;
  const data = new Float32Array(bands * width * height);
  for (let b = 0; b < bands; b++) {
    for (let r = 0; r < height; r++) {
      for (let c = 0; c < width; c++) {
        const i = (b * height + r) * width + c;
        data[i] = 0.25 + 0.1 * Math.sin(r / 5 + b / 17) * Math.cos(c / 7) + 1e-4 * ((i * 7919) % 13);
        if ((r * 31 + c * 17 + b) % 29 === 0) data[i] = NaN;
        if ((r * 13 + c * 5 + b) % 41 === 0) data[i] = -9999;
      }
    }
  }
  return data;
}

function expectGdalSees(path: string, data: Float32Array | Uint8Array, o: GeoTiffWriteOptions): GdalInfo {
  const info = gdalinfo(path);
  const { grid } = o;
  expect(info.size).toEqual([grid.width, grid.height]);
  expect(info.bands).toHaveLength(o.bands);
  expect(info.stac?.['proj:epsg']).toBe(grid.epsg);
  expect(info.geoTransform).toEqual([grid.originX, grid.resX, 0, grid.originY, 0, -grid.resY]);
  for (const [b, band] of info.bands.entries()) {
    expect(band.type).toBe(o.sampleType === 'float32' ? 'Float32' : 'Byte');
    expect(band.noDataValue).toEqual(Number.isNaN(o.nodata) ? 'NaN' : o.nodata);
    if (o.bandDescriptions) expect(band.description).toBe(o.bandDescriptions[b]);
  }
  expect(gdalPixels(path).equals(bytesOf(data))).toBe(true);
  return info;
}

describe('writeGeoTiff, checked by GDAL', () => {
  it.skipIf(!hasGdal)('float32 37×23 in 16×16 tiles: grid, CRS, nodata, dates, metadata and every bit of every pixel', async () => {
    const path = join(dir, 'float.tif');
    const bands = 3;
    const data = field(GRID, bands);
    const o: GeoTiffWriteOptions = {
      grid: GRID,
      bands,
      sampleType: 'float32',
      nodata: -9999,
      tileSize: 16,
      bandDescriptions: ['2020-01-01', '2020-01-02', '2020-01-03'],
      bandMetadata: [{ time_start: '2020-01-01T00:00:00Z' }, {}, { time_start: '2020-01-03T00:00:00Z' }],
      metadata: { product: 'ESA CCI SM v08.1 & SMAP <L3>', units: 'm3 m-3' },
    };
    await writeGeoTiff(path, data, o);
    const info = expectGdalSees(path, data, o);
    expect(info.bands[0].block).toEqual([16, 16]);
    expect(info.metadata['']).toMatchObject({ AREA_OR_POINT: 'Area', product: 'ESA CCI SM v08.1 & SMAP <L3>', units: 'm3 m-3' });
    expect(info.metadata.IMAGE_STRUCTURE).toMatchObject({ COMPRESSION: 'DEFLATE', INTERLEAVE: 'BAND', PREDICTOR: '3' });
    expect(info.bands[0].metadata?.['']?.time_start).toBe('2020-01-01T00:00:00Z');
    expect(info.bands[1].metadata?.['']?.time_start).toBeUndefined();
    expect(info.bands[2].metadata?.['']?.time_start).toBe('2020-01-03T00:00:00Z');
  });

  it.skipIf(!hasGdal)('uint8 with predictor 2, projected EPSG:6933', async () => {
    const grid: GridSpec = {
      width: 45,
      height: 19,
      originX: -17367530.45,
      originY: 7314540.83,
      resX: 36032.22,
      resY: 36032.22,
      epsg: 6933,
    };
    const bands = 2;
    const data = new Uint8Array(bands * grid.width * grid.height).map((_, i) => (i * 37) % 256);
    const o: GeoTiffWriteOptions = { grid, bands, sampleType: 'uint8', nodata: 255, tileSize: 32, bandDescriptions: ['a', 'b'] };
    await writeGeoTiff(join(dir, 'flags.tif'), data, o);
    const info = expectGdalSees(join(dir, 'flags.tif'), data, o);
    expect(info.metadata.IMAGE_STRUCTURE).toMatchObject({ PREDICTOR: '2' });
  });

  it.skipIf(!hasGdal)('one band, NaN nodata, no compression', async () => {
    const data = field(GRID, 1);
    const o: GeoTiffWriteOptions = { grid: GRID, bands: 1, sampleType: 'float32', nodata: NaN, compression: 'none' };
    await writeGeoTiff(join(dir, 'one.tif'), data, o);
    const info = expectGdalSees(join(dir, 'one.tif'), data, o);
    expect(info.metadata.IMAGE_STRUCTURE?.COMPRESSION).toBeUndefined();
    // a grid smaller than one tile gets one tile just covering it
    expect(info.bands[0].block).toEqual([48, 32]);
  });

  it.skipIf(!hasGdal)('400 bands with ISO dates as band descriptions, 2400 tiles', async () => {
    const bands = 400;
    const dates = [...datesOfYear(2019), ...datesOfYear(2020)].slice(0, bands);
    const data = field(GRID, bands);
    const o: GeoTiffWriteOptions = { grid: GRID, bands, sampleType: 'float32', nodata: -9999, bandDescriptions: dates, tileSize: 16 };
    await writeGeoTiff(join(dir, 'days.tif'), data, o);
    expectGdalSees(join(dir, 'days.tif'), data, o);
  });

  it.skipIf(!hasGdal)('BigTIFF when asked, with tiles in 8-byte offsets', async () => {
    const data = field(GRID, 2);
    const o: GeoTiffWriteOptions = { grid: GRID, bands: 2, sampleType: 'float32', nodata: -9999, tileSize: 16, bigTiff: 'always' };
    await writeGeoTiff(join(dir, 'big.tif'), data, o);
    expect(readFileSync(join(dir, 'big.tif')).subarray(0, 4)).toEqual(Buffer.from([0x49, 0x49, 43, 0]));
    expectGdalSees(join(dir, 'big.tif'), data, o);
  });

  it.skipIf(!hasCogValidator)("passes GDAL's cloud-optimized GeoTIFF validator", async () => {
    const path = join(dir, 'cog.tif');
    await writeGeoTiff(path, field(GRID, 5), { grid: GRID, bands: 5, sampleType: 'float32', nodata: NaN, tileSize: 16 });
    const out = execFileSync('/usr/bin/python3', [COG_VALIDATOR, path], { env: GDAL_ENV, encoding: 'utf8' });
    expect(out).toContain('is a valid cloud optimized GeoTIFF');
  });
});

describe.skipIf(!hasGdal)('internal overviews (COG layout)', () => {
  const grid: GridSpec = Object.freeze({ width: 64, height: 48, originX: 70, originY: 40, resX: 0.25, resY: 0.25, epsg: 4326 });
  /** `field` with NaN only (GDAL's average skips NaN whatever the declared nodata). */
  const data = field(grid, 3).map((v) => (v === -9999 ? NaN : v));
  for (const i of [0, 1, 64, 65]) data[i] = NaN; // one all-missing 2 × 2 block stays missing
  const dates = ['2016-02-28', '2016-02-29', '2016-03-01'];

  /** Overview `level` (1 = largest) of every band, as GDAL decodes that IFD. */
  function overview(path: string, level: number): Float32Array {
    const bytes = gdalPixels(`GTIFF_DIR:${level + 1}:${path}`);
    return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
  }

  it('halves until one tile holds the image; each level equals gdaladdo -r average', async () => {
    const ours = join(dir, 'ovr.tif');
    await writeGeoTiff(ours, data, {
      grid,
      bands: 3,
      sampleType: 'float32',
      nodata: NaN,
      bandDescriptions: dates,
      tileSize: 16,
      overviews: true,
    });
    const info = gdalinfo(ours);
    expect(info.bands.map((b) => b.overviews?.map((o) => o.size))).toEqual(
      new Array(3).fill([
        [32, 24],
        [16, 12],
      ]),
    );
    expect(info.bands.map((b) => b.description)).toEqual(dates);
    expect(gdalPixels(ours).equals(bytesOf(data))).toBe(true);

    const theirs = join(dir, 'ovr-gdal.tif');
    await writeGeoTiff(theirs, data, { grid, bands: 3, sampleType: 'float32', nodata: NaN, tileSize: 16 });
    gdal('gdaladdo', '-q', '-r', 'average', theirs, '2', '4');
    for (const level of [1, 2]) {
      const a = overview(ours, level);
      const b = overview(theirs, level);
      expect(a.length).toBe(3 * (grid.width >> level) * (grid.height >> level));
      let nan = 0;
      for (let i = 0; i < a.length; i++) {
        if (Number.isNaN(b[i])) nan++;
        if (Number.isNaN(b[i])) expect(a[i], `level ${level} value ${i}`).toBeNaN();
        else expect(a[i], `level ${level} value ${i}`).toBeCloseTo(b[i], 6);
      }
      if (level === 1) expect(nan).toBeGreaterThan(0);
    }
  });

  it.skipIf(!hasCogValidator)("odd sizes and 366 dated bands pass GDAL's COG validator", async () => {
    const path = join(dir, 'cog-ovr.tif');
    const days = datesOfYear(2016);
    await writeGeoTiff(path, field(GRID, days.length), {
      grid: GRID,
      bands: days.length,
      sampleType: 'float32',
      nodata: NaN,
      bandDescriptions: days,
      tileSize: 16,
      overviews: true,
    });
    const out = execFileSync('/usr/bin/python3', [COG_VALIDATOR, path], { env: GDAL_ENV, encoding: 'utf8' });
    expect(out).toContain('is a valid cloud optimized GeoTIFF');
    const info = gdalinfo(path);
    expect(info.bands).toHaveLength(366);
    expect(info.bands[365].description).toBe('2016-12-31');
    expect(info.bands[0].overviews?.map((o) => o.size)).toEqual([
      [19, 12],
      [10, 6],
    ]);
  });

  it('uint8 overviews take the first cell of each block', async () => {
    const flags = Uint8Array.from({ length: grid.width * grid.height }, (_, i) => i % 7);
    const path = join(dir, 'flags-ovr.tif');
    await writeGeoTiff(path, flags, { grid, bands: 1, sampleType: 'uint8', nodata: 0, tileSize: 16, overviews: true });
    const level1 = gdalPixels(`GTIFF_DIR:2:${path}`);
    for (let r = 0; r < 24; r++) for (let c = 0; c < 32; c++) expect(level1[r * 32 + c]).toBe(flags[2 * r * 64 + 2 * c]);
  });
});

describe('writeGeoTiff input checks and atomicity', () => {
  const o: GeoTiffWriteOptions = { grid: GRID, bands: 2, sampleType: 'float32', nodata: NaN };
  const n = 2 * GRID.width * GRID.height;

  it('rejects a data length that is not bands × width × height', async () => {
    await expect(writeGeoTiff(join(dir, 'x.tif'), new Float32Array(n - 1), o)).rejects.toThrow(RangeError);
  });

  it('rejects band descriptions or band metadata not one per band', async () => {
    await expect(writeGeoTiff(join(dir, 'x.tif'), new Float32Array(n), { ...o, bandDescriptions: ['2020-01-01'] })).rejects.toThrow(
      RangeError,
    );
    await expect(writeGeoTiff(join(dir, 'x.tif'), new Float32Array(n), { ...o, bandMetadata: [{}, {}, {}] })).rejects.toThrow(RangeError);
  });

  it('rejects a tile size that is not a multiple of 16, and nodata outside the sample type', async () => {
    await expect(writeGeoTiff(join(dir, 'x.tif'), new Float32Array(n), { ...o, tileSize: 100 })).rejects.toThrow(RangeError);
    await expect(writeGeoTiff(join(dir, 'x.tif'), new Uint8Array(n), { ...o, sampleType: 'uint8', nodata: NaN })).rejects.toThrow(
      RangeError,
    );
  });

  it('rejects an array that does not match the sample type', async () => {
    await expect(writeGeoTiff(join(dir, 'x.tif'), new Uint8Array(n), o)).rejects.toThrow(TypeError);
    expect(existsSync(join(dir, 'x.tif'))).toBe(false);
  });

  it('leaves neither a file under the final name nor a temporary file when writing fails midway', async () => {
    // 40 planes of 256×256 uncompressed: the first 8 MiB are on disk when the stack "fails"
    const grid: GridSpec = { ...GRID, width: 256, height: 256 };
    const big: GeoTiffWriteOptions = { grid, bands: 40, sampleType: 'float32', nodata: NaN, compression: 'none' };
    const failAfterRows = 36 * 256;
    let rowsCut = 0;
    class FailingStack extends Float32Array {
      override subarray(begin = 0, end = this.length): Float32Array<ArrayBuffer> {
        if (++rowsCut > failAfterRows) throw new Error('disk gone');
        return new Float32Array(this.buffer as ArrayBuffer, this.byteOffset + begin * 4, end - begin);
      }
    }
    const stack = new FailingStack(40 * 256 * 256);
    const sub = mkdtempSync(join(dir, 'atomic-'));
    const path = join(sub, 'sm.tif');
    await expect(writeGeoTiff(path, stack, big)).rejects.toThrow('disk gone');
    expect(readdirSync(sub)).toEqual([]);

    // an earlier file under the final name survives a failed rewrite untouched
    writeFileSync(path, 'previous run');
    rowsCut = 0;
    await expect(writeGeoTiff(path, stack, big)).rejects.toThrow('disk gone');
    expect(readFileSync(path, 'utf8')).toBe('previous run');
    expect(readdirSync(sub)).toEqual(['sm.tif']);
  });
});

describe('floating-point predictor', () => {
  it('undo restores every bit, NaN, ±0, ±Infinity and subnormals included, for odd widths', () => {
    const width = 37;
    const rows = 5;
    const tile = new Float32Array(width * rows);
    const special = [NaN, 0, -0, Infinity, -Infinity, 1e-45, -3.4e38, 0.3];
    for (let i = 0; i < tile.length; i++) tile[i] = i % 7 === 0 ? special[i % special.length] : Math.sin(i) * 10 ** ((i % 9) - 4);
    const coded = new Uint8Array(tile.byteLength);
    floatPredictor(tile, width, rows, coded);
    expect(Buffer.from(coded).equals(bytesOf(tile))).toBe(false);
    undoFloatPredictor(coded, width * 4, rows, 1, 4, new Uint8Array(width * 4));
    expect(Buffer.from(coded).equals(bytesOf(tile))).toBe(true);
  });
});
