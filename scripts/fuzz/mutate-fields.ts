/**
 * Structure-aware mutations: TIFF directory entries (sizes, tile sizes, offsets, types)
 * and the landmarks of NetCDF/HDF5 files (dimension sizes, attribute values, dates, units),
 * each patched in place with a hostile value of the same width.
 */
import type { Rng } from '../../core/rng.js';
import { encodeFloat, encodeInt, type Landmark } from './landmarks.js';
import { int, pick } from './mutate-bytes.js';
import type { TiffEntry } from './tiff-entries.js';

/** Boundary integers: zero, sign bits, all ones, just past 2^31 / 2^32. */
const HOSTILE_INTS: readonly bigint[] = [
  0n,
  1n,
  0x7fn,
  0xffn,
  0x7fffn,
  0xffffn,
  0x7fffffffn,
  0x80000000n,
  0xffffffffn,
  0x100000000n,
  0x7fffffffffffffffn,
  -1n,
  -2n,
];
const HOSTILE_FLOATS = [NaN, Infinity, -Infinity, 0, -1, 1e38, -1e38, 5e-324];
const BAD_DATES = ['2013-02-30', '2013-13-01', '0000-00-00', '9999-99-99', '-001-01-01', '2013/01/01', '          '];

/** The tags the readers trust for sizes and offsets, hit more often than the rest. */
const SIZE_TAGS = new Set([256, 257, 258, 259, 273, 277, 278, 279, 284, 317, 322, 323, 324, 325, 339, 33550, 33922, 34735, 42112, 42113]);

function hostileInt(rng: Rng, old: bigint): bigint {
  const scaled = [old + 1n, old - 1n, old * 2n, old * 1000n, -old, old << 20n];
  return rng.next() < 0.7 ? pick(rng, HOSTILE_INTS) : pick(rng, scaled);
}

export function patchTiffEntry(rng: Rng, bytes: Buffer, entries: readonly TiffEntry[], littleEndian: boolean): string {
  const sized = entries.filter((e) => SIZE_TAGS.has(e.tag));
  const e = pick(rng, sized.length > 0 && rng.next() < 0.8 ? sized : entries);
  const field = pick(rng, ['type', 'count', 'value', 'value', 'value'] as const);
  if (field === 'type') {
    const type = int(rng, 20);
    encodeInt(type, 2, littleEndian).copy(bytes, e.at + 2);
    return `tag ${e.tag}: type → ${type}`;
  }
  const at = e.at + (field === 'count' ? 4 : 8);
  const old = BigInt(littleEndian ? bytes.readUInt32LE(at) : bytes.readUInt32BE(at));
  const value = hostileInt(rng, old);
  encodeInt(value, 4, littleEndian).copy(bytes, at);
  return `tag ${e.tag}: ${field} ${old} → ${BigInt.asUintN(32, value)}`;
}

export function patchLandmark(rng: Rng, bytes: Buffer, landmarks: readonly Landmark[]): string {
  const l = pick(rng, landmarks);
  const at = pick(rng, l.at);
  if (l.kind === 'text') {
    const old = bytes.toString('latin1', at, at + l.width);
    const text = /^\d{4}-/.test(old) ? pick(rng, BAD_DATES) : garble(rng, old);
    bytes.write(text.padEnd(l.width).slice(0, l.width), at, 'latin1');
    return `text "${old}" at ${at} → "${text}"`;
  }
  if (l.kind === 'float') {
    const x = pick(rng, HOSTILE_FLOATS);
    encodeFloat(x, l.width, l.littleEndian).copy(bytes, at);
    return `float${l.width * 8} at ${at} → ${x}`;
  }
  const old = BigInt.asUintN(l.width * 8, readInt(bytes, at, l.width, l.littleEndian));
  const value = hostileInt(rng, old);
  encodeInt(value, l.width, l.littleEndian).copy(bytes, at);
  return `int${l.width * 8} at ${at}: ${old} → ${BigInt.asUintN(l.width * 8, value)}`;
}

function readInt(bytes: Buffer, at: number, width: number, littleEndian: boolean): bigint {
  let x = 0n;
  for (let i = 0; i < width; i++) x |= BigInt(bytes[littleEndian ? at + i : at + width - 1 - i]) << BigInt(8 * i);
  return x;
}

function garble(rng: Rng, s: string): string {
  return pick(rng, ['', 'X'.repeat(s.length), s.toUpperCase(), s.split('').reverse().join(''), '\0'.repeat(s.length), '%s%n%x']);
}
