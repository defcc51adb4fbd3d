/**
 * Checks the first image directory of a TIFF or BigTIFF against the file's size before
 * geotiff.js parses it: a corrupt count or offset would otherwise make it read (and
 * allocate) gigabytes, or loop for minutes, on a file of a few kilobytes.
 */
import type { FileHandle } from 'node:fs/promises';

/** Bytes per value of each TIFF field type (TIFF 6.0 and BigTIFF). */
const TYPE_BYTES: Record<number, number> = {
  1: 1,
  2: 1,
  3: 2,
  4: 4,
  5: 8,
  6: 1,
  7: 1,
  8: 2,
  9: 4,
  10: 8,
  11: 4,
  12: 8,
  13: 4,
  16: 8,
  17: 8,
  18: 8,
};

/** A sentence saying what is wrong with the first directory, or null when it fits in the file. */
export async function checkFirstIfd(file: FileHandle, size: number): Promise<string | null> {
  const head = await readAt(file, 0, 16);
  const le = head[0] === 0x49;
  const big = (le ? head.readUInt16LE(2) : head.readUInt16BE(2)) === 43;
  const offsetBytes = big ? 8 : 4;
  const uint = (b: Buffer, at: number, bytes: number) =>
    bytes === 2
      ? le
        ? b.readUInt16LE(at)
        : b.readUInt16BE(at)
      : bytes === 4
        ? le
          ? b.readUInt32LE(at)
          : b.readUInt32BE(at)
        : Number(le ? b.readBigUInt64LE(at) : b.readBigUInt64BE(at));
  if (head.length < (big ? 16 : 8)) return 'truncated TIFF header';
  const ifd = uint(head, big ? 8 : 4, offsetBytes);
  const countBytes = big ? 8 : 2;
  const entryBytes = big ? 20 : 12;
  if (ifd < 8 || ifd + countBytes > size) return `first directory offset ${ifd} is outside the file (${size} bytes)`;
  const entries = uint(await readAt(file, ifd, countBytes), 0, countBytes);
  if (ifd + countBytes + entries * entryBytes > size) return `first directory declares ${entries} entries, more than the file holds`;
  const table = await readAt(file, ifd + countBytes, entries * entryBytes);
  for (let i = 0; i < entries; i++) {
    const at = i * entryBytes;
    const tag = uint(table, at, 2);
    const type = uint(table, at + 2, 2);
    const count = uint(table, at + 4, offsetBytes);
    const bytes = (TYPE_BYTES[type] ?? 0) * count;
    if (TYPE_BYTES[type] === undefined) return `tag ${tag} has unknown field type ${type}`;
    if (bytes <= offsetBytes) continue; // the value is inside the entry
    const offset = uint(table, at + 4 + offsetBytes, offsetBytes);
    if (offset + bytes > size) return `tag ${tag} declares ${count} values at byte ${offset}, past the end of the file (${size} bytes)`;
  }
  return null;
}

async function readAt(file: FileHandle, position: number, length: number): Promise<Buffer> {
  const buf = Buffer.alloc(length);
  const { bytesRead } = await file.read(buf, 0, length, position);
  return buf.subarray(0, bytesRead);
}
