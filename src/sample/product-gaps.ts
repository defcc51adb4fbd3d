import { FREEZING_POINT_K, SNOW_ALBEDO } from '../cube/masks.js';
import type { GridSpec } from '../grid/gridspec.js';
import { deriveSeed } from '../../core/rng.js';
import { normalTail } from './curves.js';
import type { Geography } from './geography.js';
import { DailyNoise } from './lattice.js';
import type { ReferenceFields } from './reference.js';
import type { Weather } from './weather.js';

/** Where and when a satellite product retrieves soil moisture. */
export interface GapModel {
  /** Share of all pixel-days the product covers (GRNN paper Fig. 4: ECV 25.5 %, FY 23.7 %). */
  readonly coverage: number;
  /**
   * Soil must also be unfrozen at overpass: daily mean air temperature + this > 0 °C.
   * Night/morning overpasses (ECV) see frozen soil on more days than the 13:30 FY pass,
   * which the daytime-LST test already covers (undefined).
   */
  readonly overpassAirOffset?: number;
  /** Swath pattern: stripes `spacingDeg` apart, slanted by `tilt`·lat, moving `drift` periods a day. */
  readonly swathSpacingDeg: number;
  readonly swathTilt: number;
  readonly swathDrift: number;
  /** Weight of the swath position against the retrieval-failure blobs in the gap score. */
  readonly swathShare: number;
  /** Retrieval failures (RFI, rain, flags): smooth daily blobs of this size, degrees. */
  readonly blobSpacingDeg: number;
  /** Dense vegetation makes retrievals fail: gap score + this × NDVI. */
  readonly vegetationGap: number;
}

/** Failure blobs keep 30 % of themselves from one day to the next: RFI and rain cells move on quickly. */
const BLOB_PERSISTENCE = 0.3;

export interface GapInputs {
  readonly grid: GridSpec;
  readonly geo: Geography;
  readonly weather: Weather;
  readonly reference: ReferenceFields;
}

/**
 * 1 where the product has a retrieval. Never where frozen or snow covered (LST ≤ 0 °C or
 * albedo ≥ 0.3, the unfrozen mask of the GRNN paper), nor where the overpass sees frozen
 * soil. Elsewhere each pixel-day gets a gap score (swath position, failure blobs,
 * vegetation) and the lowest scores are kept, as many as the target coverage asks.
 */
export function retrievalMask(model: GapModel, inputs: GapInputs, seed: number): Uint8Array {
  const { grid, geo, weather, reference } = inputs;
  const cells = grid.width * grid.height;
  const { days, airTemp } = weather;
  const blobs = new DailyNoise(grid, model.blobSpacingDeg, BLOB_PERSISTENCE, deriveSeed(seed, 1));
  const blob = new Float32Array(cells);
  const swathPhase = new Float64Array(cells);
  for (let i = 0; i < cells; i++) swathPhase[i] = (geo.lon[i] + model.swathTilt * geo.lat[i]) / model.swathSpacingDeg;
  const airOffset = model.overpassAirOffset ?? Infinity;

  const score = new Float32Array(days * cells).fill(NaN);
  let candidates = 0;
  for (let d = 0; d < days; d++) {
    blobs.next(blob);
    const off = d * cells;
    for (let i = 0; i < cells; i++) {
      const j = off + i;
      const unfrozen = reference.lst[j] - FREEZING_POINT_K > 0 && reference.albedo[j] < SNOW_ALBEDO;
      if (!unfrozen || airTemp[j] + airOffset <= 0) continue;
      const s = swathPhase[i] + d * model.swathDrift;
      score[j] =
        model.swathShare * (s - Math.floor(s)) +
        (1 - model.swathShare) * (1 - normalTail(blob[i])) +
        model.vegetationGap * reference.ndvi[j];
      candidates++;
    }
  }

  const wanted = Math.round(model.coverage * days * cells);
  const threshold = wanted >= candidates ? Infinity : kthSmallest(score, candidates, wanted);
  const mask = new Uint8Array(days * cells);
  for (let j = 0; j < score.length; j++) if (score[j] <= threshold) mask[j] = 1; // NaN compares false
  return mask;
}

/** The k-th smallest (1-based) of the `count` non-NaN values; −Infinity for k = 0. */
function kthSmallest(values: Float32Array, count: number, k: number): number {
  if (k <= 0) return -Infinity;
  const finite = new Float32Array(count);
  let n = 0;
  for (let j = 0; j < values.length; j++) if (!Number.isNaN(values[j])) finite[n++] = values[j];
  finite.sort();
  return finite[k - 1];
}
