import { FLAG } from './flags.js';

/** How many pixel-days the reference data leave out of fusion, and why (from referenceStatus). */
export interface ReferenceGaps {
  /** Pixel-days over cells with a DEM (the domain). */
  readonly pixelDays: number;
  /** LST, NDVI or albedo missing on a cell with a DEM: flag REFERENCE_MISSING, no prediction. */
  readonly missingPixelDays: number;
  /** Days with at least one such pixel-day. */
  readonly daysWithMissing: number;
  /** Frozen or snow: flag FROZEN, no prediction by design. */
  readonly frozenPixelDays: number;
}

/** Counts over the cells that have a DEM: cells without one are outside the domain, not gaps. */
export function referenceGaps(status: Uint8Array, dem: Float32Array, days: number): ReferenceGaps {
  const plane = dem.length;
  let domain = 0;
  for (let c = 0; c < plane; c++) if (dem[c] === dem[c]) domain++;
  let missing = 0;
  let frozen = 0;
  let daysWithMissing = 0;
  for (let d = 0; d < days; d++) {
    let today = 0;
    for (let c = 0; c < plane; c++) {
      if (!(dem[c] === dem[c])) continue;
      const s = status[d * plane + c];
      if (s === FLAG.REFERENCE_MISSING) today++;
      else if (s === FLAG.FROZEN) frozen++;
    }
    missing += today;
    if (today > 0) daysWithMissing++;
  }
  return { pixelDays: domain * days, missingPixelDays: missing, daysWithMissing, frozenPixelDays: frozen };
}
