/**
 * The MODIS product: MOD11 (multiply) and MOD13 (divide) scale conventions, field names,
 * dates, and two MOD11A1 tiles (h25v05, h26v05) of one day mosaicked onto a 0.25° grid.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../core/errors.js';
import type { VariableInfo } from '../../../src/io/data-file.js';
import { readProductStack } from '../../../src/io/product-stack.js';
import { modisPacking, scaleConvention } from '../../../src/io/products/modis.js';
import { openProduct } from '../../../src/io/products/open-product.js';
import { makeGrid } from '../../../src/grid/gridspec.js';

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'hdf4');
const tile = (h: number) => join(FIXTURES, `MOD11A1.A2021225.h${h}v05.061.2021226000000.hdf`);
/** make-fixtures.mjs: stored LST of tile h at row r, column c (60 × 60 cells); (7, 9) is fill. */
const stored = (h: number, r: number, c: number) => (r === 7 && c === 9 ? 0 : 13000 + h * 100 + r * 20 + c);
const N = 60;
const TILE_M = 1111950.5197665;
const R = 6371007.181;

describe('MODIS scale conventions', () => {
  it('MOD13/MYD13 divide; MOD11/MYD11/MCD43 multiply; other products by the size of the factor', () => {
    for (const s of ['MOD13A2', 'MYD13Q1', 'MOD13A1', 'MOD13C1']) expect(scaleConvention(s, 10000)).toBe('divide');
    for (const s of ['MOD11A1', 'MYD11A1', 'MOD11C1', 'MCD43A3']) expect(scaleConvention(s, 0.02)).toBe('multiply');
    expect(scaleConvention('MOD09GA', 0.0001)).toBe('multiply');
    expect(scaleConvention('MOD44X', 100)).toBe('divide');
  });

  it('decodes by hand-computed values: MOD11 7500 × 0.02 = 150 K, MOD13 5000 / 10000 = 0.5', () => {
    const v = (scale: number, fill: number, range: [number, number]): VariableInfo => ({
      name: 'x',
      dims: ['YDim', 'XDim'],
      shape: [1, 1],
      type: 'int16',
      attrs: {
        scale_factor: { type: 'float64', value: [scale] },
        add_offset: { type: 'float64', value: [0] },
        _FillValue: { type: 'int16', value: [fill] },
        valid_range: { type: 'int16', value: range },
      },
    });
    const lst = modisPacking('f', v(0.02, 0, [7500, 65535]), 'MOD11A1');
    expect(7500 * lst.scale + lst.offset).toBeCloseTo(150, 10);
    const ndvi = modisPacking('f', v(10000, -3000, [-2000, 10000]), 'MOD13A2');
    expect(5000 * ndvi.scale + ndvi.offset).toBeCloseTo(0.5, 12);
    expect(ndvi.fills).toEqual([-3000]);
    expect([ndvi.validMin, ndvi.validMax]).toEqual([-2000, 10000]);
  });
});

describe('MOD11A1 tiles', () => {
  it("reads LST in kelvin (stored × 0.02), the fill as NaN, dated by RANGEBEGINNINGDATE, on the tile's sinusoidal grid", async () => {
    const p = await openProduct(tile(25), 'auto');
    try {
      expect(p).toMatchObject({ product: 'modis', variable: 'LST_Day_1km', units: 'K', dates: ['2021-08-13'] });
      expect(p.period).toBeUndefined();
      expect(p.grid.originX).toBeCloseTo(-20015109.354 + 25 * TILE_M, 3);
      expect(p.grid.resX).toBeCloseTo(TILE_M / N, 6);
      const a = p.readLayer(0, { row0: 5, col0: 8, rows: 4, cols: 3 });
      for (let r = 0; r < 4; r++) {
        for (let c = 0; c < 3; c++) {
          const s = stored(25, 5 + r, 8 + c);
          expect(a[r * 3 + c]).toBe(s === 0 ? NaN : Math.fround(s * Math.fround(0.02)));
        }
      }
    } finally {
      p.close();
    }
  });

  it('resolves field names regardless of case and refuses unknown ones, listing the fields', async () => {
    const p = await openProduct(tile(25), 'modis', { variable: 'lst_day_1km' });
    expect(p.variable).toBe('LST_Day_1km');
    p.close();
    await expect(openProduct(tile(25), 'modis', { variable: 'NDVI' })).rejects.toThrow(InputError);
    await expect(openProduct(tile(25), 'modis', { variable: 'NDVI' })).rejects.toThrow(/no field "NDVI" \(fields: "LST_Day_1km"\)/);
    await expect(openProduct(tile(25), 'smap')).rejects.toThrow(/is HDF4, not a smap file/);
  });

  it('mosaics two tiles of one day onto 0.25°: each target cell is the tile cell under its centre (sinusoidal worked by hand)', async () => {
    const target = makeGrid({ west: 75, south: 30, east: 105, north: 40 }, 0.25);
    const s = await readProductStack([tile(25), tile(26)], { target, resampling: 'nearest' });
    expect(s.dates).toEqual(['2021-08-13']);
    expect(s.units).toBe('K');
    const fromEach = [0, 0];
    for (let row = 0; row < target.height; row++) {
      for (let col = 0; col < target.width; col++) {
        const lat = 40 - (row + 0.5) * 0.25;
        const lon = 75 + (col + 0.5) * 0.25;
        const x = ((R * lon * Math.PI) / 180) * Math.cos((lat * Math.PI) / 180);
        const y = (R * lat * Math.PI) / 180;
        const h = Math.floor((x + 20015109.354) / TILE_M);
        const v = Math.floor((10007554.677 - y) / TILE_M);
        const c = Math.floor((x - (-20015109.354 + h * TILE_M)) / (TILE_M / N));
        const r = Math.floor((10007554.677 - v * TILE_M - y) / (TILE_M / N));
        const got = s.data[row * target.width + col];
        if (v !== 5 || (h !== 25 && h !== 26)) {
          expect(got).toBeNaN();
          continue;
        }
        const want = stored(h, r, c);
        if (want === 0) expect(got).toBeNaN();
        else expect(got).toBeCloseTo(Math.fround(want * Math.fround(0.02)), 3);
        fromEach[h - 25]++;
      }
    }
    expect(fromEach[0]).toBeGreaterThan(500);
    expect(fromEach[1]).toBeGreaterThan(500);
  });
});
