import { resolve } from 'node:path';
import { z } from 'zod';

/** Which in-situ readings a run uses (io/station-selection.ts applies it and counts what each criterion drops). */
export interface StationSelection {
  /** Depth range (m, positive down) a sensor's interval must lie within; default [0, 0.05]. */
  depth?: readonly [number, number];
  /**
   * ISMN quality flags kept. A reading is kept when every code of its flag field (e.g.
   * `D02,D03`) is in this list; `*` keeps every reading. Default `G` and `U` (DEFAULT_FLAGS).
   */
  flags?: readonly string[];
  /** Networks kept (case-insensitive); default all. */
  networks?: readonly string[];
  /** Stations kept (case-insensitive, `_` and spaces ignored, as ISMN file names drop them); default all. */
  stations?: readonly string[];
  /** ISMN variable code (`sm`, `ts`, `p`, …); default `sm`. */
  variable?: string;
}

/** A run's station input: a path (CSV, ISMN file or ISMN download folder) and a selection. */
export interface StationInput extends StationSelection {
  path: string;
}

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
