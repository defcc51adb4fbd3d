/**
 * TIFF sample types and the copy of one decoded tile or strip into a float32
 * [band][row][col] stack, with missing values as NaN.
 */

type SampleArray = Uint8Array | Int8Array | Uint16Array | Int16Array | Uint32Array | Int32Array | Float32Array | Float64Array;
type SampleArrayConstructor = { new (buffer: ArrayBufferLike, byteOffset: number, length: number): SampleArray; BYTES_PER_ELEMENT: number };

export interface SampleType {
  /** e.g. "int16", for messages. */
  readonly name: string;
  /** GDAL's name for it (UInt16, Float32, …), as `smfuse info` and gdalinfo show it. */
  readonly gdalName: string;
  readonly array: SampleArrayConstructor;
}

const SAMPLE_TYPES: Record<string, SampleType> = {
  '1/8': { name: 'uint8', gdalName: 'Byte', array: Uint8Array },
  '1/16': { name: 'uint16', gdalName: 'UInt16', array: Uint16Array },
  '1/32': { name: 'uint32', gdalName: 'UInt32', array: Uint32Array },
  '2/8': { name: 'int8', gdalName: 'Int8', array: Int8Array },
  '2/16': { name: 'int16', gdalName: 'Int16', array: Int16Array },
  '2/32': { name: 'int32', gdalName: 'Int32', array: Int32Array },
  '3/32': { name: 'float32', gdalName: 'Float32', array: Float32Array },
  '3/64': { name: 'float64', gdalName: 'Float64', array: Float64Array },
};

const FORMAT_NAMES: Record<number, string> = {
  1: 'unsigned integer',
  2: 'signed integer',
  3: 'floating point',
  4: 'undefined',
  5: 'complex integer',
  6: 'complex floating point',
};

/** The type for TIFF SampleFormat + BitsPerSample, or a sentence saying it is not supported. */
export function sampleType(format: number, bits: number): SampleType | string {
  return (
    SAMPLE_TYPES[`${format}/${bits}`] ??
    `unsupported sample format: ${bits}-bit ${FORMAT_NAMES[format] ?? `format ${format}`} (supported: ${Object.values(SAMPLE_TYPES)
      .map((t) => t.name)
      .join(', ')})`
  );
}

/** A decoded block viewed as samples; a big-endian file's samples are first swapped to little-endian, the host order. */
export function blockSamples(type: SampleType, block: ArrayBufferLike, littleEndian: boolean): SampleArray {
  const size = type.array.BYTES_PER_ELEMENT;
  const length = Math.floor(block.byteLength / size);
  if (!littleEndian && size > 1) {
    const bytes = Buffer.from(block, 0, length * size);
    if (size === 2) bytes.swap16();
    else if (size === 4) bytes.swap32();
    else bytes.swap64();
  }
  return new type.array(block, 0, length);
}

/** Where a block lies in the stack: its first pixel, valid size and layout. */
export interface BlockPlacement {
  readonly x0: number;
  readonly y0: number;
  readonly cols: number;
  readonly rows: number;
  /** Pixels per block row (tile width; edge tiles are padded). */
  readonly blockWidth: number;
  /** Samples per pixel in the block: 1 for planar files, the band count for interleaved ones. */
  readonly samplesPerPixel: number;
  /** Band of the block's first sample. */
  readonly firstBand: number;
}

/** Samples a block must hold to cover its placement (the last row may stop at `cols`). */
export function samplesNeeded(p: BlockPlacement): number {
  return ((p.rows - 1) * p.blockWidth + p.cols) * p.samplesPerPixel;
}

/**
 * Copies a block of at least `samplesNeeded(p)` samples into `stack` (width × height per
 * band), turning `fill` and non-finite values into NaN. `fill` is NaN when the file
 * declares no nodata, or NaN.
 */
export function copyBlock(samples: SampleArray, p: BlockPlacement, stack: Float32Array, width: number, height: number, fill: number): void {
  const spp = p.samplesPerPixel;
  for (let s = 0; s < spp; s++) {
    const plane = (p.firstBand + s) * height;
    for (let r = 0; r < p.rows; r++) {
      let i = r * p.blockWidth * spp + s;
      let o = (plane + p.y0 + r) * width + p.x0;
      for (let c = 0; c < p.cols; c++, i += spp, o++) {
        const v = samples[i];
        stack[o] = v === fill || !Number.isFinite(v) ? NaN : v;
      }
    }
  }
}
