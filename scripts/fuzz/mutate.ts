/** One seeded mutation of a seed file: the mutated bytes and what was done, for the report. */
import { makeRng } from '../../core/rng.js';
import { byteRun, flipBits, pick, splice, truncate } from './mutate-bytes.js';
import { mutateCsv } from './mutate-csv.js';
import { patchLandmark, patchTiffEntry } from './mutate-fields.js';
import type { Seed } from './seeds.js';

export interface Mutation {
  bytes: Buffer;
  what: string;
}

/** Case `index` of run `seed`: the same pair always gives the same mutation. */
export function mutate(seed: Seed, runSeed: number, index: number): Mutation {
  const rng = makeRng((Math.imul(runSeed ^ 0x9e3779b9, 0x85ebca6b) + index) >>> 0);
  const bytes = Buffer.from(seed.bytes);
  const ops =
    seed.kind === 'stations' || seed.kind === 'site'
      ? ['csv', 'csv', 'csv', 'flip', 'truncate']
      : ['flip', 'run', 'truncate', 'splice', 'field', 'field', 'field', 'field'];
  const op = pick(rng, ops);
  switch (op) {
    case 'csv': {
      const m = mutateCsv(rng, bytes.toString('utf8'));
      return { bytes: Buffer.from(m.text, 'utf8'), what: m.what };
    }
    case 'flip':
      return { bytes, what: flipBits(rng, bytes) };
    case 'run':
      return { bytes, what: byteRun(rng, bytes) };
    case 'truncate':
      return truncate(rng, bytes);
    case 'splice':
      return splice(rng, bytes);
    default:
      if (seed.tiff && seed.tiff.entries.length > 0 && (seed.landmarks.length === 0 || rng.next() < 0.75)) {
        return { bytes, what: patchTiffEntry(rng, bytes, seed.tiff.entries, seed.tiff.littleEndian) };
      }
      if (seed.landmarks.length > 0) return { bytes, what: patchLandmark(rng, bytes, seed.landmarks) };
      return { bytes, what: flipBits(rng, bytes) };
  }
}
