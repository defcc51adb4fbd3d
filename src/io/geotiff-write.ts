/**
 * GeoTIFF writer: tiled, one plane per band (PlanarConfiguration = 2, so a reader can
 * fetch one day cheaply), DEFLATE with a predictor, GeoKeys, GDAL_NODATA and band
 * descriptions in GDAL_METADATA; optionally internal overviews. The IFDs come first and
 * the tiles follow in band order, smallest overview first: the layout of a cloud-optimized
 * GeoTIFF, which GDAL's COG validator accepts.
 */
import type { FileHandle } from 'node:fs/promises';
import { endianness } from 'node:os';
import type { GridSpec } from '../grid/gridspec.js';
import { writeFileAtomically } from './atomic-file.js';
import { buildGdalMetadata } from './tiff/gdal-metadata.js';
import { GeoTag, geoKeyDirectory, modelPixelScale, modelTiepoint } from './tiff/georef.js';
import { encodeIfd, encodeTiffHeader, ifdByteLength, tiffHeaderLength, TiffType, type TiffEntry } from './tiff/ifd.js';
import { overviewLevels, reduce2x } from './tiff/overviews.js';
import { encodedTiles } from './tiff/tiles.js';

export interface GeoTiffWriteOptions {
  grid: GridSpec;
  bands: number;
  sampleType: 'float32' | 'uint8';
  /** Written as GDAL_NODATA; NaN is allowed for float32 (written "nan"). */
  nodata: number;
  /** One per band, e.g. ISO dates; what GDAL shows as the band description. */
  bandDescriptions?: readonly string[];
  /** One per band: extra band metadata items (e.g. time_start). */
  bandMetadata?: readonly Record<string, string>[];
  /** Dataset-level metadata items. */
  metadata?: Record<string, string>;
  /**
   * Tile edge, a multiple of 16; default 256. A grid smaller than one tile gets tiles
   * just covering it (rounded up to 16), so small grids do not compress padding.
   */
  tileSize?: number;
  /** Default 'deflate', with predictor 3 (floating point) for float32 and 2 for uint8. */
  compression?: 'deflate' | 'none';
  /**
   * Internal overviews, COG layout: 2× reductions (mean of the valid cells; uint8 takes
   * the first cell) until one tile holds the image. Default false.
   */
  overviews?: boolean;
  /** Default 'if-needed': BigTIFF only when the file could exceed 4 GiB (GDAL's BIGTIFF=IF_NEEDED). */
  bigTiff?: 'if-needed' | 'always';
}

const Tag = {
  NewSubfileType: 254,
  ImageWidth: 256,
  ImageLength: 257,
  BitsPerSample: 258,
  Compression: 259,
  Photometric: 262,
  SamplesPerPixel: 277,
  PlanarConfiguration: 284,
  Predictor: 317,
  TileWidth: 322,
  TileLength: 323,
  TileOffsets: 324,
  TileByteCounts: 325,
  ExtraSamples: 338,
  SampleFormat: 339,
  GdalMetadata: 42112,
  GdalNodata: 42113,
} as const;

/** NewSubfileType bit 0: a reduced-resolution version of another image (an overview). */
const REDUCED_RESOLUTION = 1;
const COMPRESSION_NONE = 1;
const COMPRESSION_DEFLATE = 8;
const MAX_CLASSIC_TIFF = 2 ** 32 - 1;

/** Writes `data` ([band][row][col]) to `path`, through a temporary file renamed at the end. */
export async function writeGeoTiff(path: string, data: Float32Array | Uint8Array, options: GeoTiffWriteOptions): Promise<void> {
  validate(data, options);
  if (endianness() !== 'LE') throw new Error('writeGeoTiff needs a little-endian host');
  const { grid, bands, sampleType } = options;
  const compressed = (options.compression ?? 'deflate') === 'deflate';
  const tileSize = options.tileSize ?? 256;
  const tileWidth = Math.min(tileSize, roundUp16(grid.width));
  const tileHeight = Math.min(tileSize, roundUp16(grid.height));
  const bytesPerSample = sampleType === 'float32' ? 4 : 1;

  // the full image, then each overview; tile offsets and sizes are filled in as tiles are written
  const images: Image[] = [{ width: grid.width, height: grid.height, data, layout: tileLayout(grid, bands, tileWidth, tileHeight) }];
  if (options.overviews) {
    for (const level of overviewLevels(grid.width, grid.height, tileWidth, tileHeight)) {
      const above = images[images.length - 1];
      images.push({
        ...level,
        data: reduce2x(above.data, bands, above, level, options.nodata),
        layout: tileLayout(level, bands, tileWidth, tileHeight),
      });
    }
  }
  const entriesOf = (big: boolean) => images.map((im, i) => ifdEntries(options, im, compressed, big, i > 0));
  const blocks = images.reduce((n, im) => n + im.layout.offsets.length, 0);
  const ifdBytes = (entries: TiffEntry[][], big: boolean) => entries.reduce((n, e) => n + ifdByteLength(e, big), 0);
  const fileBound =
    tiffHeaderLength(false) + ifdBytes(entriesOf(false), false) + blocks * deflateBound(tileWidth * tileHeight * bytesPerSample);
  const bigTiff = options.bigTiff === 'always' || fileBound > MAX_CLASSIC_TIFF;
  const entries = entriesOf(bigTiff);
  const dataStart = tiffHeaderLength(bigTiff) + ifdBytes(entries, bigTiff);

  await writeFileAtomically(path, async (file) => {
    let position = dataStart;
    let batch: Uint8Array[] = [];
    let batchStart = position;
    // COG order: the IFDs first, then the smallest overview's tiles, the full image's last
    for (const im of [...images].reverse()) {
      const { offsets, byteCounts } = im.layout;
      let i = 0;
      for await (const bytes of encodedTiles(im.data, im, bands, tileWidth, tileHeight, compressed)) {
        offsets[i] = position;
        byteCounts[i] = bytes.byteLength;
        batch.push(bytes);
        position += bytes.byteLength;
        i++;
        // few large writes, without holding the whole compressed file in memory
        if (position - batchStart >= 8 << 20) {
          await writeAllv(file, batch, batchStart);
          batch = [];
          batchStart = position;
        }
      }
    }
    if (batch.length > 0) await writeAllv(file, batch, batchStart);
    const chunks: Uint8Array[] = [encodeTiffHeader(bigTiff, tiffHeaderLength(bigTiff))];
    let at = tiffHeaderLength(bigTiff);
    entries.forEach((e, i) => {
      const next = i + 1 < entries.length ? at + ifdByteLength(e, bigTiff) : 0;
      chunks.push(encodeIfd(e, at, bigTiff, next));
      at += ifdByteLength(e, bigTiff);
    });
    await writeAllv(file, chunks, 0);
  });
}

interface Image {
  readonly width: number;
  readonly height: number;
  readonly data: Float32Array | Uint8Array;
  readonly layout: TileLayout;
}

function tileLayout(size: { width: number; height: number }, bands: number, tileWidth: number, tileHeight: number): TileLayout {
  // exact as doubles up to 2^53
  const blocks = bands * Math.ceil(size.width / tileWidth) * Math.ceil(size.height / tileHeight);
  return { tileWidth, tileHeight, offsets: new Float64Array(blocks), byteCounts: new Float64Array(blocks) };
}

function roundUp16(n: number): number {
  return Math.ceil(n / 16) * 16;
}

/** zlib's always-safe upper bound on the size of deflated data (no less than the raw size). */
function deflateBound(n: number): number {
  return n + Math.ceil(n / 8) + Math.ceil(n / 64) + 11;
}

async function writeAllv(file: FileHandle, chunks: Uint8Array[], position: number): Promise<void> {
  const total = chunks.reduce((s, c) => s + c.byteLength, 0);
  const { bytesWritten } = await file.writev(chunks, position);
  if (bytesWritten !== total) throw new Error(`short write: ${bytesWritten} of ${total} bytes`);
}

interface TileLayout {
  readonly tileWidth: number;
  readonly tileHeight: number;
  readonly offsets: Float64Array;
  readonly byteCounts: Float64Array;
}

/** The IFD of the full image, or of an overview (`reduced`: no georeferencing or metadata, GDAL takes them from the full image). */
function ifdEntries(o: GeoTiffWriteOptions, im: Image, compressed: boolean, bigTiff: boolean, reduced: boolean): TiffEntry[] {
  const t = im.layout;
  const float = o.sampleType === 'float32';
  const perBand = (v: number): number[] => new Array<number>(o.bands).fill(v);
  const blockType = bigTiff ? TiffType.LONG8 : TiffType.LONG;
  const entries: TiffEntry[] = [
    { tag: Tag.ImageWidth, type: TiffType.LONG, value: [im.width] },
    { tag: Tag.ImageLength, type: TiffType.LONG, value: [im.height] },
    { tag: Tag.BitsPerSample, type: TiffType.SHORT, value: perBand(float ? 32 : 8) },
    { tag: Tag.Compression, type: TiffType.SHORT, value: [compressed ? COMPRESSION_DEFLATE : COMPRESSION_NONE] },
    { tag: Tag.Photometric, type: TiffType.SHORT, value: [1] }, // BlackIsZero
    { tag: Tag.SamplesPerPixel, type: TiffType.SHORT, value: [o.bands] },
    { tag: Tag.PlanarConfiguration, type: TiffType.SHORT, value: [2] },
    { tag: Tag.TileWidth, type: TiffType.LONG, value: [t.tileWidth] },
    { tag: Tag.TileLength, type: TiffType.LONG, value: [t.tileHeight] },
    { tag: Tag.TileOffsets, type: blockType, value: t.offsets },
    { tag: Tag.TileByteCounts, type: blockType, value: t.byteCounts },
    { tag: Tag.SampleFormat, type: TiffType.SHORT, value: perBand(float ? 3 : 1) },
    { tag: Tag.GdalNodata, type: TiffType.ASCII, value: Number.isNaN(o.nodata) ? 'nan' : String(o.nodata) },
  ];
  if (reduced) {
    entries.push({ tag: Tag.NewSubfileType, type: TiffType.LONG, value: [REDUCED_RESOLUTION] });
  } else {
    entries.push(
      { tag: GeoTag.ModelPixelScale, type: TiffType.DOUBLE, value: modelPixelScale(o.grid) },
      { tag: GeoTag.ModelTiepoint, type: TiffType.DOUBLE, value: modelTiepoint(o.grid) },
      { tag: GeoTag.GeoKeyDirectory, type: TiffType.SHORT, value: geoKeyDirectory(o.grid.epsg) },
    );
  }
  if (compressed) entries.push({ tag: Tag.Predictor, type: TiffType.SHORT, value: [float ? 3 : 2] });
  // extra bands are "unspecified data", as GDAL writes them
  if (o.bands > 1) entries.push({ tag: Tag.ExtraSamples, type: TiffType.SHORT, value: new Array<number>(o.bands - 1).fill(0) });
  const xml = reduced ? null : buildGdalMetadata(o);
  if (xml !== null) entries.push({ tag: Tag.GdalMetadata, type: TiffType.ASCII, value: xml });
  return entries;
}

function validate(data: Float32Array | Uint8Array, o: GeoTiffWriteOptions): void {
  const { grid, bands } = o;
  for (const k of ['width', 'height'] as const) {
    if (!Number.isInteger(grid[k]) || grid[k] < 1) throw new RangeError(`grid ${k} must be a positive integer, got ${grid[k]}`);
  }
  if (!(grid.resX > 0 && grid.resY > 0 && Number.isFinite(grid.resX) && Number.isFinite(grid.resY))) {
    throw new RangeError(`grid cell size must be positive, got ${grid.resX} × ${grid.resY}`);
  }
  if (!Number.isFinite(grid.originX) || !Number.isFinite(grid.originY)) throw new RangeError('grid origin must be finite');
  if (!Number.isInteger(grid.epsg) || grid.epsg < 1 || grid.epsg > 65535) throw new RangeError(`EPSG code ${grid.epsg} cannot be a GeoKey`);
  if (!Number.isInteger(bands) || bands < 1 || bands > 65535) throw new RangeError(`bands must be 1..65535, got ${bands}`);
  const expected = o.sampleType === 'float32' ? Float32Array : Uint8Array;
  if (!(data instanceof expected)) throw new TypeError(`sampleType ${o.sampleType} needs a ${expected.name}`);
  if (data.length !== bands * grid.width * grid.height) {
    throw new RangeError(
      `data has ${data.length} values, expected ${bands} bands × ${grid.width} × ${grid.height} = ${bands * grid.width * grid.height}`,
    );
  }
  if (o.bandDescriptions && o.bandDescriptions.length !== bands) {
    throw new RangeError(`${o.bandDescriptions.length} band descriptions for ${bands} bands`);
  }
  if (o.bandMetadata && o.bandMetadata.length !== bands) {
    throw new RangeError(`${o.bandMetadata.length} band metadata records for ${bands} bands`);
  }
  const tile = o.tileSize ?? 256;
  if (!Number.isInteger(tile) || tile < 16 || tile % 16 !== 0)
    throw new RangeError(`tileSize must be a positive multiple of 16, got ${tile}`);
  const nd = o.nodata;
  if (o.sampleType === 'uint8' ? !(Number.isInteger(nd) && nd >= 0 && nd <= 255) : !(Number.isFinite(nd) || Number.isNaN(nd))) {
    throw new RangeError(`nodata ${nd} is not a ${o.sampleType} value`);
  }
}
