import { describe, expect, it } from 'vitest';
import { FLAG } from '../../src/cube/flags.js';
import { nullOutOfRange, warnOutOfRange } from '../../src/cube/physical-range.js';
import { silentLogger } from '../../src/log.js';
import type { GrnnResult } from '../../src/methods/grnn/fuse.js';
import { nullGrnnOutOfRange } from '../../src/run/grnn/outputs.js';

describe('physical range of fused SM', () => {
  it('nulls values outside [0, maxSm], keeps them in the raw copy and counts each side', () => {
    const values = Float32Array.from([0.1, -0.02, NaN, 0.6, 0.61, 0, -0.38, 0.9]);
    const before = values.slice();
    const check = nullOutOfRange(values, 0.6);
    expect(check).toMatchObject({ below: 2, above: 2 });
    expect(check.min).toBeCloseTo(-0.38, 6);
    expect(check.max).toBeCloseTo(0.9, 6);
    expect(check.raw).toEqual(before);
    // the bounds themselves are in range; NaN stays NaN and counts on neither side
    expect(Array.from(values)).toEqual([values[0], NaN, NaN, values[3], NaN, 0, NaN, NaN]);
    expect(values[3]).toBeCloseTo(0.6, 6);
  });

  it('leaves an in-range series alone, with no raw copy and no warning', () => {
    const values = Float32Array.from([0.2, NaN, 0.45]);
    const check = nullOutOfRange(values, 0.6);
    expect(check.raw).toBeNull();
    expect(Array.from(values)).toEqual([values[0], NaN, values[2]]);
    const log = silentLogger();
    warnOutOfRange(log, check, 0.6, 'days', 'x');
    expect(log.warnings()).toEqual([]);
  });

  it('GRNN: out-of-range pixel-days get flag 13 and FUSED_OUT_OF_RANGE with their count; the reconstructions are untouched', () => {
    const fused = Float32Array.from([0.3, 0.7, NaN, -0.1]);
    const rec = Float32Array.from([0.3, 0.7, 0.2, -0.1]);
    const flags = Uint8Array.from([FLAG.PREDICTED, FLAG.PREDICTED_WIDENED, FLAG.FROZEN, FLAG.PREDICTED]);
    const result = { predictions: { fused, ecv_rec: rec, fy_rec: rec.slice() }, flags } as unknown as GrnnResult;
    const log = silentLogger();
    const raw = nullGrnnOutOfRange(result, 0.6, log);
    expect(Array.from(raw!)).toEqual([fused[0], Float32Array.of(0.7)[0], NaN, Float32Array.of(-0.1)[0]]);
    expect(Array.from(fused)).toEqual([fused[0], NaN, NaN, NaN]);
    expect(Array.from(flags)).toEqual([FLAG.PREDICTED, FLAG.OUT_OF_RANGE, FLAG.FROZEN, FLAG.OUT_OF_RANGE]);
    expect(rec[1]).toBeCloseTo(0.7, 6);
    expect(log.warnings()).toEqual([expect.objectContaining({ code: 'FUSED_OUT_OF_RANGE', count: 2 })]);
    expect(log.warnings()[0].message).toContain('1 below 0, down to -0.100; 1 above 0.6, up to 0.700');
  });
});
