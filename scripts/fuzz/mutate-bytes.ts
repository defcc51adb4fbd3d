/** Format-blind mutations: bit flips, byte runs, truncation, cut or repeated chunks. */
import type { Rng } from '../../core/rng.js';

/** Headers and directories sit near the start of every format here: most hits go there. */
const HEAD = 1 << 16;

export const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng.next() * items.length)];
export const int = (rng: Rng, n: number): number => Math.floor(rng.next() * n);

export function position(rng: Rng, length: number): number {
  return rng.next() < 0.7 ? int(rng, Math.min(length, HEAD)) : int(rng, length);
}

export function flipBits(rng: Rng, bytes: Buffer): string {
  const flips = 1 + int(rng, 16);
  const at: number[] = [];
  for (let i = 0; i < flips; i++) {
    const p = position(rng, bytes.length);
    bytes[p] ^= 1 << int(rng, 8);
    at.push(p);
  }
  return `flip ${flips} bit(s) at ${at.slice(0, 4).join(',')}${flips > 4 ? ',…' : ''}`;
}

export function byteRun(rng: Rng, bytes: Buffer): string {
  const p = position(rng, bytes.length);
  const n = Math.min(1 + int(rng, 64), bytes.length - p);
  const fill = pick(rng, [0x00, 0xff, 0x7f, 0x80, -1]);
  for (let i = 0; i < n; i++) bytes[p + i] = fill < 0 ? int(rng, 256) : fill;
  return `run of ${n} byte(s) ${fill < 0 ? 'random' : `0x${fill.toString(16)}`} at ${p}`;
}

export function truncate(rng: Rng, bytes: Buffer): { bytes: Buffer; what: string } {
  const n = rng.next() < 0.5 ? position(rng, bytes.length) : int(rng, bytes.length);
  return { bytes: bytes.subarray(0, n), what: `truncate to ${n} of ${bytes.length} bytes` };
}

export function splice(rng: Rng, bytes: Buffer): { bytes: Buffer; what: string } {
  const p = position(rng, bytes.length);
  const n = Math.min(1 + int(rng, 512), bytes.length - p);
  if (rng.next() < 0.5) return { bytes: Buffer.concat([bytes.subarray(0, p), bytes.subarray(p + n)]), what: `cut ${n} byte(s) at ${p}` };
  return { bytes: Buffer.concat([bytes.subarray(0, p + n), bytes.subarray(p)]), what: `repeat ${n} byte(s) at ${p}` };
}
