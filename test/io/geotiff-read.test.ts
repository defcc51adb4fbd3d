import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gdal, hasGdal } from '../helpers/gdal.js';
import { afterAll, describe, expect, it } from 'vitest';
import { datesOfYear } from '../../src/cube/dates.js';
import { InputError } from '../../core/errors.js';
import type { GridSpec } from '../../src/grid/gridspec.js';
import { readGeoTiffStack, type RasterStack } from '../../src/io/geotiff-read.js';
import { writeGeoTiff, type GeoTiffWriteOptions } from '../../src/io/geotiff-write.js';
import { buildGdalMetadata, parseGdalBandMetadata } from '../../src/io/tiff/gdal-metadata.js';
import { encodeIfd, encodeTiffHeader, TiffType, type TiffEntry } from '../../src/io/tiff/ifd.js';

const dir = mkdtempSync(join(tmpdir(), 'smfuse-geotiff-read-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

if (!hasGdal) console.warn('gdalinfo not found: skipping the tests that read GeoTIFFs made by GDAL');

const GRID: GridSpec = Object.freeze({ width: 37, height: 23, originX: 70, originY: 40, resX: 0.25, resY: 0.25, epsg: 4326 });
const NODATA = -9999;

/** A smooth field with some NaN and some nodata cells. */
function field(grid: GridSpec, bands: number): Float32Array {
  const { width, height } = grid;
  const data = new Float32Array(bands * width * height);
  for (let i = 0; i < data.length; i++) {
    const c = i % width;
    const r = Math.floor(i / width) % height;
    data[i] = i % 29 === 0 ? NaN : i % 41 === 0 ? NODATA : 0.25 + 0.1 * Math.sin(r / 5 + i / 5000) * Math.cos(c / 7);
  }
  return data;
}

/** What a reader should return for `data`: nodata as NaN. */
function withNaN(data: Float32Array | Uint8Array, nodata: number): Float32Array {
  return Float32Array.from(data, (v) => (v === nodata ? NaN : v));
}

/** Values equal bit for bit, NaN included (Vitest's toEqual on large typed arrays is slow). */
function expectSameValues(actual: Float32Array, expected: Float32Array): void {
  expect(actual.length).toBe(expected.length);
  let mismatches = 0;
  for (let i = 0; i < actual.length; i++) if (!Object.is(actual[i], expected[i])) mismatches++;
  expect(mismatches).toBe(0);
}

async function writeAndRead(name: string, data: Float32Array | Uint8Array, o: GeoTiffWriteOptions): Promise<RasterStack> {
  const path = join(dir, name);
  await writeGeoTiff(path, data, o);
  return readGeoTiffStack(path);
}

describe('readGeoTiffStack: round trip through writeGeoTiff', () => {
  it('float32 37×23 in 16×16 tiles, NaN and nodata, ISO dates', async () => {
    const bands = 3;
    const data = field(GRID, bands);
    const dates = ['2020-01-01', '2020-01-02', '2020-01-03'];
    const s = await writeAndRead('float.tif', data, {
      grid: GRID,
      bands,
      sampleType: 'float32',
      nodata: NODATA,
      tileSize: 16,
      bandDescriptions: dates,
    });
    expect(s.file).toBe(join(dir, 'float.tif'));
    expect(s.grid).toEqual(GRID);
    expect(s.bands).toBe(bands);
    expect(s.nodata).toBe(NODATA);
    expect(s.dates).toEqual(dates);
    expectSameValues(s.data, withNaN(data, NODATA));
  });

  it('uint8 with nodata 255, projected grid', async () => {
    const grid: GridSpec = {
      width: 45,
      height: 19,
      originX: -17367530.45,
      originY: 7314540.83,
      resX: 36032.22,
      resY: 36032.22,
      epsg: 6933,
    };
    const data = new Uint8Array(2 * grid.width * grid.height).map((_, i) => (i * 37) % 256);
    const s = await writeAndRead('flags.tif', data, { grid, bands: 2, sampleType: 'uint8', nodata: 255, tileSize: 32 });
    expect(s.grid).toEqual(grid);
    expect(s.nodata).toBe(255);
    expect(s.dates).toEqual([null, null]);
    expectSameValues(s.data, withNaN(data, 255));
  });

  it('one band, NaN nodata, uncompressed', async () => {
    const data = field(GRID, 1);
    const s = await writeAndRead('one.tif', data, { grid: GRID, bands: 1, sampleType: 'float32', nodata: NaN, compression: 'none' });
    expect(s.nodata).toBeNaN();
    expectSameValues(s.data, data); // -9999 is a value here: the file declares NaN
  });

  it('400 bands with ISO dates, and BigTIFF', async () => {
    const grid: GridSpec = { ...GRID, width: 21, height: 9 };
    const dates = [...datesOfYear(2019), ...datesOfYear(2020)].slice(0, 400);
    const data = field(grid, 400);
    for (const bigTiff of ['if-needed', 'always'] as const) {
      const s = await writeAndRead(`days-${bigTiff}.tif`, data, {
        grid,
        bands: 400,
        sampleType: 'float32',
        nodata: NODATA,
        bandDescriptions: dates,
        bigTiff,
      });
      expect(s.dates).toEqual(dates);
      expectSameValues(s.data, withNaN(data, NODATA));
    }
  });

  it('dates: an ISO description, else time_start, else null (an impossible date is an error: test/io/file-dates.test.ts)', async () => {
    const s = await writeAndRead('dates.tif', field(GRID, 4), {
      grid: GRID,
      bands: 4,
      sampleType: 'float32',
      nodata: NODATA,
      bandDescriptions: ['2021-02-03', 'soil moisture', '2021-02', ''],
      bandMetadata: [{ time_start: '1999-01-01' }, { time_start: '2021-02-04T12:00:00Z' }, {}, { time_start: 'yesterday' }],
    });
    expect(s.dates).toEqual(['2021-02-03', '2021-02-04', null, null]);
  });
});

describe('readGeoTiffStack: files made by GDAL', () => {
  const bands = 3;
  const dates = ['2020-07-01', '2020-07-02', '2020-07-03'];
  const data = field(GRID, bands);
  const source = join(dir, 'gdal-source.tif');
  const ready = writeGeoTiff(source, data, {
    grid: GRID,
    bands,
    sampleType: 'float32',
    nodata: NODATA,
    tileSize: 16,
    bandDescriptions: dates,
  });

  const layouts: [string, string[]][] = [
    ['stripped, uncompressed', ['-co', 'TILED=NO']],
    ['stripped, LZW', ['-co', 'TILED=NO', '-co', 'COMPRESS=LZW']],
    ['pixel-interleaved, LZW with predictor 2', ['-co', 'INTERLEAVE=PIXEL', '-co', 'COMPRESS=LZW', '-co', 'PREDICTOR=2']],
    [
      'pixel-interleaved tiles, DEFLATE with predictor 3',
      [
        '-co',
        'INTERLEAVE=PIXEL',
        '-co',
        'TILED=YES',
        '-co',
        'BLOCKXSIZE=16',
        '-co',
        'BLOCKYSIZE=16',
        '-co',
        'COMPRESS=DEFLATE',
        '-co',
        'PREDICTOR=3',
      ],
    ],
    [
      'band-interleaved strips, DEFLATE with predictor 3 (libtiff encoder)',
      ['-co', 'TILED=NO', '-co', 'BLOCKYSIZE=5', '-co', 'COMPRESS=DEFLATE', '-co', 'PREDICTOR=3'],
    ],
    ['ZSTD', ['-co', 'COMPRESS=ZSTD']],
    ['big-endian, DEFLATE with predictor 3', ['-co', 'ENDIANNESS=BIG', '-co', 'COMPRESS=DEFLATE', '-co', 'PREDICTOR=3']],
    ['float64, DEFLATE with predictor 3', ['-ot', 'Float64', '-co', 'COMPRESS=DEFLATE', '-co', 'PREDICTOR=3']],
    [
      'float64 pixel-interleaved, LZW with predictor 3',
      ['-ot', 'Float64', '-co', 'INTERLEAVE=PIXEL', '-co', 'COMPRESS=LZW', '-co', 'PREDICTOR=3'],
    ],
  ];
  for (const [what, options] of layouts) {
    it.skipIf(!hasGdal)(what, async () => {
      await ready;
      const path = join(dir, `gdal-${what.replace(/\W+/g, '-')}.tif`);
      gdal('gdal_translate', '-q', ...options, source, path);
      const s = await readGeoTiffStack(path);
      expect(s.grid).toEqual(GRID);
      expect(s.nodata).toBe(NODATA);
      expect(s.dates).toEqual(dates);
      expectSameValues(s.data, withNaN(data, NODATA));
    });
  }

  const integerTypes: [string, number][] = [
    ['Byte', 0],
    ['Int16', -32768],
    ['UInt16', 65535],
    ['Int32', -2147483648],
    ['UInt32', 0],
  ];
  for (const [type, nodata] of integerTypes) {
    it.skipIf(!hasGdal)(`${type} samples, nodata ${nodata}`, async () => {
      await ready;
      const path = join(dir, `gdal-${type}.tif`);
      // integers 1..200 where the source has values, nodata elsewhere
      gdal(
        'gdal_translate',
        '-q',
        '-ot',
        type,
        '-scale',
        '0.15',
        '0.35',
        '1',
        '200',
        '-a_nodata',
        String(nodata),
        '-co',
        'COMPRESS=LZW',
        source,
        path,
      );
      const s = await readGeoTiffStack(path);
      expect(s.nodata).toBe(nodata);
      const envi = join(dir, `gdal-${type}.bin`);
      gdal('gdal_translate', '-q', '-of', 'ENVI', '-co', 'INTERLEAVE=BSQ', '-ot', 'Float32', path, envi);
      const raw = readFileSync(envi);
      const gdalValues = new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength));
      expectSameValues(s.data, withNaN(gdalValues, nodata));
    });
  }

  it.skipIf(!hasGdal)('band dates from time_start metadata set through a VRT, with non-date descriptions', async () => {
    await ready;
    const vrt = join(dir, 'time-start.vrt');
    const bandXml = (b: number, description: string, timeStart: string | null): string => `
  <VRTRasterBand dataType="Float32" band="${b + 1}">
    <Description>${description}</Description>
    ${timeStart === null ? '' : `<Metadata><MDI key="time_start">${timeStart}</MDI></Metadata>`}
    <NoDataValue>${NODATA}</NoDataValue>
    <SimpleSource><SourceFilename relativeToVRT="0">${source}</SourceFilename><SourceBand>${b + 1}</SourceBand></SimpleSource>
  </VRTRasterBand>`;
    writeFileSync(
      vrt,
      `<VRTDataset rasterXSize="${GRID.width}" rasterYSize="${GRID.height}">
  <SRS>EPSG:4326</SRS>
  <GeoTransform>${GRID.originX}, ${GRID.resX}, 0, ${GRID.originY}, 0, ${-GRID.resY}</GeoTransform>
  ${bandXml(0, 'SM', '2020-07-01T00:00:00Z')}${bandXml(1, 'SM', '2020-07-02')}${bandXml(2, 'SM', null)}
</VRTDataset>`,
    );
    const path = join(dir, 'gdal-time-start.tif');
    gdal('gdal_translate', '-q', '-co', 'COMPRESS=DEFLATE', vrt, path);
    const s = await readGeoTiffStack(path);
    expect(s.dates).toEqual(['2020-07-01', '2020-07-02', null]);
    expectSameValues(s.data, withNaN(data, NODATA));
  });

  it.skipIf(!hasGdal)('PixelIsPoint georeferencing: the same grid GDAL reports', async () => {
    await ready;
    const path = join(dir, 'gdal-point.tif');
    gdal('gdal_translate', '-q', '-mo', 'AREA_OR_POINT=Point', source, path);
    const info = JSON.parse(gdal('gdalinfo', '-json', path)) as { geoTransform: number[] };
    const s = await readGeoTiffStack(path);
    expect([s.grid.originX, s.grid.resX, 0, s.grid.originY, 0, -s.grid.resY]).toEqual(info.geoTransform);
  });

  it.skipIf(!hasGdal)('predictor layouts geotiff.js would misread are refused', async () => {
    await ready;
    const bigEndian = join(dir, 'gdal-be-int16.tif');
    gdal('gdal_translate', '-q', '-ot', 'Int16', '-co', 'ENDIANNESS=BIG', '-co', 'COMPRESS=LZW', '-co', 'PREDICTOR=2', source, bigEndian);
    await expect(readGeoTiffStack(bigEndian)).rejects.toThrow(/big-endian.*not supported/);
    const wide = join(dir, 'gdal-float64-predictor2.tif');
    gdal('gdal_translate', '-q', '-ot', 'Float64', '-co', 'COMPRESS=DEFLATE', '-co', 'PREDICTOR=2', source, wide);
    await expect(readGeoTiffStack(wide)).rejects.toThrow(/horizontal predictor on 64-bit samples is not supported/);
  });
});

/** A minimal uncompressed one-strip little-endian TIFF of float32 zeros, with extra tags. */
function craftTiff(
  path: string,
  o: { width?: number; height?: number; bands?: number; bits?: number; format?: number; extra?: TiffEntry[] },
): void {
  const width = o.width ?? 4;
  const height = o.height ?? 3;
  const bands = o.bands ?? 1;
  const bits = o.bits ?? 32;
  const dataOffset = 4096;
  const dataBytes = Math.min((width * height * bands * bits) / 8, 1 << 20);
  const entries: TiffEntry[] = [
    { tag: 256, type: TiffType.LONG, value: [width] },
    { tag: 257, type: TiffType.LONG, value: [height] },
    { tag: 258, type: TiffType.SHORT, value: new Array<number>(bands).fill(bits) },
    { tag: 259, type: TiffType.SHORT, value: [1] },
    { tag: 262, type: TiffType.SHORT, value: [1] },
    { tag: 273, type: TiffType.LONG, value: [dataOffset] },
    { tag: 277, type: TiffType.SHORT, value: [bands] },
    { tag: 278, type: TiffType.LONG, value: [height] },
    { tag: 279, type: TiffType.LONG, value: [(width * height * bands * bits) / 8] },
    { tag: 339, type: TiffType.SHORT, value: new Array<number>(bands).fill(o.format ?? 3) },
    ...(o.extra ?? []),
  ];
  const file = new Uint8Array(dataOffset + dataBytes);
  file.set(encodeTiffHeader(false, 8), 0);
  file.set(encodeIfd(entries, 8, false), 8);
  writeFileSync(path, file);
}

const GEOKEYS_4326: TiffEntry = { tag: 34735, type: TiffType.SHORT, value: [1, 1, 0, 3, 1024, 0, 1, 2, 1025, 0, 1, 1, 2048, 0, 1, 4326] };
const PIXEL_SCALE: TiffEntry = { tag: 33550, type: TiffType.DOUBLE, value: [0.5, 0.5, 0] };
const TIEPOINT: TiffEntry = { tag: 33922, type: TiffType.DOUBLE, value: [0, 0, 0, 10, 50, 0] };

async function inputError(path: string, options?: { maxBytes?: number }): Promise<InputError> {
  const err = await readGeoTiffStack(path, options).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(InputError);
  const e = err as InputError;
  expect(e.file).toBe(path);
  expect(e.message).toContain(path);
  return e;
}

describe('readGeoTiffStack: errors name the file and say what is wrong', () => {
  it('reads a crafted minimal GeoTIFF (the baseline for the cases below)', async () => {
    const path = join(dir, 'crafted.tif');
    craftTiff(path, { extra: [GEOKEYS_4326, PIXEL_SCALE, TIEPOINT] });
    const s = await readGeoTiffStack(path);
    expect(s.grid).toEqual({ width: 4, height: 3, originX: 10, originY: 50, resX: 0.5, resY: 0.5, epsg: 4326 });
    expect(s.nodata).toBeNull();
    expect(Array.from(s.data)).toEqual(new Array(12).fill(0));
  });

  it('missing file', async () => {
    expect((await inputError(join(dir, 'nope.tif'))).message).toMatch(/file not found/);
  });

  it('a text file', async () => {
    const path = join(dir, 'notes.tif');
    writeFileSync(path, 'soil moisture, not a raster\n');
    expect((await inputError(path)).message).toMatch(/not a TIFF/);
  });

  it('a truncated TIFF', async () => {
    const whole = join(dir, 'whole.tif');
    await writeGeoTiff(whole, field(GRID, 20), { grid: GRID, bands: 20, sampleType: 'float32', nodata: NaN, compression: 'none' });
    const path = join(dir, 'truncated.tif');
    const bytes = readFileSync(whole);
    writeFileSync(path, bytes.subarray(0, bytes.length >> 1));
    expect((await inputError(path)).message).toMatch(/truncated/);
  });

  it('a TIFF without GeoKeys', async () => {
    const path = join(dir, 'plain.tif');
    craftTiff(path, { extra: [PIXEL_SCALE, TIEPOINT] });
    expect((await inputError(path)).message).toMatch(/no georeferencing/);
  });

  it('GeoKeys but no transform', async () => {
    const path = join(dir, 'no-transform.tif');
    craftTiff(path, { extra: [GEOKEYS_4326] });
    expect((await inputError(path)).message).toMatch(/no georeferencing/);
  });

  it('a rotated grid', async () => {
    const path = join(dir, 'rotated.tif');
    const rotated: TiffEntry = { tag: 34264, type: TiffType.DOUBLE, value: [0.5, 0.1, 0, 10, 0.1, -0.5, 0, 50, 0, 0, 0, 0, 0, 0, 0, 1] };
    craftTiff(path, { extra: [GEOKEYS_4326, rotated] });
    expect((await inputError(path)).message).toMatch(/rotated/);
  });

  it('a south-up grid', async () => {
    const path = join(dir, 'south-up.tif');
    craftTiff(path, { extra: [GEOKEYS_4326, { ...PIXEL_SCALE, value: [0.5, -0.5, 0] }, TIEPOINT] });
    expect((await inputError(path)).message).toMatch(/not north-up/);
  });

  it('a grid from a ModelTransformation without rotation is read', async () => {
    const path = join(dir, 'transform.tif');
    const m: TiffEntry = { tag: 34264, type: TiffType.DOUBLE, value: [0.5, 0, 0, 10, 0, -0.25, 0, 50, 0, 0, 0, 0, 0, 0, 0, 1] };
    craftTiff(path, { extra: [GEOKEYS_4326, m] });
    expect((await readGeoTiffStack(path)).grid).toMatchObject({ originX: 10, originY: 50, resX: 0.5, resY: 0.25 });
  });

  it('a user-defined CRS', async () => {
    const path = join(dir, 'user-crs.tif');
    craftTiff(path, { extra: [{ ...GEOKEYS_4326, value: [1, 1, 0, 2, 1024, 0, 1, 1, 3072, 0, 1, 32767] }, PIXEL_SCALE, TIEPOINT] });
    expect((await inputError(path)).message).toMatch(/user-defined/);
  });

  it('an unsupported sample format', async () => {
    const path = join(dir, 'complex.tif');
    craftTiff(path, { format: 6, bits: 64, extra: [GEOKEYS_4326, PIXEL_SCALE, TIEPOINT] });
    expect((await inputError(path)).message).toMatch(/unsupported sample format: 64-bit complex floating point/);
  });

  it('a declared size over the memory budget, before anything is allocated', async () => {
    const path = join(dir, 'huge.tif');
    craftTiff(path, { width: 200_000, height: 100_000, bands: 40, extra: [GEOKEYS_4326, PIXEL_SCALE, TIEPOINT] });
    expect((await inputError(path)).message).toMatch(/memory budget/);
    const small = join(dir, 'crafted.tif');
    expect((await inputError(small, { maxBytes: 16 })).message).toMatch(/over the 0\.00 GiB memory budget/);
  });
});

describe('GDAL_METADATA', () => {
  it('round-trips band descriptions and items, escaped the way GDAL does', () => {
    const xml = buildGdalMetadata({
      metadata: { source: 'a & b' },
      bandDescriptions: ['x < y', '2020-01-02'],
      bandMetadata: [{ time_start: '"now" & then' }, {}],
    });
    expect(xml).toContain('x &amp;lt; y'); // escaped twice, as GDAL writes and reads it
    const parsed = parseGdalBandMetadata(xml ?? '', 2);
    expect(parsed.descriptions).toEqual(['x < y', '2020-01-02']);
    expect(parsed.bandItems).toEqual([{ time_start: '"now" & then' }, {}]);
  });

  it('ignores other domains, other roles and samples past the last band', () => {
    const xml = `<GDALMetadata>
  <Item name="DESCRIPTION" sample="0" role="description">2020-01-01</Item>
  <Item name="SCALE" sample="0" role="scale">0.01</Item>
  <Item name="time_start" sample="0" domain="OTHER">1999-01-01</Item>
  <Item name="time_start" sample="1">2020-01-02</Item>
  <Item name="time_start" sample="5">2020-01-06</Item>
  <Item name="empty" sample="1"/>
</GDALMetadata>`;
    expect(parseGdalBandMetadata(xml, 2)).toEqual({
      descriptions: ['2020-01-01', undefined],
      bandItems: [{}, { time_start: '2020-01-02', empty: '' }],
    });
  });
});
