/**
 * Copies the part of a stored block (a whole dataset or one chunk) that falls in a
 * hyperslab into the hyperslab's output array, decoding each value from its bytes.
 */
import type { NumberType, TypedArray } from './number-type.js';

export interface Box {
  readonly start: readonly number[];
  readonly count: readonly number[];
}

/** `src` holds the C-order block `block` of the dataset; `out` is the C-order hyperslab `slab`. */
export function copyBlock(src: Uint8Array, block: Box, t: NumberType, out: TypedArray, slab: Box): void {
  const rank = slab.start.length;
  const lo: number[] = [];
  const hi: number[] = [];
  for (let d = 0; d < rank; d++) {
    lo.push(Math.max(block.start[d], slab.start[d]));
    hi.push(Math.min(block.start[d] + block.count[d], slab.start[d] + slab.count[d]));
    if (hi[d] <= lo[d]) return;
  }
  const view = new DataView(src.buffer, src.byteOffset, src.byteLength);
  const read = reader(view, t);
  const run = hi[rank - 1] - lo[rank - 1];
  const idx = lo.slice(0, rank - 1);
  for (;;) {
    let s = 0;
    let o = 0;
    for (let d = 0; d < rank - 1; d++) {
      s = s * block.count[d] + (idx[d] - block.start[d]);
      o = o * slab.count[d] + (idx[d] - slab.start[d]);
    }
    s = s * block.count[rank - 1] + (lo[rank - 1] - block.start[rank - 1]);
    o = o * slab.count[rank - 1] + (lo[rank - 1] - slab.start[rank - 1]);
    for (let i = 0; i < run; i++) out[o + i] = read((s + i) * t.size);
    let d = rank - 2;
    for (; d >= 0; d--) {
      if (++idx[d] < hi[d]) break;
      idx[d] = lo[d];
    }
    if (d < 0) return;
  }
}

function reader(v: DataView, t: NumberType): (at: number) => number {
  const le = t.littleEndian;
  switch (t.type) {
    case 'int8':
      return (at) => v.getInt8(at);
    case 'uint8':
    case 'char':
      return (at) => v.getUint8(at);
    case 'int16':
      return (at) => v.getInt16(at, le);
    case 'uint16':
      return (at) => v.getUint16(at, le);
    case 'int32':
      return (at) => v.getInt32(at, le);
    case 'uint32':
      return (at) => v.getUint32(at, le);
    case 'float32':
      return (at) => v.getFloat32(at, le);
    case 'float64':
      return (at) => v.getFloat64(at, le);
    case 'int64':
      return (at) => Number(v.getBigInt64(at, le));
    case 'uint64':
      return (at) => Number(v.getBigUint64(at, le));
  }
}
