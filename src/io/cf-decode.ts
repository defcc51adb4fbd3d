/**
 * CF / NetCDF User Guide decoding of stored values: fill and missing values, the valid
 * range, then scale_factor and add_offset. Every value that is not a valid measurement
 * becomes NaN, so nothing downstream can mistake a fill for data.
 */
import { InputError } from '../../core/errors.js';
import { attrNumbers, type VariableInfo } from './data-file.js';

export interface CfPacking {
  readonly fills: readonly number[];
  readonly scale: number;
  readonly offset: number;
  /** Valid interval of the *stored* values (NaN bounds = open). */
  readonly validMin: number;
  readonly validMax: number;
}

export function cfPacking(file: string, v: VariableInfo): CfPacking {
  const a = v.attrs;
  const one = (name: string, fallback: number) => {
    const x = attrNumbers(a, name);
    if (x === undefined) return fallback;
    if (x.length !== 1 || !Number.isFinite(x[0])) throw new InputError(file, `${v.name}: ${name} must be one finite number, found [${x}]`);
    return x[0];
  };
  const scale = one('scale_factor', 1);
  const offset = one('add_offset', 0);
  if (scale === 0) throw new InputError(file, `${v.name}: scale_factor is 0`);
  const fills = [...(attrNumbers(a, '_FillValue') ?? []), ...(attrNumbers(a, 'missing_value') ?? [])];
  const range = attrNumbers(a, 'valid_range');
  let lo = range?.[0] ?? one('valid_min', NaN);
  let hi = range?.[1] ?? one('valid_max', NaN);
  // NUG: a valid range typed like the stored data is in stored units; typed like
  // scale_factor (as in ESA CCI v02, short data with a float [0, 1]) it is in physical units.
  const rangeType = a.valid_range?.type ?? a.valid_min?.type ?? a.valid_max?.type;
  if (rangeType !== undefined && rangeType !== v.type && (scale !== 1 || offset !== 0)) {
    [lo, hi] = [(lo - offset) / scale, (hi - offset) / scale];
    if (scale < 0) [lo, hi] = [hi, lo];
  }
  return { fills, scale, offset, validMin: lo, validMax: hi };
}

/** Decodes `raw` into `out` from `outOffset`. */
export function cfDecode(raw: ArrayLike<number>, p: CfPacking, out: Float32Array, outOffset = 0): void {
  const { fills, scale, offset } = p;
  const lo = Number.isNaN(p.validMin) ? -Infinity : p.validMin;
  const hi = Number.isNaN(p.validMax) ? Infinity : p.validMax;
  const fill0 = fills.length > 0 ? fills[0] : NaN;
  for (let i = 0; i < raw.length; i++) {
    const x = raw[i];
    const missing = !(x >= lo && x <= hi) || x === fill0 || (fills.length > 1 && fills.includes(x));
    out[outOffset + i] = missing ? NaN : x * scale + offset;
  }
}
