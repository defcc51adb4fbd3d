/**
 * HDF5 stamps every version-2 object header with access/modification/change/birth times
 * (h5wasm cannot turn that off), so two writes of the same data differ in bytes. This
 * zeroes those times in a written file and recomputes each header's checksum, making
 * NetCDF-4 outputs byte-reproducible like the GeoTIFFs. A candidate header is patched only
 * when its stored checksum verifies first, so bytes inside data that happen to read "OHDR"
 * are never touched.
 */
import { open } from 'node:fs/promises';

const SIGNATURE = Buffer.from('OHDR', 'latin1');
const TIMES_STORED = 0x20;
const PHASE_CHANGE_STORED = 0x10;

/** Zeroes the object times of every version-2 object header in `path`; returns how many were patched. */
export async function zeroObjectTimes(path: string): Promise<number> {
  const file = await open(path, 'r+');
  try {
    const buf = await file.readFile();
    const patched = zeroObjectTimesInBuffer(buf);
    if (patched > 0) await file.write(buf, 0, buf.length, 0);
    return patched;
  } finally {
    await file.close();
  }
}

export function zeroObjectTimesInBuffer(buf: Buffer): number {
  let patched = 0;
  for (let at = buf.indexOf(SIGNATURE); at >= 0; at = buf.indexOf(SIGNATURE, at + 1)) {
    const end = headerEnd(buf, at);
    if (end === null || (buf[at + 5] & TIMES_STORED) === 0) continue;
    if (lookup3(buf, at, end) !== buf.readUInt32LE(end)) continue;
    buf.fill(0, at + 6, at + 22);
    buf.writeUInt32LE(lookup3(buf, at, end), end);
    patched++;
  }
  return patched;
}

/** Offset of the checksum of the version-2 object header at `at` (it covers at … end−1), or null. */
function headerEnd(buf: Buffer, at: number): number | null {
  if (at + 7 > buf.length || buf[at + 4] !== 2) return null;
  const flags = buf[at + 5];
  let p = at + 6 + (flags & TIMES_STORED ? 16 : 0) + (flags & PHASE_CHANGE_STORED ? 4 : 0);
  const sizeBytes = 1 << (flags & 3);
  if (p + sizeBytes > buf.length) return null;
  let size = 0;
  for (let i = sizeBytes - 1; i >= 0; i--) size = size * 256 + buf[p + i];
  p += sizeBytes;
  const end = p + size;
  return end + 4 <= buf.length ? end : null;
}

const rot = (x: number, k: number) => ((x << k) | (x >>> (32 - k))) >>> 0;

/** Bob Jenkins' lookup3 hashlittle with initval 0: HDF5's metadata checksum (H5_checksum_lookup3). */
export function lookup3(buf: Uint8Array, from: number, to: number): number {
  let length = to - from;
  let a = (0xdeadbeef + length) >>> 0;
  let b = a;
  let c = a;
  let k = from;
  const word = (i: number) => (buf[i] | (buf[i + 1] << 8) | (buf[i + 2] << 16) | (buf[i + 3] << 24)) >>> 0;
  while (length > 12) {
    a = (a + word(k)) >>> 0;
    b = (b + word(k + 4)) >>> 0;
    c = (c + word(k + 8)) >>> 0;
    a = (a - c) >>> 0;
    a = (a ^ rot(c, 4)) >>> 0;
    c = (c + b) >>> 0;
    b = (b - a) >>> 0;
    b = (b ^ rot(a, 6)) >>> 0;
    a = (a + c) >>> 0;
    c = (c - b) >>> 0;
    c = (c ^ rot(b, 8)) >>> 0;
    b = (b + a) >>> 0;
    a = (a - c) >>> 0;
    a = (a ^ rot(c, 16)) >>> 0;
    c = (c + b) >>> 0;
    b = (b - a) >>> 0;
    b = (b ^ rot(a, 19)) >>> 0;
    a = (a + c) >>> 0;
    c = (c - b) >>> 0;
    c = (c ^ rot(b, 4)) >>> 0;
    b = (b + a) >>> 0;
    length -= 12;
    k += 12;
  }
  if (length === 0) return c;
  // the last 1…12 bytes, little-endian into a, b, c
  const tail = [0, 0, 0];
  for (let i = 0; i < length; i++) tail[i >> 2] = (tail[i >> 2] + (buf[k + i] << (8 * (i & 3)))) >>> 0;
  a = (a + tail[0]) >>> 0;
  b = (b + tail[1]) >>> 0;
  c = (c + tail[2]) >>> 0;
  c = (c ^ b) >>> 0;
  c = (c - rot(b, 14)) >>> 0;
  a = (a ^ c) >>> 0;
  a = (a - rot(c, 11)) >>> 0;
  b = (b ^ a) >>> 0;
  b = (b - rot(a, 25)) >>> 0;
  c = (c ^ b) >>> 0;
  c = (c - rot(b, 16)) >>> 0;
  a = (a ^ c) >>> 0;
  a = (a - rot(c, 4)) >>> 0;
  b = (b ^ a) >>> 0;
  b = (b - rot(a, 14)) >>> 0;
  c = (c ^ b) >>> 0;
  c = (c - rot(b, 24)) >>> 0;
  return c;
}
