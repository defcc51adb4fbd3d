import type { Logger } from '../log.js';

/**
 * The physical range of fused SM: a volumetric water content lies in [0, porosity], and
 * porosity above 0.6 m³/m³ is rare outside peat. A fused value outside [0, maxSm] is no
 * measurement of anything: it is nulled in the fused output (NaN), kept as it was in a
 * `_raw` output and flagged, never clipped to the bound (a clipped value would look real).
 */
export const DEFAULT_MAX_SM = 0.6;

export interface RangeCheck {
  /** Values < 0 and > maxSm (NaN is neither). */
  readonly below: number;
  readonly above: number;
  /** Smallest and largest finite value before nulling (NaN when none). */
  readonly min: number;
  readonly max: number;
  /** The values before nulling, or null when none was out of range. */
  readonly raw: Float32Array | null;
}

/**
 * Sets every value outside [0, maxSm] to NaN, in place; returns what it found (see
 * RangeCheck). The bound is compared as float32, as the values are stored: 0.6 written
 * as float32 (0.6000000238…) is in range.
 */
export function nullOutOfRange(values: Float32Array, maxSm: number): RangeCheck {
  const top = Math.fround(maxSm);
  let below = 0;
  let above = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v < min) min = v;
    if (v > max) max = v;
    if (v < 0) below++;
    else if (v > top) above++;
  }
  const raw = below + above > 0 ? values.slice() : null;
  if (raw) for (let i = 0; i < values.length; i++) if (values[i] < 0 || values[i] > top) values[i] = NaN;
  return { below, above, min: min <= max ? min : NaN, max: min <= max ? max : NaN, raw };
}

/** FUSED_OUT_OF_RANGE with the count of nulled values, when there are any. */
export function warnOutOfRange(log: Logger, check: RangeCheck, maxSm: number, what: string, rawOutput: string): void {
  const n = check.below + check.above;
  if (n === 0) return;
  log.warn(
    'FUSED_OUT_OF_RANGE',
    `${n} fused ${what} outside the physical range [0, ${maxSm}] m³/m³ (${check.below} below 0, down to ${check.min.toFixed(3)}; ${check.above} above ${maxSm}, up to ${check.max.toFixed(3)}): nulled in the fused output, kept in ${rawOutput}`,
    n,
  );
}
