import { FLAG } from './flags.js';

/** 0 °C in kelvin: LST inputs are kelvin on disk, masks compare in °C. */
export const FREEZING_POINT_K = 273.15;
/** A freeze/thaw mask at or above this (after an area mean: most of the cell) marks the pixel-day frozen. */
export const FROZEN_FRACTION = 0.5;
/** Albedo at or above this marks snow (GRNN paper §III-C). */
export const SNOW_ALBEDO = 0.3;

export interface ReferenceData {
  readonly width: number;
  readonly height: number;
  readonly days: number;
  /** Kelvin, [day][row][col]. */
  readonly lst: Float32Array;
  readonly ndvi: Float32Array;
  readonly albedo: Float32Array;
  /** Metres, [row][col]. */
  readonly dem: Float32Array;
  /** Optional freeze/thaw mask [day][row][col]: ≥ 0.5 (frozen, or mostly frozen after an area mean) marks the pixel-day frozen; NaN says nothing. */
  readonly frozen?: Float32Array;
}

/**
 * Status of every pixel-day before fusion: 0 where it may train and be predicted
 * (unfrozen: LST > 0 °C and albedo < 0.3, with all reference data present, and not
 * frozen by a freeze/thaw mask when one is given), else the flag that says why not.
 */
export function referenceStatus(ref: ReferenceData): Uint8Array {
  const plane = ref.width * ref.height;
  const status = new Uint8Array(plane * ref.days);
  for (let day = 0; day < ref.days; day++) {
    for (let cell = 0; cell < plane; cell++) {
      const i = day * plane + cell;
      const lst = ref.lst[i];
      const albedo = ref.albedo[i];
      if (Number.isNaN(lst) || Number.isNaN(albedo) || Number.isNaN(ref.ndvi[i]) || Number.isNaN(ref.dem[cell])) {
        status[i] = FLAG.REFERENCE_MISSING;
      } else if (!(lst - FREEZING_POINT_K > 0 && albedo < SNOW_ALBEDO) || (ref.frozen !== undefined && ref.frozen[i] >= FROZEN_FRACTION)) {
        status[i] = FLAG.FROZEN;
      }
    }
  }
  return status;
}
