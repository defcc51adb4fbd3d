import { AUTO_SIGMAS, grnnConfigSchema } from '../../config/grnn-config.js';
import type { GridSpec } from '../../grid/gridspec.js';
import type { GrnnOptions } from '../../methods/grnn/fuse.js';
import { degreesToCells } from '../../methods/grnn/windows.js';

/**
 * GRNN settings in the units of a configuration's `grnn` section (degrees), with the
 * year and seed that the per-window random streams derive from. Omitted keys take the
 * configuration's defaults (windowDeg 1, subsets 5, sigmas "auto", minSamples 30,
 * maxWiden 1, importanceQueries 1000, tolerance 1e-7; seed 0).
 */
export interface GrnnSettings {
  readonly year: number;
  readonly seed?: number;
  /** Training window edge, degrees (on a projected grid: a square of the same area). */
  readonly windowDeg?: number;
  /** Predicted block edge, degrees; default the window edge. */
  readonly blockDeg?: number;
  readonly subsets?: number;
  /** σ candidates for the features scaled to [0, 1], or "auto". */
  readonly sigmas?: 'auto' | readonly number[];
  readonly minSamples?: number;
  readonly maxWiden?: number;
  readonly importanceQueries?: number;
  /** Relative error the kernel's truncation may add to a prediction; 0 sums every weight. */
  readonly tolerance?: number;
}

/**
 * The engine's GRNN options for `settings` on `grid`: window and block edges in cells
 * (degrees converted as `smfuse grnn` does), σ candidates resolved.
 */
export function grnnOptions(grid: GridSpec, settings: GrnnSettings): GrnnOptions {
  const defaults = grnnConfigSchema.shape.grnn.parse(undefined);
  const s = { ...defaults, seed: 0, ...withoutUndefined(settings) };
  return {
    year: s.year,
    seed: s.seed,
    windowCells: degreesToCells(grid, s.windowDeg),
    blockCells: degreesToCells(grid, s.blockDeg ?? s.windowDeg),
    subsets: s.subsets,
    sigmas: s.sigmas === 'auto' ? AUTO_SIGMAS : [...s.sigmas],
    minSamples: s.minSamples,
    maxWiden: s.maxWiden,
    importanceQueries: s.importanceQueries,
    tolerance: s.tolerance,
  };
}

/** Keys set to undefined would hide the defaults in a spread. */
function withoutUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
