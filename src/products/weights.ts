import { ConfigError } from '../../core/errors.js';
import { cellCount, type GridSpec } from '../grid/gridspec.js';
import type { Stack } from '../cube/stack.js';
import { assertSameLayout } from './same-layout.js';

/**
 * Fusion weights (GRNN paper eq. 3–4): how far the fused SM sits from FY towards ECV,
 * W_ECV = (fused − FY)/(ECV − FY), W_FY = 1 − W_ECV.
 */
export interface FusionWeightOptions {
  /**
   * Smallest |ECV − FY| in m³/m³ at which W is defined. Default 0.005.
   * W divides by ECV − FY: as that tends to 0, the GRNN's own error (a few
   * hundredths of m³/m³) is divided by almost nothing and W takes arbitrary values of
   * either sign that say nothing about which product the fusion follows. At 0.005,
   * a 0.01 m³/m³ change in the fused SM moves W by at most 2.
   */
  minDiff?: number;
}

export const DEFAULT_WEIGHT_MIN_DIFF = 0.005;

/** The minDiff of `opts`, defaulted and checked. */
export function weightMinDiff(opts: FusionWeightOptions): number {
  const minDiff = opts.minDiff ?? DEFAULT_WEIGHT_MIN_DIFF;
  if (!(minDiff >= 0)) throw new ConfigError(`weights: minDiff must be ≥ 0 m³/m³, got ${minDiff}`);
  return minDiff;
}

/** W_ECV of one pixel-day; NaN unless all three are valid and |ECV − FY| ≥ minDiff (and ≠ 0). */
export function fusionWeight(fused: number, ecv: number, fy: number, minDiff = DEFAULT_WEIGHT_MIN_DIFF): number {
  const spread = ecv - fy;
  if (Number.isNaN(fused) || !(Math.abs(spread) >= minDiff) || spread === 0) return NaN;
  return (fused - fy) / spread;
}

/** W_ECV for every pixel-day of three aligned stacks, laid out like them; NaN where undefined. */
export function fusionWeightCube(fused: Stack, ecv: Stack, fy: Stack, opts: FusionWeightOptions = {}): Float32Array {
  assertSameLayout({ fused, ecv, fy });
  const minDiff = weightMinDiff(opts);
  const out = new Float32Array(fused.data.length);
  for (let i = 0; i < out.length; i++) out[i] = fusionWeight(fused.data[i], ecv.data[i], fy.data[i], minDiff);
  return out;
}

export interface FusionWeightMap {
  /** Per pixel: mean of the W_ECV values in [0, 1]; NaN where there are none. */
  ecv: Float32Array;
  /** Per pixel: mean of the W_FY values in [0, 1]; NaN where there are none. */
  fy: Float32Array;
  /** Per pixel: how many days entered the means. */
  count: Int32Array;
}

/**
 * The spatial weight map (GRNN paper Fig. 8) from a [day][row][col] W_ECV cube.
 * Values outside [0, 1] mean the fused SM lies outside the ECV–FY interval; the paper
 * leaves them out of the mean rather than let a few extremes dominate it.
 * W_FY = 1 − W_ECV lies in [0, 1] exactly when W_ECV does, so both means cover the
 * same days and the FY map is 1 − the ECV map.
 */
export function fusionWeightMap(wCube: Float32Array, grid: GridSpec, days: number): FusionWeightMap {
  const plane = cellCount(grid);
  if (wCube.length !== plane * days) {
    throw new RangeError(`weight cube holds ${wCube.length} values, expected ${days} days × ${grid.height} × ${grid.width}`);
  }
  const sum = new Float64Array(plane);
  const count = new Int32Array(plane);
  for (let d = 0; d < days; d++) {
    const base = d * plane;
    for (let p = 0; p < plane; p++) {
      const w = wCube[base + p];
      if (w >= 0 && w <= 1) {
        sum[p] += w;
        count[p]++;
      }
    }
  }
  const ecv = new Float32Array(plane);
  const fy = new Float32Array(plane);
  for (let p = 0; p < plane; p++) {
    const mean = count[p] > 0 ? sum[p] / count[p] : NaN;
    ecv[p] = mean;
    fy[p] = 1 - mean;
  }
  return { ecv, fy, count };
}

/** A weight clipped to [−1, 1], as the site time series are shown (GRNN paper Fig. 7); NaN stays NaN. */
export function clipWeight(w: number): number {
  return w < -1 ? -1 : w > 1 ? 1 : w;
}
