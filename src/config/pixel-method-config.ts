import { resolve } from 'node:path';
import { z } from 'zod';
import { ConfigError } from '../../core/errors.js';
import { validateConfig } from './parse-config.js';
import { grnnConfigSchema, RUN_KEYS, stackPath, type GrnnInput } from './grnn-config.js';
import type { StationInput } from './stations-config.js';
import { stationInput, stationsSchema } from './stations-config.js';

/**
 * Configuration of gridded BPANN / EnKF runs (`smfuse bpann|enkf --config run.json`).
 * One file serves both commands: each reads its own method section. Paths are relative
 * to the file; unknown keys are errors.
 */

/** A GeoTIFF stack on the target grid (a path or `{path, scale, offset}`), or `{product, path, var, resampling, scale, offset}`: as in a GRNN configuration. */
const input = grnnConfigSchema.shape.inputs.shape.ecv;
/**
 * The target: a grid as above, or `{stations: …}` (network means in each station's cell),
 * the stations a path or `{path, depth, flags, networks, stations}` as in a GRNN configuration.
 */
const obsInput = z.union([input, z.object({ stations: stationsSchema }).strict()]);
const split = z.number().gt(0).lt(1);
/**
 * Upper bound of the physical range of fused SM, m³/m³ (default 0.6): fused values outside
 * [0, maxSm] are nulled in the fused output, kept in fused_raw and flagged (cube/physical-range.ts).
 */
const maxSm = z.number().positive().max(1).optional();

/**
 * The choices `smfuse bpann|enkf --backend` takes: `auto` (native if built, else js),
 * `native`, `js`, `tfjs`; `gpu` is accepted as on every command and refused (no GPU kernel).
 */
export const PIXEL_METHOD_BACKENDS = ['auto', 'native', 'gpu', 'js', 'tfjs'] as const;
export type PixelMethodBackendChoice = (typeof PIXEL_METHOD_BACKENDS)[number];

const bpannSection = z
  .object({
    /** `lm` (Levenberg–Marquardt, default) or `gd` (gradient descent, SPEC §5). */
    trainer: z.enum(['lm', 'gd']).optional(),
    /** Most epochs (default 1000). */
    iterations: z.number().int().min(1).optional(),
    /** `gd` step (default 0.01). */
    learningRate: z.number().positive().optional(),
    /** Training-MSE goal in scaled units (default 0 for lm, 0.1 for gd). */
    errorGoal: z.number().min(0).optional(),
    /** Networks per pixel, averaged after discarding diverged ones (default 10 at a site, 3 gridded; 1 = the paper's single network). */
    members: z.number().int().min(1).max(255).optional(),
    /** Train each member on a bootstrap sample of the training days (default false). */
    bagging: z.boolean().optional(),
    /** Train each pixel's networks on the training samples of the pixels within this many cells too (gridded default 1: the 3 × 3 neighbourhood; 0: its own). */
    poolRadius: z.number().int().min(0).max(10).optional(),
    /** Fewest training days a pixel's network needs: days of its training period with every input and an observation (default 30). */
    minTrainDays: z.number().int().min(1).optional(),
    /** Share of a pixel's sample days, in time order, that train it (default 2/3). */
    split: split.optional(),
    maxSm,
  })
  .strict();

const enkfSection = z
  .object({
    /** Ensemble size (default 100). */
    members: z.number().int().min(2).optional(),
    /** Observation-error variance R, (m³/m³)² (default 4e-4). */
    obsVariance: z.number().positive().optional(),
    /** Anomaly inflation before each analysis (default 1). */
    inflation: z.number().min(1).optional(),
    /**
     * Variance of the initial ensemble per term, (m³/m³)² (default 1e-4): coefficient k
     * starts with variance initVariance / mean(H_k²) over the fit days, so every term's
     * contribution H_k·τ_k to the first forecasts has the same spread.
     */
    initVariance: z.number().positive().optional(),
    /** Daily state noise per term, (m³/m³)² (default 1e-5), scaled per coefficient as initVariance. */
    stateNoise: z.number().min(0).optional(),
    /**
     * How the state noise is applied: `inflate` (default; multiplicative inflation of each
     * coefficient's anomalies sized to add stateNoise) or `additive` (random perturbations).
     */
    stateNoiseMode: z.enum(['inflate', 'additive']).optional(),
    /** Sample days of the initial least-squares fit (default 91). */
    initDays: z.number().int().min(4).optional(),
    /** Fewest sample days a pixel needs to be filtered (default 30). */
    minObsDays: z.number().int().min(4).optional(),
    /** Share of a pixel's sample days, in time order, before its validation period (default 2/3). */
    split: split.optional(),
    maxSm,
  })
  .strict();

export const pixelMethodConfigSchema = z
  .object({
    /** The year, the seed (pixel p draws from (seed, p)) and the output folder. */
    ...RUN_KEYS,
    inputs: z.object({ smap: input, clm: input, lst: input, obs: obsInput }).strict(),
    /** Target grid of product inputs (as in a GRNN configuration); default the SMAP GeoTIFF's grid. */
    grid: grnnConfigSchema.shape.grid,
    backend: z.enum(PIXEL_METHOD_BACKENDS).default('auto'),
    /** Threads of the BPANN trainer / the native EnKF (default: all cores). */
    threads: z.number().int().min(1).max(1024).optional(),
    /**
     * Consecutive pixels (row-major) per checkpoint tile, the unit of --resume and --shard;
     * it does not change the results. 256 makes a Tibetan-Plateau grid of 8400 pixels 33 tiles.
     */
    tilePixels: z.number().int().min(1).default(256),
    /** Raster outputs of a gridded run: GeoTIFFs (default), one CF-NetCDF-4 fused.nc, or both. */
    format: grnnConfigSchema.shape.format,
    bpann: bpannSection.prefault({}),
    enkf: enkfSection.prefault({}),
  })
  .strict();

type ParsedPixelMethodConfig = z.infer<typeof pixelMethodConfigSchema>;
/** The observation target of a validated configuration: a grid input, or a station input in its object form. */
export type PixelObsInput = GrnnInput | { stations: StationInput };
export type PixelMethodConfig = Omit<ParsedPixelMethodConfig, 'inputs'> & {
  inputs: Omit<ParsedPixelMethodConfig['inputs'], 'obs'> & { obs: PixelObsInput };
};
export type BpannSection = z.infer<typeof bpannSection>;
export type EnkfSection = z.infer<typeof enkfSection>;

/** Validates a config object; relative paths are resolved against `baseDir`. */
export function parsePixelMethodConfig(raw: unknown, source: string, baseDir: string): PixelMethodConfig {
  const c = validateConfig(pixelMethodConfigSchema, raw, source);
  if (c.grid) {
    const [w, s, e, n] = c.grid.bbox;
    if (!(w < e && s < n))
      throw new ConfigError(`${source}: grid.bbox must be [west, south, east, north] with west < east and south < north`);
  }
  if (stackPath(c.inputs.smap) === null && !c.grid) {
    throw new ConfigError(`${source}: inputs.smap is a product: give grid {bbox, res}, the grid every input is read onto`);
  }
  const abs = (p: string) => resolve(baseDir, p);
  const absInput = (i: GrnnInput): GrnnInput => (typeof i === 'string' ? abs(i) : { ...i, path: abs(i.path) });
  const obs = c.inputs.obs;
  return {
    ...c,
    out: abs(c.out),
    inputs: {
      smap: absInput(c.inputs.smap),
      clm: absInput(c.inputs.clm),
      lst: absInput(c.inputs.lst),
      obs: typeof obs !== 'string' && 'stations' in obs ? { stations: stationInput(obs.stations, baseDir) } : absInput(obs),
    },
  };
}
