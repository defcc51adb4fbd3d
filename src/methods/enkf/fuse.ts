import { ENKF_FILTER_DEFAULTS, type EnkfFilterOptions, type EnkfKernel } from '../../../kernels/enkf/types.js';
import type { PixelCube } from '../../cube/pixel-cube.js';
import { PixelStatus, sampleDays } from '../pixel-cube.js';
import { fitObservationOperator, operatorRow } from './initial-fit.js';

export interface EnkfFuseOptions extends EnkfFilterOptions {
  /** Sample days (inputs and observation) of the initial least-squares fit. Default 91 (the paper). */
  initDays?: number;
  /** Fewest sample days a pixel needs to be filtered. Default 30. */
  minObsDays?: number;
  /**
   * Variance of the initial ensemble per term, in SM units (m³/m³)²: coefficient k starts
   * with Gaussian perturbations of variance initVariance / mean(H_k²) over the fit days, so
   * each term H_k·τ_k of the first forecasts spreads by about √initVariance whatever its
   * units (a₃ multiplies LST in kelvin, ~270: one variance for every coefficient would
   * make that term's spread ~270× the others'). Default 1e-4 (the paper's variance, which
   * a₄'s term, H₄ = 1, keeps exactly).
   */
  initVariance?: number;
  /**
   * State noise per day, in SM units (m³/m³)²: coefficient k gets variance
   * stateNoise / mean(H_k²) over the fit days, so each term of H·τ spreads by about √stateNoise
   * per day whatever its units. Keeps the ensemble from collapsing. How it is applied:
   * `stateNoiseMode` (default `inflate`, multiplicative inflation sized to add it). Default 1e-5.
   */
  stateNoise?: number;
  /** Record the daily ensemble mean and spread of τ (site mode's state.csv). Default false. */
  recordState?: boolean;
  /**
   * Filter only cube pixels [first, end) (a checkpoint tile); `fused` and `status` cover
   * just them. Seeds stay by cube index, so a tile gives the whole grid's bytes. Default all.
   */
  pixelRange?: readonly [first: number, end: number];
  /**
   * A cube-sized [day][pixel] buffer for the kernel, which writes by cube index: reused
   * across the tiles of a grid so that a tile costs its own pixels, not the grid's.
   * Default a fresh one.
   */
  scratch?: Float32Array;
  /** As `scratch`, for the kernel's sd. Default a fresh one. */
  sdScratch?: Float32Array;
}

export const ENKF_FUSE_DEFAULTS = {
  ...ENKF_FILTER_DEFAULTS,
  initDays: 91,
  minObsDays: 30,
  initVariance: 1e-4,
  stateNoise: 1e-5,
  recordState: false,
};

export interface EnkfFusion {
  /** [day][pixel] over the cube's pixels, or those of `pixelRange` (pixel k = first + k). */
  fused: Float32Array;
  /** As `fused`: the spread of H·τ over the forecast ensemble (EnkfOutputs.sd), m³/m³. */
  sd: Float32Array;
  status: Uint8Array;
  /** Filtered pixels, in the order of the state arrays. */
  pixels: Int32Array;
  /** [i][4]: the initial least-squares fit. */
  initMean: Float64Array;
  stateMean?: Float32Array;
  stateSpread?: Float32Array;
}

/** EnKF fusion (SPEC §6) of every pixel with enough sample days, through one kernel call. */
export function enkfFuse(cube: PixelCube, kernel: EnkfKernel, options: EnkfFuseOptions = {}): EnkfFusion {
  const o = { ...ENKF_FUSE_DEFAULTS, ...options };
  const [first, end] = o.pixelRange ?? [0, cube.pixels];
  const status = new Uint8Array(end - first).fill(PixelStatus.TOO_FEW_OBS);
  const chosen: number[] = [];
  const means: number[] = [];
  const spread: number[] = [];
  const noise: number[] = [];
  for (let p = first; p < end; p++) {
    const samples = sampleDays(cube, p);
    if (samples.length < o.minObsDays) continue;
    const fitDays = samples.slice(0, o.initDays);
    const rows = fitDays.map((d) => {
      const j = d * cube.pixels + p;
      return operatorRow(cube.smap[j], cube.clm[j], cube.lst[j]);
    });
    const fit = fitObservationOperator(
      rows,
      fitDays.map((d) => cube.obs[d * cube.pixels + p]),
    );
    if (!fit) {
      status[p - first] = PixelStatus.FIT_FAILED;
      continue;
    }
    status[p - first] = PixelStatus.FUSED;
    chosen.push(p);
    means.push(...fit);
    for (let k = 0; k < 4; k++) {
      // mean(H_k²) over the fit days: the scale that turns a term's SM variance into its coefficient's
      const power = rows.reduce((s, r) => s + r[k] * r[k], 0) / rows.length;
      spread.push(o.initVariance / power);
      noise.push(o.stateNoise / power);
    }
  }
  const setup = {
    pixels: Int32Array.from(chosen),
    initMean: Float64Array.from(means),
    initVariance: Float64Array.from(spread),
    stateNoise: Float64Array.from(noise),
  };
  const all = o.scratch ?? new Float32Array(cube.days * cube.pixels);
  // the kernel writes only filtered pixels: the range's other pixels stay NaN
  const allSd = o.sdScratch ?? new Float32Array(cube.days * cube.pixels);
  for (let d = 0; d < cube.days; d++) {
    all.fill(NaN, d * cube.pixels + first, d * cube.pixels + end);
    allSd.fill(NaN, d * cube.pixels + first, d * cube.pixels + end);
  }
  const stateSize = cube.days * chosen.length * 4;
  const out = o.recordState
    ? { fused: all, sd: allSd, stateMean: new Float32Array(stateSize), stateSpread: new Float32Array(stateSize) }
    : { fused: all, sd: allSd };
  kernel.run(cube, setup, o, out);
  const whole = first === 0 && end === cube.pixels;
  const own = (a: Float32Array, scratch?: Float32Array) => (whole && !scratch ? a : rangeColumns(a, cube.pixels, first, end));
  return { ...out, fused: own(all, o.scratch), sd: own(allSd, o.sdScratch), status, pixels: setup.pixels, initMean: setup.initMean };
}

/** Columns [first, end) of a [day][pixel] array, as their own [day][k] array. */
function rangeColumns(all: Float32Array, pixels: number, first: number, end: number): Float32Array {
  const n = end - first;
  const days = all.length / pixels;
  const out = new Float32Array(days * n);
  for (let d = 0; d < days; d++) out.set(all.subarray(d * pixels + first, d * pixels + end), d * n);
  return out;
}
