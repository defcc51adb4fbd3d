/** A seeded pseudo-random stream: same seed, same sequence. */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Standard normal (mean 0, sd 1). */
  normal(): number;
}

const TWO_POW_32 = 4294967296;

/** mulberry32 uniform stream with Box–Muller normals (the spare normal is kept, not dropped). */
export function makeRng(seed: number): Rng {
  let state = seed >>> 0;
  let spare = NaN;
  const next = (): number => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / TWO_POW_32;
  };
  const normal = (): number => {
    if (!Number.isNaN(spare)) {
      const z = spare;
      spare = NaN;
      return z;
    }
    const r = Math.sqrt(-2 * Math.log(1 - next())); // 1 − u is in (0, 1]: log stays finite
    const a = 2 * Math.PI * next();
    spare = r * Math.sin(a);
    return r * Math.cos(a);
  };
  return { next, normal };
}

/** murmur3's 32-bit finalizer: every input bit flips about half of the output bits. */
function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * A 32-bit seed from a tuple of integers (order matters), so that independent streams
 * (a stream id, a year, a lattice node…) get unrelated seeds from one user seed.
 */
export function deriveSeed(...parts: number[]): number {
  let h = mix32(0x9e3779b9 ^ parts.length);
  for (const p of parts) {
    if (!Number.isSafeInteger(p)) throw new RangeError(`deriveSeed takes integers, got ${p}`);
    const low = p >>> 0; // two's complement low word, negatives included
    const high = Math.floor(p / TWO_POW_32) | 0;
    h = mix32((h ^ low) + 0x9e3779b9);
    h = mix32((h ^ high) + 0x7f4a7c15);
  }
  return h;
}
