import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { ConfigError } from '../../core/errors.js';
import { validateConfig } from './parse-config.js';
import { RESAMPLINGS } from '../grid/regrid.js';
import { PRODUCTS } from './product-names.js';
import { OUTPUT_FORMATS } from './output-format.js';
import type { StationInput } from './stations-config.js';
import { stationInput, stationsSchema } from './stations-config.js';

/** σ candidates for features scaled to [0, 1] (4 features: distances up to 2). */
export const AUTO_SIGMAS = [0.02, 0.03, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3];

const path = z.string().min(1);

/**
 * Linear conversion of an input's stored values at load, value × scale + offset (e.g.
 * albedo in percent: `scale: 0.01`; LST in °C: `offset: 273.15`); recorded in run.json and
 * warned about (INPUT_RESCALED). src/contracts/roles.ts says what each input must hold.
 */
const rescale = {
  scale: z
    .number()
    .finite()
    .refine((v) => v !== 0, 'must not be 0')
    .optional(),
  offset: z.number().finite().optional(),
};
/** A GeoTIFF stack on the target grid: its path, or `{path, scale, offset}`. */
const stackInput = z.object({ path, ...rescale }).strict();
/**
 * A product read and regridded onto the target grid. `compositeDays`: the files are
 * multi-day composites dated by their first day (MODIS 16-day NDVI: 16), interpolated
 * linearly to daily (src/io/composites-to-daily.ts). `pass`: SMAP overpass / FY-3 orbit.
 * `allQuality`: SMAP keeps retrievals not of recommended quality.
 */
const productInput = z
  .object({
    product: z.enum(PRODUCTS),
    path,
    var: z.string().min(1).optional(),
    resampling: z.enum(RESAMPLINGS).optional(),
    pass: z.enum(['am', 'pm']).optional(),
    allQuality: z.boolean().optional(),
    compositeDays: z.number().int().min(2).max(366).optional(),
    ...rescale,
  })
  .strict();
const input = z.union([path, stackInput, productInput]);

/** What every run's configuration starts with: the year, the seed and the output folder. */
export const RUN_KEYS = {
  /** The year to fuse: every daily input has one band per day of it. */
  year: z.number().int().min(1900).max(2200),
  /** Seed of every random choice (each window, pixel or member draws its own stream from it). */
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 32 - 1)
    .default(0),
  out: path.default('out'),
};

export const grnnConfigSchema = z
  .object({
    ...RUN_KEYS,
    inputs: z
      .object({
        ecv: input,
        fy: input,
        lst: input,
        ndvi: input,
        albedo: input,
        dem: input,
        /** Optional freeze/thaw mask (SMAP SPL3FTP; 1 frozen): a pixel-day it calls frozen takes no part, as LST ≤ 0 °C does. */
        frozen: input.optional(),
      })
      .strict(),
    /** Target grid for product inputs, W,S,E,N in degrees; default the ECV GeoTIFF's grid, else the Tibetan Plateau box. */
    grid: z
      .object({ bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]), res: z.number().positive() })
      .strict()
      .optional(),
    /** Validation stations: a path, or {path, depth, flags, networks, stations} (stations-config.ts). */
    stations: stationsSchema.optional(),
    truth: path.optional(),
    backend: z.enum(['auto', 'native', 'gpu', 'js', 'tfjs']).default('auto'),
    threads: z.number().int().min(1).max(1024).optional(),
    grnn: z
      .object({
        windowDeg: z.number().positive().default(1),
        blockDeg: z.number().positive().optional(),
        subsets: z.number().int().min(2).max(20).default(5),
        sigmas: z.union([z.literal('auto'), z.array(z.number().positive()).min(1)]).default('auto'),
        minSamples: z.number().int().min(2).default(30),
        maxWiden: z.number().int().min(0).default(1),
        importanceQueries: z.number().int().min(0).default(1000),
        /** Relative error the kernel's truncation may add to a prediction (0: sum every weight). */
        tolerance: z.number().min(0).max(1e-3).default(1e-7),
        /** Consecutive windows per checkpoint tile (the unit of --resume and --shard). */
        tileWindows: z.number().int().min(1).default(16),
      })
      .strict()
      .default({
        windowDeg: 1,
        subsets: 5,
        sigmas: 'auto',
        minSamples: 30,
        maxWiden: 1,
        importanceQueries: 1000,
        tolerance: 1e-7,
        tileWindows: 16,
      }),
    weights: z
      .object({ minDiff: z.number().nonnegative().default(0.005) })
      .strict()
      .default({ minDiff: 0.005 }),
    agreement: z
      .object({ minDays: z.number().int().min(3).default(10) })
      .strict()
      .default({ minDays: 10 }),
    /** Fused SM outside [0, maxSm] m³/m³ is nulled in fused.tif, kept in fused_raw.tif and flagged 13 (cube/physical-range.ts). */
    maxSm: z.number().positive().max(1).default(0.6),
    /** Raster outputs: GeoTIFFs (default), one CF-NetCDF-4 fused.nc, or both (io/netcdf-write.ts). */
    format: z.enum(OUTPUT_FORMATS).optional(),
  })
  .strict();

/** A validated configuration: paths absolute, the station input in its object form. */
export type GrnnConfig = Omit<z.infer<typeof grnnConfigSchema>, 'stations'> & { stations?: StationInput };
export type GrnnInput = z.infer<typeof input>;

/** The file (or file pattern) behind an input. */
export function inputPath(i: GrnnInput): string {
  return typeof i === 'string' ? i : i.path;
}

/** The GeoTIFF stack path of an input that is one (a path or `{path, scale, offset}`), else null (a product). */
export function stackPath(i: GrnnInput): string | null {
  return typeof i === 'string' ? i : 'product' in i ? null : i.path;
}

/** An input's configured scale/offset (none for a bare path). */
export function inputRescale(i: GrnnInput): { scale?: number; offset?: number } {
  return typeof i === 'string' ? {} : { scale: i.scale, offset: i.offset };
}

/** Validate a config object; relative paths are resolved against `baseDir`. */
export function parseGrnnConfig(raw: unknown, source: string, baseDir: string): GrnnConfig {
  const c = validateConfig(grnnConfigSchema, raw, source);
  if (c.grnn.blockDeg !== undefined && c.grnn.blockDeg > c.grnn.windowDeg) {
    throw new ConfigError(`${source}: grnn.blockDeg (${c.grnn.blockDeg}) must not exceed grnn.windowDeg (${c.grnn.windowDeg})`);
  }
  const abs = (p: string) => resolve(baseDir, p);
  const absInput = (i: GrnnInput) => (typeof i === 'string' ? abs(i) : { ...i, path: abs(i.path) });
  if (c.grid) {
    const [w, s, e, n] = c.grid.bbox;
    if (!(w < e && s < n))
      throw new ConfigError(`${source}: grid.bbox must be [west, south, east, north] with west < east and south < north`);
  }
  return {
    ...c,
    out: abs(c.out),
    inputs: {
      ecv: absInput(c.inputs.ecv),
      fy: absInput(c.inputs.fy),
      lst: absInput(c.inputs.lst),
      ndvi: absInput(c.inputs.ndvi),
      albedo: absInput(c.inputs.albedo),
      dem: absInput(c.inputs.dem),
      ...(c.inputs.frozen && { frozen: absInput(c.inputs.frozen) }),
    },
    stations: c.stations === undefined ? undefined : stationInput(c.stations, baseDir),
    truth: c.truth === undefined ? undefined : abs(c.truth),
  };
}

/** Read a JSON config file (paths in it are relative to the file). */
export async function readJsonConfig(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new ConfigError(`${file}: cannot read the configuration (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new ConfigError(`${file}: not valid JSON (${(e as Error).message})`);
  }
}

export function configDir(file: string): string {
  return dirname(resolve(file));
}
