/** Where the tags of a classic TIFF's first directory lie, so mutations can hit fields, not pixels. */

export interface TiffEntry {
  tag: number;
  /** Byte offset of the 12-byte entry: tag (2), type (2), count (4), value or offset (4). */
  at: number;
}

export function tiffEntries(bytes: Buffer): { littleEndian: boolean; entries: TiffEntry[] } {
  const littleEndian = bytes[0] === 0x49;
  const u16 = (at: number) => (littleEndian ? bytes.readUInt16LE(at) : bytes.readUInt16BE(at));
  const u32 = (at: number) => (littleEndian ? bytes.readUInt32LE(at) : bytes.readUInt32BE(at));
  if (bytes.length < 8 || u16(2) !== 42) return { littleEndian, entries: [] };
  const ifd = u32(4);
  if (ifd + 2 > bytes.length) return { littleEndian, entries: [] };
  const entries: TiffEntry[] = [];
  for (let i = 0, n = u16(ifd); i < n && ifd + 2 + (i + 1) * 12 <= bytes.length; i++) {
    const at = ifd + 2 + i * 12;
    entries.push({ tag: u16(at), at });
  }
  return { littleEndian, entries };
}
