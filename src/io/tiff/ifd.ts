/**
 * Encoding of one little-endian TIFF or BigTIFF image file directory (IFD) with the
 * out-of-line values it points to, laid out right after the IFD.
 */

export const TiffType = { ASCII: 2, SHORT: 3, LONG: 4, DOUBLE: 12, LONG8: 16 } as const;
export type TiffType = (typeof TiffType)[keyof typeof TiffType];

export interface TiffEntry {
  readonly tag: number;
  readonly type: TiffType;
  /** Numbers for numeric types; a string for ASCII (stored as UTF-8 plus NUL, as GDAL does). */
  readonly value: ArrayLike<number> | string;
}

const TYPE_SIZE: Record<TiffType, number> = { 2: 1, 3: 2, 4: 4, 12: 8, 16: 8 };

/** Header size: "II", magic, first-IFD offset (BigTIFF adds the offset size and padding). */
export function tiffHeaderLength(bigTiff: boolean): number {
  return bigTiff ? 16 : 8;
}

export function encodeTiffHeader(bigTiff: boolean, firstIfdOffset: number): Uint8Array {
  const bytes = new Uint8Array(tiffHeaderLength(bigTiff));
  const view = new DataView(bytes.buffer);
  view.setUint16(0, 0x4949, false);
  if (bigTiff) {
    view.setUint16(2, 43, true);
    view.setUint16(4, 8, true);
    view.setBigUint64(8, BigInt(firstIfdOffset), true);
  } else {
    view.setUint16(2, 42, true);
    view.setUint32(4, firstIfdOffset, true);
  }
  return bytes;
}

function valueCount(entry: TiffEntry): number {
  return typeof entry.value === 'string' ? Buffer.byteLength(entry.value, 'utf8') + 1 : entry.value.length;
}

function valueBytes(entry: TiffEntry): number {
  return valueCount(entry) * TYPE_SIZE[entry.type];
}

/** Values wider than the entry's value field go out of line, each on an 8-byte boundary. */
function outOfLineLength(entry: TiffEntry, bigTiff: boolean): number {
  const n = valueBytes(entry);
  return n > (bigTiff ? 8 : 4) ? (n + 7) & ~7 : 0;
}

function directoryLength(entryCount: number, bigTiff: boolean): number {
  const raw = bigTiff ? 8 + entryCount * 20 + 8 : 2 + entryCount * 12 + 4;
  return (raw + 7) & ~7;
}

/** Bytes the IFD and its out-of-line values take; depends on counts, not on values. */
export function ifdByteLength(entries: readonly TiffEntry[], bigTiff: boolean): number {
  let n = directoryLength(entries.length, bigTiff);
  for (const e of entries) n += outOfLineLength(e, bigTiff);
  return n;
}

function writeValues(view: DataView, at: number, entry: TiffEntry): void {
  const { value, type } = entry;
  if (typeof value === 'string') {
    new TextEncoder().encodeInto(value, new Uint8Array(view.buffer, view.byteOffset + at)); // NUL already there
    return;
  }
  const size = TYPE_SIZE[type];
  for (let i = 0; i < value.length; i++) {
    const p = at + i * size;
    switch (type) {
      case TiffType.SHORT:
        view.setUint16(p, value[i], true);
        break;
      case TiffType.LONG:
        view.setUint32(p, value[i], true);
        break;
      case TiffType.DOUBLE:
        view.setFloat64(p, value[i], true);
        break;
      case TiffType.LONG8:
        view.setBigUint64(p, BigInt(value[i]), true);
        break;
      default:
        throw new RangeError(`TIFF type ${type} is not numeric`);
    }
  }
}

/**
 * The IFD at file offset `ifdOffset`, followed by its out-of-line values, pointing to
 * the next IFD at `nextIfdOffset` (0: the last image). Entries are sorted by tag, as
 * TIFF requires.
 */
export function encodeIfd(entries: readonly TiffEntry[], ifdOffset: number, bigTiff: boolean, nextIfdOffset = 0): Uint8Array {
  const sorted = [...entries].sort((a, b) => a.tag - b.tag);
  const bytes = new Uint8Array(ifdByteLength(sorted, bigTiff));
  const view = new DataView(bytes.buffer);
  const entrySize = bigTiff ? 20 : 12;
  const fieldSize = bigTiff ? 8 : 4;
  let p = bigTiff ? 8 : 2;
  if (bigTiff) view.setBigUint64(0, BigInt(sorted.length), true);
  else view.setUint16(0, sorted.length, true);
  let extra = directoryLength(sorted.length, bigTiff);
  for (const e of sorted) {
    view.setUint16(p, e.tag, true);
    view.setUint16(p + 2, e.type, true);
    if (bigTiff) view.setBigUint64(p + 4, BigInt(valueCount(e)), true);
    else view.setUint32(p + 4, valueCount(e), true);
    const field = p + entrySize - fieldSize;
    const outOfLine = outOfLineLength(e, bigTiff);
    if (outOfLine === 0) {
      writeValues(view, field, e);
    } else {
      if (bigTiff) view.setBigUint64(field, BigInt(ifdOffset + extra), true);
      else view.setUint32(field, ifdOffset + extra, true);
      writeValues(view, extra, e);
      extra += outOfLine;
    }
    p += entrySize;
  }
  if (bigTiff) view.setBigUint64(p, BigInt(nextIfdOffset), true);
  else view.setUint32(p, nextIfdOffset, true);
  return bytes;
}
