/**
 * Where an HDF4 file keeps the numbers its reader trusts: each data descriptor's tag, ref,
 * offset and length (big-endian, in the DD blocks), so mutations hit the structure rather
 * than compressed bytes.
 */
import type { Landmark } from './landmarks.js';

const MAX_HITS = 64;

export function hdf4Landmarks(bytes: Buffer): Landmark[] {
  const fields: Record<'tag' | 'ref' | 'offset' | 'length' | 'block', number[]> = { tag: [], ref: [], offset: [], length: [], block: [] };
  const seen = new Set<number>();
  for (let block = 4; block !== 0 && block + 6 <= bytes.length && !seen.has(block); ) {
    seen.add(block);
    fields.block.push(block, block + 2);
    const n = bytes.readUInt16BE(block);
    for (let i = 0; i < n && block + 6 + 12 * (i + 1) <= bytes.length; i++) {
      const at = block + 6 + 12 * i;
      if (bytes.readUInt16BE(at) === 1) continue; // DFTAG_NULL
      fields.tag.push(at);
      fields.ref.push(at + 2);
      fields.offset.push(at + 4);
      fields.length.push(at + 8);
    }
    block = bytes.readUInt32BE(block + 2);
  }
  const spread = (at: number[]) => at.filter((_, i) => i % Math.max(1, Math.ceil(at.length / MAX_HITS)) === 0);
  return [
    { kind: 'int', width: 2, littleEndian: false, at: spread(fields.tag) },
    { kind: 'int', width: 2, littleEndian: false, at: spread(fields.ref) },
    { kind: 'int', width: 4, littleEndian: false, at: spread(fields.offset) },
    { kind: 'int', width: 4, littleEndian: false, at: spread(fields.length) },
    { kind: 'int', width: 2, littleEndian: false, at: fields.block.filter((_, i) => i % 2 === 0) },
    { kind: 'int', width: 4, littleEndian: false, at: fields.block.filter((_, i) => i % 2 === 1) },
  ].filter((l): l is Landmark => l.at.length > 0);
}
