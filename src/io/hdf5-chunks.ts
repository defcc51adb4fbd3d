/**
 * Deflated HDF5 / NetCDF-4 variables read without the HDF5 library: the chunk index is
 * followed in the file, each chunk the hyperslab touches is inflated with Node's native
 * zlib (a global ESA CCI chunk: ≈ 9 ms, against ≈ 40 ms in h5wasm's wasm zlib) and only
 * the hyperslab's elements are copied out of it, unshuffling them on the way.
 *
 * Only what is understood is read this way: 8-byte addresses at base 0, a version 2
 * object header, a version 3 chunked layout (version 1 B-tree), the shuffle and deflate
 * filters, little-endian numbers, every touched chunk present. Otherwise `chunkIndex`
 * returns why not, or reading throws ChunkPathError (a missing or truncated chunk): the
 * caller then reads through h5wasm, which gives the same values, or the same error, as it
 * always did.
 */
import { readSync } from 'node:fs';
import { endianness } from 'node:os';
import { inflateSync } from 'node:zlib';
import type { NumericType } from './data-file.js';

/** What h5wasm says of the variable (hdf5-worker.ts, op `layout`). */
export interface StoredVariable {
  /** File address of the object header (the object reference). */
  address: number;
  shape: readonly number[];
  type: NumericType | 'other';
  /** Bytes per element as stored. */
  size: number;
  littleEndian: boolean;
  /** Filter pipeline in write order. */
  filters: readonly { id: number; cd_values: readonly number[] }[];
}

interface Chunk {
  /** First element of the chunk in each dimension. */
  offset: number[];
  address: number;
  bytes: number;
  /** Bit i set: filter i was skipped for this chunk. */
  filterMask: number;
}

export interface ChunkIndex {
  chunkDims: number[];
  elementSize: number;
  chunks: Chunk[];
  shuffle: number;
  deflate: number;
}

/** Not a bug: the fast path cannot read this; the caller reads through h5wasm. */
export class ChunkPathError extends Error {}

/**
 * A stored chunk that does not inflate to its size (zlib's checksum fails): the file is
 * corrupt. h5wasm would return whatever its buffer held, so this is an error, not a fallback.
 */
export class CorruptChunkError extends Error {}

const FILTER_DEFLATE = 1;
const FILTER_SHUFFLE = 2;
const MSG_LAYOUT = 0x08;
const MSG_CONTINUATION = 0x10;
/** Guards against a corrupt index that loops or claims absurd sizes. */
const MAX_CHUNKS = 1 << 20;
const MAX_HEADER_BYTES = 1 << 20;

const ARRAYS: Partial<Record<NumericType, { new (n: number): ArrayBufferView & ArrayLike<number> }>> = {
  int8: Int8Array,
  uint8: Uint8Array,
  int16: Int16Array,
  uint16: Uint16Array,
  int32: Int32Array,
  uint32: Uint32Array,
  float32: Float32Array,
  float64: Float64Array,
};

function readAt(fd: number, address: number, length: number): Buffer {
  const buf = Buffer.alloc(length);
  const got = readSync(fd, buf, 0, length, address);
  if (got !== length) throw new ChunkPathError(`${length} bytes at ${address} run past the end of the file`);
  return buf;
}

/** Little-endian unsigned integer of `n` ≤ 8 bytes; exact below 2^53. */
function uint(buf: Buffer, at: number, n: number): number {
  if (at + n > buf.length) throw new ChunkPathError('object header ends early');
  let v = 0;
  for (let i = n - 1; i >= 0; i--) v = v * 256 + buf[at + i];
  return v;
}

/**
 * Where the chunks of `v` lie, or a sentence saying why the native path cannot read it.
 * Reads only the superblock, the object header and the chunk B-tree.
 */
export function chunkIndex(fd: number, v: StoredVariable): ChunkIndex | string {
  if (endianness() !== 'LE') return 'this machine is big-endian';
  if (!v.littleEndian) return 'its numbers are stored big-endian';
  const Typed = v.type === 'other' ? undefined : ARRAYS[v.type];
  if (!Typed || new Typed(1).byteLength !== v.size) return `its type (${v.type}) is not one the native path decodes`;
  const unknown = v.filters.find((f) => f.id !== FILTER_DEFLATE && f.id !== FILTER_SHUFFLE);
  if (unknown) return `it uses HDF5 filter ${unknown.id}, which only the HDF5 library applies`;
  if (v.filters.length > 2 || v.filters.filter((f) => f.id === FILTER_DEFLATE).length > 1) return 'its filter pipeline repeats a filter';
  const shuffle = v.filters.findIndex((f) => f.id === FILTER_SHUFFLE);
  if (shuffle >= 0 && v.filters[shuffle].cd_values[0] !== v.size) return 'its shuffle filter is for another element size';
  try {
    const sb = readAt(fd, 0, 20);
    if (sb.toString('latin1', 0, 8) !== '\x89HDF\r\n\x1a\n') return 'it has a user block before the HDF5 superblock';
    const version = sb[8];
    const [offsets, lengths] = version >= 2 ? [sb[9], sb[10]] : [sb[13], sb[14]];
    if (offsets !== 8 || lengths !== 8) return `it uses ${offsets}-byte addresses`;
    if (version >= 2 && uint(sb, 12, 8) !== 0) return 'its base address is not 0';
    const layout = layoutMessage(fd, v.address);
    if (typeof layout === 'string') return layout;
    if (layout[0] !== 3 || layout[1] !== 2)
      return `its storage layout (version ${layout[0]}, class ${layout[1]}) is not a version-3 chunked one`;
    const dimensionality = layout[2];
    if (dimensionality !== v.shape.length + 1) return 'its chunk rank differs from its shape';
    const btree = uint(layout, 3, 8);
    const chunkDims = Array.from({ length: v.shape.length }, (_, i) => uint(layout, 11 + 4 * i, 4));
    const elementSize = uint(layout, 11 + 4 * v.shape.length, 4);
    if (elementSize !== v.size || chunkDims.some((d) => d < 1)) return 'its chunk dimensions do not fit its type';
    const chunks: Chunk[] = [];
    collectChunks(fd, btree, dimensionality, chunks, 0);
    return {
      chunkDims,
      elementSize,
      chunks,
      shuffle,
      deflate: v.filters.findIndex((f) => f.id === FILTER_DEFLATE),
    };
  } catch (err) {
    if (err instanceof ChunkPathError) return `its chunk index cannot be followed (${err.message})`;
    throw err;
  }
}

/** The data layout message of the version 2 object header at `address`, following continuations. */
function layoutMessage(fd: number, address: number): Buffer | string {
  const head = readAt(fd, address, 32);
  if (head.toString('latin1', 0, 4) !== 'OHDR') return 'its object header is not version 2';
  const flags = head[5];
  let at = 6 + (flags & 0x20 ? 16 : 0) + (flags & 0x10 ? 4 : 0);
  const sizeBytes = 1 << (flags & 3);
  const size = uint(head, at, sizeBytes);
  at += sizeBytes;
  const blocks: { start: number; bytes: number; skip: number }[] = [{ start: address, bytes: at + size, skip: at }];
  for (let b = 0; b < blocks.length; b++) {
    const { start, bytes, skip } = blocks[b];
    if (bytes > MAX_HEADER_BYTES || blocks.length > 64) throw new ChunkPathError('object header too large');
    const buf = readAt(fd, start, bytes);
    for (let p = skip; p + 4 <= bytes; ) {
      const type = buf[p];
      const length = uint(buf, p + 1, 2);
      p += 4 + (flags & 0x04 ? 2 : 0);
      if (p + length > bytes) break; // the gap before the checksum
      if (type === MSG_LAYOUT) return buf.subarray(p, p + length);
      if (type === MSG_CONTINUATION) {
        const next = uint(buf, p, 8);
        const nextBytes = uint(buf, p + 8, 8);
        const sig = readAt(fd, next, 4).toString('latin1');
        if (sig !== 'OCHK') throw new ChunkPathError('a continuation block has no OCHK signature');
        // the block's messages run from after its signature to before its checksum
        blocks.push({ start: next, bytes: nextBytes - 4, skip: 4 });
      }
      p += length;
    }
  }
  return 'its object header has no layout message';
}

/** Leaves of the version 1 B-tree of raw-data chunks at `address`. */
function collectChunks(fd: number, address: number, dimensionality: number, out: Chunk[], depth: number): void {
  if (depth > 32) throw new ChunkPathError('the chunk B-tree is deeper than any real file');
  const head = readAt(fd, address, 24);
  if (head.toString('latin1', 0, 4) !== 'TREE' || head[4] !== 1)
    throw new ChunkPathError('no raw-data B-tree node where the layout points');
  const level = head[5];
  const entries = uint(head, 6, 2);
  const keyBytes = 8 + 8 * dimensionality;
  const body = readAt(fd, address + 24, entries * (keyBytes + 8) + keyBytes);
  for (let i = 0; i < entries; i++) {
    const key = i * (keyBytes + 8);
    const child = uint(body, key + keyBytes, 8);
    if (level > 0) {
      collectChunks(fd, child, dimensionality, out, depth + 1);
      continue;
    }
    if (out.length >= MAX_CHUNKS) throw new ChunkPathError('too many chunks');
    out.push({
      bytes: uint(body, key, 4),
      filterMask: uint(body, key + 4, 4),
      offset: Array.from({ length: dimensionality - 1 }, (_, d) => uint(body, key + 8 + 8 * d, 8)),
      address: child,
    });
  }
}

/**
 * The hyperslab [start, start + count) of `v` as h5wasm returns it (a typed array of the
 * stored type, C order), inflating only the chunks it touches.
 * @throws ChunkPathError when a touched chunk is missing or runs past the end of the file;
 *   CorruptChunkError when one does not inflate to its size.
 */
export function readChunked(
  fd: number,
  v: StoredVariable,
  index: ChunkIndex,
  start: readonly number[],
  count: readonly number[],
): ArrayLike<number> {
  const rank = start.length;
  const Typed = ARRAYS[v.type as NumericType]!;
  const total = count.reduce((a, b) => a * b, 1);
  const out = new Typed(total);
  if (total === 0) return out;
  const outBytes = new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  const s = index.elementSize;
  const dims = index.chunkDims;
  const chunkElements = dims.reduce((a, b) => a * b, 1);
  const end = start.map((x, i) => x + count[i]);
  // The chunks the hyperslab touches, each found once by its offset.
  const byOffset = new Map(index.chunks.map((c) => [c.offset.join(','), c]));
  const first = start.map((x, i) => Math.floor(x / dims[i]));
  const last = end.map((x, i) => Math.floor((x - 1) / dims[i]));
  const at = first.slice();
  for (;;) {
    const offset = at.map((c, i) => c * dims[i]);
    const chunk = byOffset.get(offset.join(','));
    if (!chunk) throw new ChunkPathError(`no stored chunk at [${offset}] (a fill-value chunk)`);
    const data = inflateChunk(fd, chunk, index, chunkElements * s);
    const shuffled = index.shuffle >= 0 && (chunk.filterMask & (1 << index.shuffle)) === 0;
    copyOverlap(data, shuffled, chunkElements, s, dims, offset, start, count, outBytes);
    let d = rank - 1;
    for (; d >= 0 && at[d] === last[d]; d--) at[d] = first[d];
    if (d < 0) break;
    at[d]++;
  }
  return out;
}

function inflateChunk(fd: number, chunk: Chunk, index: ChunkIndex, bytes: number): Buffer {
  const stored = readAt(fd, chunk.address, chunk.bytes);
  const deflated = index.deflate >= 0 && (chunk.filterMask & (1 << index.deflate)) === 0;
  let data: Buffer;
  try {
    data = deflated ? inflateSync(stored) : stored;
  } catch (err) {
    throw new CorruptChunkError(`the chunk at byte ${chunk.address} does not inflate (${(err as Error).message})`);
  }
  if (data.length !== bytes) throw new CorruptChunkError(`the chunk at ${chunk.address} holds ${data.length} bytes, not ${bytes}`);
  return data;
}

/** Copies the part of one chunk (at `offset`) inside the hyperslab into `out`, run by run along the last dimension. */
function copyOverlap(
  data: Buffer,
  shuffled: boolean,
  chunkElements: number,
  s: number,
  dims: readonly number[],
  offset: readonly number[],
  start: readonly number[],
  count: readonly number[],
  out: Uint8Array,
): void {
  const rank = dims.length;
  const lo = offset.map((o, i) => Math.max(o, start[i]));
  const hi = offset.map((o, i) => Math.min(o + dims[i], start[i] + count[i]));
  const run = hi[rank - 1] - lo[rank - 1];
  const idx = lo.slice();
  for (;;) {
    let inChunk = 0;
    let inOut = 0;
    for (let i = 0; i < rank; i++) {
      inChunk = inChunk * dims[i] + (idx[i] - offset[i]);
      inOut = inOut * count[i] + (idx[i] - start[i]);
    }
    if (!shuffled) out.set(data.subarray(inChunk * s, (inChunk + run) * s), inOut * s);
    else
      for (let b = 0; b < s; b++) {
        const plane = b * chunkElements + inChunk;
        for (let j = 0; j < run; j++) out[(inOut + j) * s + b] = data[plane + j];
      }
    let d = rank - 2;
    for (; d >= 0 && ++idx[d] === hi[d]; d--) idx[d] = lo[d];
    if (d < 0) break;
  }
}
