/**
 * The bytes of one data element, through its special-element header where it has one:
 * linked blocks, DEFLATE-compressed elements (whose compressed bytes may themselves be
 * linked blocks), and the header of a chunked element (its chunks are elements too).
 * Anything else is refused naming the compression or special kind.
 */
import { inflateSync } from 'node:zlib';
import { InputError } from '../../../core/errors.js';
import type { Descriptor } from './descriptors.js';
import { Cursor, type FileSource } from './source.js';
import { COMP_CODE, COMP_NAMES, SPECIAL, SPECIAL_NAMES, TAG, tagKey } from './tags.js';

export interface ChunkedLayout {
  readonly dims: readonly number[];
  readonly chunk: readonly number[];
  /** The Vdata (tag, ref) of the chunk table. */
  readonly tableTag: number;
  readonly tableRef: number;
}

/** Largest element smfuse inflates in one piece (a MODIS 2400×2400 int16 layer is 11.5 MB). */
export const MAX_ELEMENT_BYTES = 2 ** 31 - 1;
/** Linked-block chains longer than this are corrupt. */
const MAX_LINKED_BLOCKS = 1_000_000;

export class Elements {
  constructor(
    private readonly src: FileSource,
    private readonly dds: ReadonlyMap<number, Descriptor>,
  ) {}

  get path(): string {
    return this.src.path;
  }

  find(tag: number, ref: number): Descriptor | undefined {
    return this.dds.get(tagKey(tag, ref));
  }

  get(tag: number, ref: number, what: string): Descriptor {
    const dd = this.find(tag, ref);
    if (!dd) throw new InputError(this.path, `${what}: no element with tag ${tag} ref ${ref}`);
    return dd;
  }

  /** The special kind of an element (0 = plain). */
  specialKind(dd: Descriptor): number {
    if (!dd.special) return 0;
    return new Cursor(this.src.read(dd.offset, 2, 'special element header'), this.path, 'special element header').u16();
  }

  /** The element's whole (uncompressed) content. `expected`, when known, bounds its size. */
  bytes(dd: Descriptor, what: string, expected?: number): Buffer {
    if (!dd.special) return this.src.read(dd.offset, dd.length, what);
    const kind = this.specialKind(dd);
    if (kind === SPECIAL.LINKED) return this.linked(dd, what);
    if (kind === SPECIAL.COMP) return this.compressed(dd, what, expected);
    if (kind === SPECIAL.CHUNKED) throw new InputError(this.path, `${what}: a chunked element read as a whole (internal layout error)`);
    throw new InputError(
      this.path,
      `${what}: ${SPECIAL_NAMES[kind] ?? `special element kind ${kind}`} storage is not supported (smfuse reads plain, linked-block, DEFLATE-compressed and chunked HDF4 data)`,
    );
  }

  /** The header of a chunked element, or null when the element is not chunked. */
  chunked(dd: Descriptor, what: string): ChunkedLayout | null {
    if (this.specialKind(dd) !== SPECIAL.CHUNKED) return null;
    const c = new Cursor(this.src.read(dd.offset, Math.min(dd.length, this.src.size - dd.offset), what), this.path, `${what} chunk header`);
    c.skip(2); // special kind
    c.skip(4); // header length
    c.skip(1); // version
    c.skip(4); // flag (compressed chunks say so in their own headers)
    c.skip(4 + 4 + 4); // element total length, chunk size, number-type size
    const tableTag = c.u16();
    const tableRef = c.u16();
    c.skip(4); // sp_tag, sp_ref
    const ndims = c.i32();
    if (ndims < 1 || ndims > 32) throw new InputError(this.path, `${what}: chunked element with ${ndims} dimensions`);
    const dims: number[] = [];
    const chunk: number[] = [];
    for (let i = 0; i < ndims; i++) {
      c.skip(4); // dimension flag
      dims.push(c.u32());
      chunk.push(c.u32());
      if (chunk[i] < 1) throw new InputError(this.path, `${what}: chunk length ${chunk[i]} along dimension ${i}`);
    }
    return { dims, chunk, tableTag, tableRef };
  }

  private linked(dd: Descriptor, what: string): Buffer {
    const c = new Cursor(this.src.read(dd.offset, 16, what), this.path, `${what} linked-block header`);
    // HDF4 hblocks.c: total length, block length, blocks per link table, first table's ref;
    // each block's own DD gives its size (the first one is the element's original data)
    c.skip(2);
    const length = c.u32();
    c.skip(4);
    const numBlocks = c.u32();
    let linkRef = c.u16();
    if (length > MAX_ELEMENT_BYTES || length > this.src.size) {
      throw new InputError(this.path, `${what}: linked element of ${length} bytes in a ${this.src.size}-byte file`);
    }
    const out = Buffer.alloc(length);
    let done = 0;
    let blocks = 0;
    const seen = new Set<number>();
    while (linkRef !== 0 && done < length) {
      if (seen.has(linkRef)) throw new InputError(this.path, `${what}: linked-block table loops`);
      seen.add(linkRef);
      const table = new Cursor(
        this.bytes(this.get(TAG.LINKED, linkRef, `${what} link table`), `${what} link table`),
        this.path,
        `${what} link table`,
      );
      linkRef = table.u16();
      for (let i = 0; i < numBlocks && done < length; i++) {
        const ref = table.u16();
        if (ref === 0) break;
        if (++blocks > MAX_LINKED_BLOCKS) throw new InputError(this.path, `${what}: too many linked blocks`);
        const block = this.get(TAG.LINKED, ref, `${what} data block`);
        const want = Math.min(block.length, length - done);
        this.src.read(block.offset, want, `${what} data block`).copy(out, done);
        done += want;
      }
    }
    if (done < length) throw new InputError(this.path, `${what}: linked blocks hold ${done} of ${length} bytes`);
    return out;
  }

  private compressed(dd: Descriptor, what: string, expected?: number): Buffer {
    const c = new Cursor(
      this.src.read(dd.offset, Math.min(dd.length, this.src.size - dd.offset), what),
      this.path,
      `${what} compression header`,
    );
    c.skip(2); // special kind
    c.skip(2); // version
    const length = c.u32();
    const dataRef = c.u16();
    c.skip(2); // model
    const code = c.u16();
    if (code !== COMP_CODE.DEFLATE && code !== COMP_CODE.NONE) {
      throw new InputError(
        this.path,
        `${what}: ${COMP_NAMES[code] ?? `compression code ${code}`} compression is not supported (smfuse reads uncompressed and DEFLATE HDF4 data; convert with "hrepack -t '*:GZIP 6'" or gdal_translate)`,
      );
    }
    if (expected !== undefined && length !== expected)
      throw new InputError(this.path, `${what}: compressed element says ${length} bytes, expected ${expected}`);
    if (length > MAX_ELEMENT_BYTES) throw new InputError(this.path, `${what}: compressed element of ${length} bytes`);
    const stored = this.bytes(this.get(TAG.COMPRESSED, dataRef, `${what} compressed data`), `${what} compressed data`);
    if (code === COMP_CODE.NONE) return fit(stored, length);
    let raw: Buffer;
    try {
      raw = inflateSync(stored, { maxOutputLength: Math.max(length, 1) });
    } catch (err) {
      throw new InputError(this.path, `${what}: DEFLATE data is corrupt (${(err as Error).message})`);
    }
    if (raw.length !== length) throw new InputError(this.path, `${what}: DEFLATE data gave ${raw.length} bytes, header says ${length}`);
    return raw;
  }
}

function fit(b: Buffer, length: number): Buffer {
  if (b.length >= length) return b.subarray(0, length);
  const out = Buffer.alloc(length);
  b.copy(out);
  return out;
}
