import { describe, expect, it } from 'vitest';
import { checkRange, valueRange } from '../../src/contracts/check-range.js';
import { checkUnits } from '../../src/contracts/check-units.js';
import { enforceInputContract } from '../../src/contracts/input-contract.js';
import { applyRescale } from '../../src/contracts/rescale.js';
import { ROLES } from '../../src/contracts/roles.js';
import { InputError } from '../../core/errors.js';
import { silentLogger } from '../../src/log.js';

/** A 3 × 2 grid (width 3), 2 dated bands: [band][row][col]. */
const grid = (values: number[]) => ({
  key: 'albedo',
  file: 'a.tif',
  data: Float32Array.from(values),
  width: 3,
  height: 2,
  dates: ['2013-01-01', '2013-01-02'],
});
const legal = [0.1, 0.2, 0.3, NaN, 0.5, 0.6, 0.15, 0.25, 0.35, 0.45, 0.55, 0.65];

function errorOf(f: () => unknown): InputError {
  try {
    f();
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error('no InputError');
}

describe('value range of an input role', () => {
  it('min, max and the valid count skip NaN', () => {
    expect(valueRange(Float32Array.from(legal))).toEqual({ min: Math.fround(0.1), max: Math.fround(0.65), valid: 11 });
  });

  it('legal values pass without a warning', () => {
    const log = silentLogger();
    checkRange(grid(legal), ROLES.albedo, log);
    expect(log.warnings()).toEqual([]);
  });

  it('a value outside names the file, the input, the band and date, the cell, the count and the fix', () => {
    // albedo in percent: band 2 (index 6..11), first value > 1 at index 7 → row 0, col 1
    const values = [...legal.slice(0, 6), 0.9, 25, 35, 45, 55, 65];
    const e = errorOf(() => checkRange(grid(values), ROLES.albedo, silentLogger()));
    expect(e.file).toBe('a.tif');
    expect(e.message).toBe(
      'a.tif: values range 0.1…65, outside [0, 1] expected for albedo (0–1) of input albedo; first 25 at band 2 (2013-01-02), cell row 0 col 1; ' +
        '5 of 11 values outside. Fix: albedo looks like percent: divide by 100, or set `scale: 0.01` on this input (if it is MODIS counts ×1000, `scale: 0.001`)',
    );
  });

  it('a shard that read a band of rows names the cell by its row in the whole grid', () => {
    const values = [...legal.slice(0, 6), 0.9, 25, 35, 45, 55, 65];
    const e = errorOf(() => checkRange({ ...grid(values), firstRow: 40 }, ROLES.albedo, silentLogger()));
    expect(e.message).toContain('first 25 at band 2 (2013-01-02), cell row 40 col 1;');
  });

  it.each([
    ['ndvi', [0.2, 8500, -1500], 'NDVI looks like raw MODIS counts (×10000): set `scale: 0.0001`'],
    ['lst', [-12.5, 25, 3.1], 'LST looks like °C: add 273.15 (`offset: 273.15`)'],
    ['lst', [13000, 14800, 15250], 'LST looks like raw MODIS counts (×50): set `scale: 0.02`'],
    ['dem', [300, 12000, 16000], 'elevation looks like feet: set `scale: 0.3048`'],
    ['dem', [-32768, 3000, 4000], '-32768 looks like a nodata value the file does not declare'],
    ['sm', [0.1, 35, 40], 'soil moisture looks like percent: divide by 100, or set `scale: 0.01` on this input'],
    ['sm', [0.1, 350, 400], 'check its units and scale factor'],
  ] as const)('%s %j: %s', (role, values, fix) => {
    const input = { key: role, file: 'x.tif', data: Float32Array.from(values), width: 3, height: 1 };
    const e = errorOf(() => checkRange(input, ROLES[role], silentLogger()));
    expect(e.message).toContain(`Fix: ${fix}`);
    // an undated band says only its number
    expect(e.message).toMatch(/at band 1, cell row 0 col [0-2];/);
  });

  it.each([
    ['albedo', [0.001, 0.004, 0.008], 'albedo never exceeds 0.008'],
    ['ndvi', [0.95, 0.97, 0.99], 'NDVI is above 0.95 everywhere'],
    ['sm', [0.001, 0.01, 0.015], 'soil moisture never exceeds 0.015 m³/m³'],
    ['dem', [0.3, 4.2, 5.1], 'elevation never exceeds 5.1 m: in km?'],
    ['lst', [NaN, NaN, NaN], 'has no valid value'],
  ] as const)('legal but suspicious %s %j warns INPUT_SUSPICIOUS', (role, values, why) => {
    const log = silentLogger();
    checkRange({ key: role, file: 'x.tif', data: Float32Array.from(values), width: 3, height: 1 }, ROLES[role], log);
    const [w] = log.warnings();
    expect(w.code).toBe('INPUT_SUSPICIOUS');
    expect(w.message).toContain('x.tif');
    expect(w.message).toContain(why);
  });
});

describe('units attribute of an input role', () => {
  it.each([
    ['lst', 'degC', 'LST in °C: add 273.15 (`offset: 273.15`)'],
    ['lst', '°C', 'LST in °C: add 273.15 (`offset: 273.15`)'],
    ['albedo', '%', 'albedo looks like percent: divide by 100, or set `scale: 0.01` on this input'],
    ['sm', 'percent', 'soil moisture looks like percent'],
    ['sm', '% saturation', 'degree of saturation is not a volume fraction'],
    ['dem', 'ft', 'elevation in feet: set `scale: 0.3048`'],
    ['dem', 'km', 'elevation in km: set `scale: 1000`'],
  ] as const)('%s with units "%s" is an InputError with the fix', (role, units, fix) => {
    const e = errorOf(() => checkUnits(role, 'x.tif', units, ROLES[role], false, silentLogger()));
    expect(e.message).toContain(`x.tif: units "${units}" of input ${role} contradict`);
    expect(e.message).toContain(`Fix: ${fix}`);
  });

  it('accepts the role unit in its usual spellings, and a contradicting one the configured scale/offset converts', () => {
    const log = silentLogger();
    for (const u of ['K', 'kelvin', ' k ']) checkUnits('lst', 'x.tif', u, ROLES.lst, false, log);
    for (const u of ['m3/m3', 'm3 m-3', 'm^3/m^3', 'm**3 m**-3', '1']) checkUnits('ecv', 'x.tif', u, ROLES.sm, false, log);
    checkUnits('lst', 'x.tif', 'degC', ROLES.lst, true, log);
    expect(log.warnings()).toEqual([]);
  });

  it('an unknown unit is a warning, not an error', () => {
    const log = silentLogger();
    checkUnits('ndvi', 'x.tif', 'furlongs', ROLES.ndvi, false, log);
    expect(log.warnings()).toEqual([expect.objectContaining({ code: 'INPUT_SUSPICIOUS', count: 1 })]);
  });
});

describe('scale and offset', () => {
  it('convert valid values in place, leave NaN missing, and warn INPUT_RESCALED with the count', () => {
    const data = Float32Array.from([-10, NaN, 25.5]);
    const log = silentLogger();
    applyRescale('lst', 'l.tif', data, { offset: 273.15 }, log);
    expect([...data]).toEqual([Math.fround(-10 + 273.15), NaN, Math.fround(25.5 + 273.15)]);
    expect(log.warnings()).toEqual([
      {
        code: 'INPUT_RESCALED',
        message: 'l.tif: input lst converted at load: value × 1 + 273.15 (scale/offset in the configuration)',
        count: 2,
      },
    ]);
  });

  it('the contract converts before it checks: albedo in percent with scale 0.01 passes', () => {
    const log = silentLogger();
    const input = { ...grid(legal.map((v) => v * 100)), units: '%', scale: 0.01 };
    const r = enforceInputContract(input, log);
    expect(r.max).toBeCloseTo(0.65, 6);
    expect(log.warnings().map((w) => w.code)).toEqual(['INPUT_RESCALED']);
  });
});
