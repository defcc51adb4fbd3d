/** HDF4 number types (DFNT_*) and decoding of stored bytes to numbers. */
import type { NumericType } from '../data-file.js';

const NUMERIC: Readonly<Record<number, NumericType>> = {
  5: 'float32',
  6: 'float64',
  20: 'int8',
  21: 'uint8',
  22: 'int16',
  23: 'uint16',
  24: 'int32',
  25: 'uint32',
  26: 'int64',
  27: 'uint64',
};
/** DFNT_CHAR8 / DFNT_UCHAR8: text. */
const CHAR_TYPES = new Set([3, 4]);
/** DFNT_NATIVE and DFNT_LITEND flags, as they appear in Vdata field types. */
const NATIVE = 0x1000;
const LITEND = 0x4000;

export const SIZE: Readonly<Record<NumericType, number>> = {
  int8: 1,
  uint8: 1,
  int16: 2,
  uint16: 2,
  int32: 4,
  uint32: 4,
  int64: 8,
  uint64: 8,
  float32: 4,
  float64: 8,
};

export interface NumberType {
  readonly type: NumericType | 'char';
  readonly size: number;
  readonly littleEndian: boolean;
}

/** From a DFNT code (flags included); null for a type smfuse does not read. */
export function numberType(code: number, littleEndian = false): NumberType | null {
  const base = code & 0xff;
  const le = littleEndian || (code & LITEND) !== 0 || (code & NATIVE) !== 0;
  if (CHAR_TYPES.has(base)) return { type: 'char', size: 1, littleEndian: le };
  const t = NUMERIC[base];
  return t ? { type: t, size: SIZE[t], littleEndian: le } : null;
}

type Numeric = Exclude<NumberType['type'], 'char'>;
export type TypedArray = Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array | Float32Array | Float64Array;

/** Decodes `n` values of `t` from `bytes` at `at` into a typed array (64-bit integers as float64). */
export function decodeValues(bytes: Uint8Array, at: number, n: number, t: NumberType): TypedArray {
  const type = t.type as Numeric;
  const view = new DataView(bytes.buffer, bytes.byteOffset + at, n * t.size);
  const le = t.littleEndian;
  switch (type) {
    case 'int8':
      return new Int8Array(bytes.buffer.slice(bytes.byteOffset + at, bytes.byteOffset + at + n));
    case 'uint8':
      return Uint8Array.from(bytes.subarray(at, at + n));
    case 'int16':
      return fill(new Int16Array(n), (i) => view.getInt16(2 * i, le));
    case 'uint16':
      return fill(new Uint16Array(n), (i) => view.getUint16(2 * i, le));
    case 'int32':
      return fill(new Int32Array(n), (i) => view.getInt32(4 * i, le));
    case 'uint32':
      return fill(new Uint32Array(n), (i) => view.getUint32(4 * i, le));
    case 'float32':
      return fill(new Float32Array(n), (i) => view.getFloat32(4 * i, le));
    case 'float64':
      return fill(new Float64Array(n), (i) => view.getFloat64(8 * i, le));
    case 'int64':
      return fill(new Float64Array(n), (i) => Number(view.getBigInt64(8 * i, le)));
    case 'uint64':
      return fill(new Float64Array(n), (i) => Number(view.getBigUint64(8 * i, le)));
  }
}

function fill<T extends TypedArray>(a: T, f: (i: number) => number): T {
  for (let i = 0; i < a.length; i++) a[i] = f(i);
  return a;
}

/** An empty typed array of the type, for hyperslab output. */
export function allocValues(t: NumberType, n: number): TypedArray {
  switch (t.type as Numeric) {
    case 'int8':
      return new Int8Array(n);
    case 'uint8':
      return new Uint8Array(n);
    case 'int16':
      return new Int16Array(n);
    case 'uint16':
      return new Uint16Array(n);
    case 'int32':
      return new Int32Array(n);
    case 'uint32':
      return new Uint32Array(n);
    case 'float32':
      return new Float32Array(n);
    default:
      return new Float64Array(n);
  }
}
