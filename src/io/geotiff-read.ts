/**
 * GeoTIFF reader: a whole multi-band GeoTIFF as a float32 [band][row][col] stack with its
 * grid and per-band dates, nodata as NaN and each band's scale/offset applied. geotiff.js parses and decodes; this module checks what a
 * corrupt or unusual file could get wrong and says so, naming the file.
 */
import { open, stat } from 'node:fs/promises';
import { fromFile, getDecoder, type GeoTIFFImage } from 'geotiff';
import { writtenDate } from '../cube/dates.js';
import { InputError } from '../../core/errors.js';
import { bandGrid, rowBandProblem, type GridSpec, type RowBand } from '../grid/gridspec.js';
import { applyBandScaling, bandScaling } from './tiff/band-scaling.js';
import { gdalItems, parseGdalBandMetadata } from './tiff/gdal-metadata.js';
import { gridFromGeoTags } from './tiff/georef.js';
import { checkFirstIfd } from './tiff/ifd-extent.js';
import { blockSamples, copyBlock, samplesNeeded, sampleType, type BlockPlacement, type SampleType } from './tiff/samples.js';
import { useZlibDeflate } from './tiff/deflate-decoder.js';

export interface RasterStack {
  file: string;
  grid: GridSpec;
  bands: number;
  /** [band][row][col]; the declared nodata and non-finite values are NaN. */
  data: Float32Array;
  /**
   * Per band: the band description if it is an ISO date, else the band metadata item
   * `time_start` (its first 10 characters if they are an ISO date), else null.
   */
  dates: (string | null)[];
  /** The declared GDAL nodata value (NaN for "nan"), or null when none is declared; a stored value, matched before scaling. */
  nodata: number | null;
  /** How a GeoTIFF stores its bands: GDAL's sample type name and the per-band scale/offset applied to the values. */
  stored?: { type: string; scales: number[]; offsets: number[] };
  /** Where only a band of rows was read: the whole grid, and the rows (`grid` is then the band's). */
  fullGrid?: GridSpec;
  band?: RowBand;
}

export interface ReadGeoTiffOptions {
  /** Most bytes the float32 stack may take; checked before allocating. Default 4 GiB. */
  maxBytes?: number;
  /** Read only these rows (a windowed read: blocks outside them are neither read nor inflated). */
  rows?: RowBand;
}

const DEFAULT_MAX_BYTES = 4 * 2 ** 30;

/** TIFF compressions geotiff.js decodes losslessly: none, LZW, DEFLATE (2 codes), PackBits, ZSTD. */
const COMPRESSIONS = new Map([
  [1, 'none'],
  [5, 'LZW'],
  [8, 'DEFLATE'],
  [32946, 'DEFLATE'],
  [32773, 'PackBits'],
  [50000, 'ZSTD'],
]);

/** Blocks decoded at once, so that reads and inflates overlap. */
const BLOCKS_IN_FLIGHT = 16;

/**
 * A whole GeoTIFF as a float32 [band][row][col] stack (nodata → NaN, scale/offset applied)
 * with its grid and per-band dates.
 * @throws InputError naming the file when it is missing, corrupt, or stored in a way this reader would misread.
 */
export async function readGeoTiffStack(path: string, options: ReadGeoTiffOptions = {}): Promise<RasterStack> {
  return withImage(path, (image, fileBytes) => readImage(path, image, fileBytes, options.maxBytes ?? DEFAULT_MAX_BYTES, options.rows));
}

/** The grid of a GeoTIFF, from its first directory only (no pixel is read). */
export async function readGeoTiffGrid(path: string): Promise<GridSpec> {
  return withImage(path, async (image) => imageLayout(path, image).grid);
}

async function withImage<T>(path: string, use: (image: GeoTIFFImage, fileBytes: number) => Promise<T>): Promise<T> {
  const fileBytes = await checkTiffFile(path);
  useZlibDeflate();
  try {
    const tiff = await fromFile(path);
    try {
      return await use(await tiff.getImage(0), fileBytes);
    } finally {
      await tiff.close();
    }
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(path, `corrupt or unsupported TIFF (${err instanceof Error ? err.message : String(err)})`);
  }
}

/** The file's size, once it is known to exist, to start like a TIFF or BigTIFF and to hold its first directory. */
async function checkTiffFile(path: string): Promise<number> {
  let size: number;
  try {
    const s = await stat(path);
    if (!s.isFile()) throw new InputError(path, 'not a regular file');
    size = s.size;
  } catch (err) {
    if (err instanceof InputError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError(path, code === 'ENOENT' ? 'file not found' : `cannot open (${code ?? String(err)})`);
  }
  const head = new Uint8Array(4);
  const file = await open(path, 'r');
  try {
    await file.read(head, 0, 4, 0);
    const magic = Buffer.from(head).toString('latin1');
    if (!['II*\0', 'MM\0*', 'II+\0', 'MM\0+'].includes(magic)) {
      throw new InputError(path, size === 0 ? 'empty file, not a TIFF' : 'not a TIFF file (wrong magic bytes)');
    }
    const problem = await checkFirstIfd(file, size);
    if (problem !== null) throw new InputError(path, `corrupt TIFF: ${problem}`);
  } finally {
    await file.close();
  }
  return size;
}

/** What the first directory declares: size, sample type, compression and grid, checked. */
function imageLayout(
  path: string,
  image: GeoTIFFImage,
): { width: number; height: number; bands: number; type: SampleType; compression: number; grid: GridSpec } {
  const fd = image.getFileDirectory();
  const width = image.getWidth();
  const height = image.getHeight();
  const bands = image.getSamplesPerPixel();
  if (!(width > 0 && height > 0 && bands > 0)) {
    throw new InputError(path, `TIFF directory declares no image (${width}×${height}, ${bands} bands); the file may be truncated`);
  }
  const type = bandSampleType(path, image, bands);
  const compression = Number(fd.getValue('Compression') ?? 1);
  if (!COMPRESSIONS.has(compression)) {
    throw new InputError(
      path,
      `TIFF compression ${compression} is not supported (supported: ${[...new Set(COMPRESSIONS.values())].join(', ')})`,
    );
  }

  const grid = gridFromGeoTags({
    width,
    height,
    geoKeys: image.getGeoKeys(),
    pixelScale: fd.getValue('ModelPixelScale'),
    tiepoint: fd.getValue('ModelTiepoint'),
    transformation: fd.getValue('ModelTransformation'),
  });
  if (typeof grid === 'string') throw new InputError(path, grid);
  return { width, height, bands, type, compression, grid };
}

async function readImage(path: string, image: GeoTIFFImage, fileBytes: number, maxBytes: number, rows?: RowBand): Promise<RasterStack> {
  const fd = image.getFileDirectory();
  const { width, height, bands, type, compression, grid } = imageLayout(path, image);
  const bandProblem = rows && rowBandProblem(grid, rows);
  if (bandProblem) throw new InputError(path, `cannot read ${bandProblem}`);
  const band = rows ?? { row0: 0, row1: height };
  const bandRows = band.row1 - band.row0;
  const stackBytes = width * bandRows * bands * 4;
  if (stackBytes > maxBytes) {
    throw new InputError(
      path,
      `declares ${width}×${bandRows}×${bands} values (${gib(stackBytes)} GiB as float32), over the ${gib(maxBytes)} GiB memory budget (maxBytes)`,
    );
  }
  await checkBlocksInFile(path, image, fileBytes, bands);

  const predictor = Number((await fd.loadValue('Predictor')) ?? 1);
  checkPredictor(path, image, predictor);
  const nodata = parseNodata(fd.getValue('GDAL_NODATA'));
  const xml = fd.hasTag('GDAL_METADATA') ? String(await fd.loadValue('GDAL_METADATA')) : '';
  const scaling = bandScaling(gdalItems(xml), bands, type.array !== Float32Array && type.array !== Float64Array);
  if (typeof scaling === 'string') throw new InputError(path, `GDAL_METADATA ${scaling}`);
  const data = new Float32Array(width * bandRows * bands);
  const fill = nodata === null ? NaN : type.name === 'float32' ? Math.fround(nodata) : nodata;
  await readBlocks(path, image, type, { compression, predictor }, band, data, fill);
  // nodata is a stored value: it became NaN above, before scaling
  applyBandScaling(data, width * bandRows, scaling);
  const stack: RasterStack = {
    file: path,
    grid,
    bands,
    data,
    dates: bandDates(path, xml, bands),
    nodata,
    stored: { type: type.gdalName, ...scaling },
  };
  return rows ? { ...stack, grid: bandGrid(grid, rows), fullGrid: grid, band: rows } : stack;
}

/** Refuses what geotiff.js would misread or not undo, rather than return wrong values. */
function checkPredictor(path: string, image: GeoTIFFImage, predictor: number): void {
  if (predictor !== 2) return;
  const bits = image.getBitsPerSample(0);
  if (bits === 64) {
    throw new InputError(
      path,
      'horizontal predictor on 64-bit samples is not supported; rewrite it with PREDICTOR=3 or none (gdal_translate)',
    );
  }
  // geotiff.js sums the differences before putting the bytes in host order
  if (bits > 8 && !image.littleEndian) {
    throw new InputError(
      path,
      'big-endian TIFF with horizontal predictor on 16/32-bit samples is not supported; rewrite it little-endian (gdal_translate)',
    );
  }
}

function bandSampleType(path: string, image: GeoTIFFImage, bands: number): SampleType {
  const type = sampleType(image.getSampleFormat(0), image.getBitsPerSample(0));
  if (typeof type === 'string') throw new InputError(path, type);
  for (let b = 1; b < bands; b++) {
    if (image.getSampleFormat(b) !== image.getSampleFormat(0) || image.getBitsPerSample(b) !== image.getBitsPerSample(0)) {
      throw new InputError(path, `band ${b + 1} has a different sample type from band 1`);
    }
  }
  return type;
}

/** A truncated file would otherwise read as zeros: geotiff.js pads short reads. */
async function checkBlocksInFile(path: string, image: GeoTIFFImage, fileBytes: number, bands: number): Promise<void> {
  const fd = image.getFileDirectory();
  const [offsetTag, countTag] = image.isTiled
    ? (['TileOffsets', 'TileByteCounts'] as const)
    : (['StripOffsets', 'StripByteCounts'] as const);
  const offsets = (await fd.loadValue(offsetTag)) as ArrayLike<number | bigint> | undefined;
  const counts = (await fd.loadValue(countTag)) as ArrayLike<number | bigint> | undefined;
  const expected = blockCount(image, bands);
  if (!offsets || !counts || offsets.length < expected || counts.length < expected) {
    throw new InputError(path, `${offsetTag}/${countTag} list fewer than the ${expected} blocks the image needs`);
  }
  for (let i = 0; i < expected; i++) {
    const end = Number(offsets[i]) + Number(counts[i]);
    if (Number(counts[i]) > 0 && end > fileBytes) {
      throw new InputError(path, `truncated: block ${i} ends at byte ${end} but the file has ${fileBytes} bytes`);
    }
  }
}

function blockCount(image: GeoTIFFImage, bands: number): number {
  const across = Math.ceil(image.getWidth() / image.getTileWidth());
  const down = Math.ceil(image.getHeight() / image.getTileHeight());
  return across * down * (image.planarConfiguration === 2 ? bands : 1);
}

/** Decodes the blocks that hold rows of `band` and copies those rows into `data` ([band][row − row0][col]). */
async function readBlocks(
  path: string,
  image: GeoTIFFImage,
  type: SampleType,
  coding: { compression: number; predictor: number },
  band: RowBand,
  data: Float32Array,
  fill: number,
): Promise<void> {
  const width = image.getWidth();
  const height = image.getHeight();
  const bands = image.getSamplesPerPixel();
  const blockWidth = image.getTileWidth();
  const blockHeight = image.getTileHeight();
  const planar = image.planarConfiguration === 2;
  const decoder = await getDecoder(coding.compression, {
    tileWidth: blockWidth,
    tileHeight: blockHeight,
    planarConfiguration: image.planarConfiguration,
    bitsPerSample: Array.from({ length: bands }, (_, b) => image.getBitsPerSample(b)),
    predictor: coding.predictor,
  });
  const jobs: { index: number; tx: number; ty: number; place: BlockPlacement }[] = [];
  const across = Math.ceil(width / blockWidth);
  const down = Math.ceil(height / blockHeight);
  for (let plane = 0; plane < (planar ? bands : 1); plane++) {
    for (let ty = Math.floor(band.row0 / blockHeight); ty * blockHeight < band.row1; ty++) {
      for (let tx = 0; tx * blockWidth < width; tx++) {
        const x0 = tx * blockWidth;
        const y0 = ty * blockHeight;
        jobs.push({
          index: (plane * down + ty) * across + tx,
          tx,
          ty,
          place: {
            x0,
            y0,
            cols: Math.min(blockWidth, width - x0),
            rows: Math.min(blockHeight, height - y0),
            blockWidth,
            samplesPerPixel: planar ? 1 : bands,
            firstBand: plane,
          },
        });
      }
    }
  }
  for (let start = 0; start < jobs.length; start += BLOCKS_IN_FLIGHT) {
    const batch = jobs.slice(start, start + BLOCKS_IN_FLIGHT);
    const blocks = await Promise.all(batch.map((j) => image.getTileOrStrip(j.tx, j.ty, j.place.firstBand, decoder)));
    for (let k = 0; k < batch.length; k++) {
      const { index, place } = batch[k];
      const samples = blockSamples(type, blocks[k].data, image.littleEndian);
      if (samples.length < samplesNeeded(place)) {
        throw new InputError(path, `block ${index} decodes to ${samples.length} samples, expected ${samplesNeeded(place)}`);
      }
      // the block's rows inside the band, placed relative to its first row
      const top = Math.max(place.y0, band.row0);
      const bottom = Math.min(place.y0 + place.rows, band.row1);
      const skip = (top - place.y0) * place.blockWidth * place.samplesPerPixel;
      copyBlock(
        skip === 0 ? samples : samples.subarray(skip),
        { ...place, y0: top - band.row0, rows: bottom - top },
        data,
        width,
        band.row1 - band.row0,
        fill,
      );
    }
  }
}

function parseNodata(tag: unknown): number | null {
  if (typeof tag !== 'string') return null;
  const s = tag.replace(/\0/g, '').trim().toLowerCase();
  if (s === '') return null;
  if (s === 'nan') return NaN;
  if (/^[+-]?inf(inity)?$/.test(s)) return s.startsWith('-') ? -Infinity : Infinity;
  const v = Number(s);
  return Number.isNaN(v) ? null : v;
}

/** A band's date: its description or time_start item when written YYYY-MM-DD (an impossible day is an error). */
function bandDates(path: string, xml: string, bands: number): (string | null)[] {
  const { descriptions, bandItems } = parseGdalBandMetadata(xml, bands);
  return descriptions.map((description, b) => {
    const written = description === undefined ? null : writtenDate(description, path, `band ${b + 1} description`);
    if (written !== null) return written;
    const start = bandItems[b].time_start?.slice(0, 10);
    return start === undefined ? null : writtenDate(start, path, `band ${b + 1} time_start`);
  });
}

function gib(bytes: number): string {
  return (bytes / 2 ** 30).toFixed(2);
}
