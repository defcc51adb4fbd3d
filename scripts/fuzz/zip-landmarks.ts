/**
 * Where a zip archive (an SRTM .hgt.zip) keeps what its reader trusts: the compression
 * method, CRC, sizes, name length and offsets of the local header, the central directory
 * entries and the end record (little-endian), so mutations hit the structure.
 */
import type { Landmark } from './landmarks.js';

export function zipLandmarks(bytes: Buffer): Landmark[] {
  const w2: number[] = [];
  const w4: number[] = [];
  for (let i = 0; i + 4 <= bytes.length; i++) {
    const sig = bytes.readUInt32LE(i);
    if (sig === 0x04034b50 && i + 30 <= bytes.length) {
      w2.push(i + 6, i + 8, i + 26, i + 28);
      w4.push(i + 14, i + 18, i + 22);
    } else if (sig === 0x02014b50 && i + 46 <= bytes.length) {
      w2.push(i + 8, i + 10, i + 28, i + 30);
      w4.push(i + 16, i + 20, i + 24, i + 42);
    } else if (sig === 0x06054b50 && i + 22 <= bytes.length) {
      w2.push(i + 8, i + 10);
      w4.push(i + 12, i + 16);
    }
  }
  return [
    { kind: 'int', width: 2, littleEndian: true, at: w2 },
    { kind: 'int', width: 4, littleEndian: true, at: w4 },
  ];
}
