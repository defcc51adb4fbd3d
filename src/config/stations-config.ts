import { resolve } from 'node:path';
import { z } from 'zod';
import type { StationInput } from '../io/station-input.js';

/** An ISMN quality-flag code (`G`, `U`, `D01`, `C03`, …) or `*` for every reading. */
export const FLAG_CODE = /^(\*|[A-Z][A-Z0-9]{0,3})$/;

const name = z.string().trim().min(1);

/**
 * A station input in a configuration: a path (CSV, ISMN file or download folder), or
 * `{path, depth, flags, networks, stations}` choosing which readings count.
 */
export const stationsSchema = z.union([
  z.string().min(1),
  z
    .object({
      path: z.string().min(1),
      /** [from, to] in metres below the surface. */
      depth: z
        .tuple([z.number().min(0), z.number().min(0)])
        .refine(([from, to]) => from <= to, 'depth must be [from, to] with from ≤ to (metres, positive down)')
        .optional(),
      flags: z.array(z.string().regex(FLAG_CODE, 'an ISMN flag code such as G, U, D01, C03, or *')).min(1).optional(),
      networks: z.array(name).min(1).optional(),
      stations: z.array(name).min(1).optional(),
    })
    .strict(),
]);

export type StationsConfig = z.infer<typeof stationsSchema>;

/** The configuration's station input as a StationInput, its path resolved against `baseDir`. */
export function stationInput(c: StationsConfig, baseDir: string): StationInput {
  return typeof c === 'string' ? { path: resolve(baseDir, c) } : { ...c, path: resolve(baseDir, c.path) };
}
