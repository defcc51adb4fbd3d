/**
 * The file signature and the chain of data-descriptor (DD) blocks: every object of an HDF4
 * file is a (tag, ref) pair pointing at `length` bytes from `offset`.
 */
import { InputError } from '../../../core/errors.js';
import { Cursor, type FileSource } from './source.js';
import { SPECIAL_BIT, TAG, TAG_MASK, tagKey } from './tags.js';

export const HDF4_SIGNATURE = Buffer.from([0x0e, 0x03, 0x13, 0x01]);

export interface Descriptor {
  /** Tag without the special bit. */
  readonly tag: number;
  readonly ref: number;
  /** The element starts with a special-element header (linked, compressed, chunked…). */
  readonly special: boolean;
  readonly offset: number;
  readonly length: number;
}

/** More DDs than this is no real file (MODIS granules have a few hundred). */
const MAX_DESCRIPTORS = 1_000_000;
const DD_BYTES = 12;
const NO_DATA = 0xffffffff;

export function readDescriptors(src: FileSource): Map<number, Descriptor> {
  if (!src.read(0, 4, 'signature').equals(HDF4_SIGNATURE)) throw new InputError(src.path, 'not an HDF4 file (no 0e 03 13 01 signature)');
  const dds = new Map<number, Descriptor>();
  const visited = new Set<number>();
  let count = 0;
  for (let block = 4; block !== 0; ) {
    if (visited.has(block)) throw new InputError(src.path, `DD block list loops back to offset ${block}`);
    visited.add(block);
    const head = new Cursor(src.read(block, 6, 'DD block header'), src.path, 'DD block header');
    const n = head.u16();
    const next = head.u32();
    count += n;
    if (count > MAX_DESCRIPTORS) throw new InputError(src.path, `over ${MAX_DESCRIPTORS} data descriptors: corrupt DD list`);
    const c = new Cursor(src.read(block + 6, n * DD_BYTES, 'DD block'), src.path, 'DD block');
    for (let i = 0; i < n; i++) {
      const rawTag = c.u16();
      const ref = c.u16();
      const offset = c.u32();
      const length = c.u32();
      const tag = rawTag & TAG_MASK;
      // offset/length 0xffffffff: an element created without data (an empty Vdata)
      if (tag === TAG.NULL || rawTag === 0 || offset === NO_DATA) continue;
      dds.set(tagKey(tag, ref), { tag, ref, special: (rawTag & SPECIAL_BIT) !== 0, offset, length });
    }
    block = next;
  }
  return dds;
}
