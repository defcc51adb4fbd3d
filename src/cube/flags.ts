/**
 * Per pixel-day flag codes of flags.tif (uint8). 0 is the declared nodata and means the
 * pixel-day was not processed; every processed pixel-day gets exactly one code.
 */
export const FLAG = {
  NOT_PROCESSED: 0,
  PREDICTED: 1,
  /** Predicted by a window widened to reach the minimum sample count. */
  PREDICTED_WIDENED: 2,
  /** Frozen or snow covered: LST ≤ 0 °C, albedo ≥ 0.3 or a freeze/thaw mask input (no prediction, by design). */
  FROZEN: 10,
  /** LST, NDVI, albedo or DEM missing: nothing to predict from. */
  REFERENCE_MISSING: 11,
  /** The window (even widened) had fewer samples than the minimum: left nodata. */
  TOO_FEW_SAMPLES: 12,
  /** Predicted outside the physical range [0, maxSm]: nulled in fused.tif, kept in fused_raw.tif (cube/physical-range.ts). */
  OUT_OF_RANGE: 13,
} as const;

export type FlagCode = (typeof FLAG)[keyof typeof FLAG];

export const FLAG_DESCRIPTIONS: Record<FlagCode, string> = {
  [FLAG.NOT_PROCESSED]: 'not processed (nodata)',
  [FLAG.PREDICTED]: 'predicted',
  [FLAG.PREDICTED_WIDENED]: 'predicted by a widened window',
  [FLAG.FROZEN]: 'frozen or snow (LST <= 0 C, albedo >= 0.3, or a freeze/thaw mask input says frozen)',
  [FLAG.REFERENCE_MISSING]: 'reference input missing (LST, NDVI, albedo or DEM)',
  [FLAG.TOO_FEW_SAMPLES]: 'window with too few samples',
  [FLAG.OUT_OF_RANGE]: 'fused outside the physical range [0, maxSm]: nulled, value in fused_raw.tif',
};
