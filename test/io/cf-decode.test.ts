import { describe, expect, it } from 'vitest';
import { cfDecode, cfPacking } from '../../src/io/cf-decode.js';
import type { Attribute, NumericType, VariableInfo } from '../../src/io/data-file.js';

function variable(type: NumericType, attrs: Record<string, Attribute>): VariableInfo {
  return { name: 'sm', dims: ['x'], shape: [6], type, attrs };
}
const f32 = (...value: number[]): Attribute => ({ type: 'float32', value });
const i16 = (...value: number[]): Attribute => ({ type: 'int16', value });

function decode(v: VariableInfo, raw: number[]): number[] {
  const out = new Float32Array(raw.length);
  cfDecode(raw, cfPacking('f.nc', v), out);
  return [...out];
}

/** Hand-computed cases of the NetCDF User Guide rules. */
describe('cfDecode', () => {
  it('_FillValue and missing_value become NaN; the rest passes as stored', () => {
    const v = variable('float32', { _FillValue: f32(-9999), missing_value: f32(-1) });
    expect(decode(v, [0.25, -9999, -1, 0.5])).toEqual([0.25, NaN, NaN, 0.5]);
  });

  it('scale_factor and add_offset: physical = stored × scale + offset', () => {
    const v = variable('int16', { scale_factor: f32(0.01), add_offset: f32(1), _FillValue: i16(-32768) });
    expect(decode(v, [0, 25, -32768, -100])).toEqual([1, 1.25, NaN, 0].map(Math.fround));
  });

  it('valid_range typed like the data is in stored units', () => {
    const v = variable('int16', { scale_factor: f32(0.001), valid_range: i16(0, 1000) });
    expect(decode(v, [-1, 0, 1000, 1001])).toEqual([NaN, 0, 1, NaN]);
  });

  it('valid_range typed like scale_factor is in physical units (ESA CCI v02)', () => {
    // short sm × 1e-4 with valid_range [0, 1] float: stored 0 … 10000 are valid
    const v = variable('int16', { scale_factor: f32(1e-4), valid_range: f32(0, 1), _FillValue: i16(-9999) });
    expect(decode(v, [5000, 10000, 10001, -9999, -1])).toEqual([Math.fround(0.5), 1, NaN, NaN, NaN]);
  });

  it('valid_min / valid_max alone bound one side', () => {
    expect(decode(variable('float32', { valid_min: f32(0) }), [-0.5, 0, 7])).toEqual([NaN, 0, 7]);
    expect(decode(variable('float32', { valid_max: f32(1) }), [-0.5, 1, 1.5])).toEqual([-0.5, 1, NaN]);
  });

  it('a zero or multi-valued scale_factor is an error naming the file', () => {
    expect(() => cfPacking('f.nc', variable('int16', { scale_factor: f32(0) }))).toThrow('f.nc: sm: scale_factor is 0');
    expect(() => cfPacking('f.nc', variable('int16', { scale_factor: f32(1, 2) }))).toThrow(/f\.nc: sm: scale_factor must be one/);
  });
});
