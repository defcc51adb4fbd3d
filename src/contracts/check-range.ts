import { InputError } from '../../core/errors.js';
import type { Logger } from '../log.js';
import { explainOutOfRange, fmt, type InputRole } from './roles.js';

/** An input's values as read: [band][row][col] on a grid `width` cells wide, NaN = missing. */
export interface InputValues {
  /** The input's key in the configuration (e.g. `albedo`). */
  readonly key: string;
  readonly file: string;
  readonly data: Float32Array;
  readonly width: number;
  readonly height: number;
  /** Per band, when the bands are dated. */
  readonly dates?: readonly (string | null)[];
  /** Row of the whole grid that row 0 of `data` is (a shard reads a band of rows); default 0. */
  readonly firstRow?: number;
  /** Where value `index` is, in the file's own terms (default: band, date, cell row and col). */
  readonly where?: (index: number) => string;
}

export interface ValueRange {
  readonly min: number;
  readonly max: number;
  /** Values that are not NaN. */
  readonly valid: number;
}

/** Min, max and count of the valid values: one tight pass (about 1 ms per million values), the whole cost of a passing check. */
export function valueRange(data: Float32Array): ValueRange {
  let min = Infinity;
  let max = -Infinity;
  let valid = 0;
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (v !== v) continue;
    valid++;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return { min, max, valid };
}

/**
 * The role's contract on `input`: values outside the role's range are an InputError naming
 * the file, the input, the range found, the first value outside with its band (and date)
 * and cell, how many are outside, and the likely fix. Legal values that look wrong anyway
 * (or none at all) are an INPUT_SUSPICIOUS warning.
 */
export function checkRange(input: InputValues, role: InputRole, log: Logger): ValueRange {
  const range = valueRange(input.data);
  const { min, max, valid } = range;
  if (valid === 0) {
    log.warn('INPUT_SUSPICIOUS', `${input.file}: input ${input.key} has no valid value (${role.what})`);
    return range;
  }
  if (min < role.lo || max > role.hi) throw outOfRange(input, role, range);
  const why = role.suspicious(min, max);
  if (why) log.warn('INPUT_SUSPICIOUS', `${input.file}: input ${input.key}: ${why}`);
  return range;
}

function outOfRange(input: InputValues, role: InputRole, { min, max, valid }: ValueRange): InputError {
  const { data } = input;
  let first = -1;
  let outside = 0;
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (v < role.lo || v > role.hi) {
      if (first < 0) first = i;
      outside++;
    }
  }
  const where = input.where?.(first) ?? bandCell(input, first);
  return new InputError(
    input.file,
    `values range ${fmt(min)}…${fmt(max)}, outside [${role.lo}, ${role.hi}] expected for ${role.what} of input ${input.key}; ` +
      `first ${fmt(data[first])} at ${where}; ${outside} of ${valid} values outside. Fix: ${explainOutOfRange(role, min, max)}`,
  );
}

/** Band (and its date) and cell of value `index` of a [band][row][col] stack. */
function bandCell({ width, height, dates, firstRow = 0 }: InputValues, index: number): string {
  const band = Math.floor(index / (width * height));
  const cell = index % (width * height);
  const date = dates?.[band];
  return `band ${band + 1}${date ? ` (${date})` : ''}, cell row ${firstRow + Math.floor(cell / width)} col ${cell % width}`;
}
