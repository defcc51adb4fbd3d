/**
 * The one file inside a small zip archive (an SRTM `.hgt.zip`), read with node's zlib:
 * the end-of-central-directory record, its central directory entries, then the entry's
 * local header and data, stored (method 0) or DEFLATE (method 8), checked by CRC-32.
 */
import { readFile } from 'node:fs/promises';
import { inflateRawSync } from 'node:zlib';
import { InputError } from '../../core/errors.js';

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
/** The end record is 22 bytes plus a comment of at most 65 535. */
const END_SEARCH = 22 + 0xffff;

export interface ZipEntry {
  readonly name: string;
  readonly data: Buffer;
}

/** The entries of `path` that `wanted` accepts by name; it must be exactly one. */
export async function readOnlyZipEntry(path: string, wanted: (name: string) => boolean, what: string): Promise<ZipEntry> {
  const zip = await readFile(path);
  const entries = centralDirectory(path, zip);
  const matching = entries.filter((e) => wanted(e.name));
  if (matching.length !== 1) {
    throw new InputError(
      path,
      `holds ${matching.length === 0 ? 'no' : matching.length} ${what} (entries: ${entries.map((e) => e.name).join(', ') || 'none'}); expected exactly one`,
    );
  }
  return { name: matching[0].name, data: entryData(path, zip, matching[0]) };
}

interface CentralEntry {
  name: string;
  method: number;
  flags: number;
  crc: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

function centralDirectory(path: string, zip: Buffer): CentralEntry[] {
  let end = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - END_SEARCH); i--) {
    if (zip.readUInt32LE(i) === END_OF_CENTRAL_DIRECTORY) {
      end = i;
      break;
    }
  }
  if (end < 0) throw new InputError(path, 'not a complete zip archive (no end-of-central-directory record; truncated download?)');
  const count = zip.readUInt16LE(end + 10);
  const dirSize = zip.readUInt32LE(end + 12);
  const dirOffset = zip.readUInt32LE(end + 16);
  if (count === 0xffff || dirOffset === 0xffffffff)
    throw new InputError(path, 'is a ZIP64 archive, which smfuse does not read; unzip it first');
  if (dirOffset + dirSize > end)
    throw new InputError(path, `corrupt zip: central directory (${dirSize} bytes at ${dirOffset}) runs past its end record`);
  const entries: CentralEntry[] = [];
  let p = dirOffset;
  for (let k = 0; k < count; k++) {
    if (p + 46 > end || zip.readUInt32LE(p) !== CENTRAL_HEADER)
      throw new InputError(path, `corrupt zip: central directory entry ${k + 1} is damaged`);
    const nameLength = zip.readUInt16LE(p + 28);
    entries.push({
      flags: zip.readUInt16LE(p + 8),
      method: zip.readUInt16LE(p + 10),
      crc: zip.readUInt32LE(p + 16),
      compressedSize: zip.readUInt32LE(p + 20),
      size: zip.readUInt32LE(p + 24),
      localOffset: zip.readUInt32LE(p + 42),
      name: zip.subarray(p + 46, p + 46 + nameLength).toString('utf8'),
    });
    p += 46 + nameLength + zip.readUInt16LE(p + 30) + zip.readUInt16LE(p + 32);
  }
  return entries;
}

function entryData(path: string, zip: Buffer, e: CentralEntry): Buffer {
  const fail = (problem: string) => new InputError(path, `entry ${e.name}: ${problem}`);
  if (e.flags & 1) throw fail('is encrypted');
  const h = e.localOffset;
  if (h + 30 > zip.length || zip.readUInt32LE(h) !== LOCAL_HEADER) throw fail('corrupt zip: local header missing');
  const start = h + 30 + zip.readUInt16LE(h + 26) + zip.readUInt16LE(h + 28);
  if (start + e.compressedSize > zip.length)
    throw fail(`truncated zip: the entry needs ${start + e.compressedSize} bytes, the file has ${zip.length}`);
  const packed = zip.subarray(start, start + e.compressedSize);
  let data: Buffer;
  if (e.method === 0) data = packed;
  else if (e.method === 8) {
    try {
      data = inflateRawSync(packed, { maxOutputLength: Math.max(e.size, 1) });
    } catch (err) {
      const overlong = err instanceof RangeError;
      throw fail(
        overlong
          ? `inflates to more than the ${e.size} bytes the archive says`
          : `corrupt DEFLATE data (${err instanceof Error ? err.message : String(err)})`,
      );
    }
  } else throw fail(`zip compression method ${e.method} is not supported (stored or DEFLATE only); unzip it first`);
  if (data.length !== e.size) throw fail(`unzips to ${data.length} bytes, the archive says ${e.size}`);
  if (crc32(data) !== e.crc) throw fail('CRC-32 mismatch: the archive is corrupt');
  return data;
}

/** CRC-32 (IEEE), as zip stores it; zlib.crc32 needs Node ≥ 20.15. */
const CRC_TABLE = Uint32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(data: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < data.length; i++) c = CRC_TABLE[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
