import { describe, expect, it } from 'vitest';
import { FLAG } from '../../src/cube/flags.js';
import { referenceStatus } from '../../src/cube/masks.js';

describe('referenceStatus (unfrozen mask)', () => {
  it('keeps LST > 0 °C and albedo < 0.3, flags the rest and missing reference data', () => {
    // 1 day × 1 row × 7 cells, each one case.
    const lst = new Float32Array([274, 273.15, 272, 280, 280, NaN, 280]);
    const albedo = new Float32Array([0.2, 0.2, 0.2, 0.3, 0.299, 0.2, 0.2]);
    const ndvi = new Float32Array([0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3]);
    const dem = new Float32Array([4000, 4000, 4000, 4000, 4000, 4000, NaN]);
    const status = referenceStatus({ width: 7, height: 1, days: 1, lst, ndvi, albedo, dem });
    expect(Array.from(status)).toEqual([0, FLAG.FROZEN, FLAG.FROZEN, FLAG.FROZEN, 0, FLAG.REFERENCE_MISSING, FLAG.REFERENCE_MISSING]);
  });

  it('uses the static DEM for every day', () => {
    const status = referenceStatus({
      width: 2,
      height: 1,
      days: 2,
      lst: new Float32Array([280, 280, 280, 280]),
      ndvi: new Float32Array([0.1, 0.1, 0.1, 0.1]),
      albedo: new Float32Array([0.1, 0.1, 0.1, 0.1]),
      dem: new Float32Array([NaN, 100]),
    });
    expect(Array.from(status)).toEqual([FLAG.REFERENCE_MISSING, 0, FLAG.REFERENCE_MISSING, 0]);
  });
});
