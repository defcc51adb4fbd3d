/**
 * Where a seed file stores the numbers and words its readers depend on (dimension sizes,
 * attribute values, dates, units), found by searching the bytes for their encodings, so
 * that mutations patch header fields rather than compressed pixels.
 */
import type { DataFile } from '../../src/io/data-file.js';

export type LandmarkKind = 'int' | 'float' | 'text';

export interface Landmark {
  kind: LandmarkKind;
  /** Byte width of the field: 2, 4 or 8 for numbers, the string length for text. */
  width: number;
  littleEndian: boolean;
  /** Byte offsets where the encoding occurs (first few only). */
  at: number[];
}

const MAX_HITS = 32;
const TEXT =
  /(?:19|20)\d\d-\d\d-\d\d|\b(?:days|hours|seconds) since\b|\b(?:standard|gregorian|noleap|proleptic_gregorian)\b|m3 m-3|degrees_(?:north|east)|\bnan\b/g;

export function textLandmarks(bytes: Buffer): Landmark[] {
  const found = new Map<string, number[]>();
  for (const m of bytes.toString('latin1').matchAll(TEXT)) {
    const hits = found.get(m[0]) ?? [];
    if (hits.length < MAX_HITS) hits.push(m.index);
    found.set(m[0], hits);
  }
  return [...found].map(([s, at]) => ({ kind: 'text', width: s.length, littleEndian: true, at }));
}

/** Shapes and numeric attributes of every variable, in each byte order and width they could be stored in. */
export function dataFileLandmarks(bytes: Buffer, data: DataFile): Landmark[] {
  const ints = new Set<number>();
  const floats: { value: number; width: 4 | 8 }[] = [];
  for (const v of data.variables()) {
    for (const n of v.shape) if (n > 1) ints.add(n);
    for (const a of Object.values(v.attrs)) {
      if (typeof a.value === 'string') continue;
      if (a.type === 'float32' || a.type === 'float64') floats.push({ value: a.value[0], width: a.type === 'float32' ? 4 : 8 });
    }
  }
  const out: Landmark[] = [];
  for (const littleEndian of [true, false]) {
    for (const n of ints)
      for (const width of [4, 8] as const) out.push(search(bytes, 'int', encodeInt(n, width, littleEndian), littleEndian));
    for (const f of floats) out.push(search(bytes, 'float', encodeFloat(f.value, f.width, littleEndian), littleEndian));
  }
  return out.filter((l) => l.at.length > 0);
}

function search(bytes: Buffer, kind: LandmarkKind, pattern: Buffer, littleEndian: boolean): Landmark {
  const at: number[] = [];
  for (let i = bytes.indexOf(pattern); i >= 0 && at.length < MAX_HITS; i = bytes.indexOf(pattern, i + 1)) at.push(i);
  return { kind, width: pattern.length, littleEndian, at };
}

export function encodeInt(n: number | bigint, width: number, littleEndian: boolean): Buffer {
  const b = Buffer.alloc(width);
  const x = BigInt.asUintN(width * 8, BigInt(n));
  for (let i = 0; i < width; i++) b[littleEndian ? i : width - 1 - i] = Number((x >> BigInt(8 * i)) & 0xffn);
  return b;
}

export function encodeFloat(x: number, width: number, littleEndian: boolean): Buffer {
  const b = Buffer.alloc(width);
  if (width === 4) littleEndian ? b.writeFloatLE(x) : b.writeFloatBE(x);
  else littleEndian ? b.writeDoubleLE(x) : b.writeDoubleBE(x);
  return b;
}
