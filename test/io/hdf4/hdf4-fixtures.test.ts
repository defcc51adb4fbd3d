/**
 * The HDF4 reader on fixtures written by the HDF4 library (ncgen-hdf, hrepack) and by GDAL's
 * HDF4Image driver (test/fixtures/hdf4/make-fixtures.mjs): every cell against the formula
 * the fixtures were made from, plain, DEFLATE, chunked and chunked+DEFLATE, and windows.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../core/errors.js';
import { openHdf4 } from '../../../src/io/hdf4/hdf4-file.js';

const DIR = join(import.meta.dirname, '..', '..', 'fixtures', 'hdf4');
const ROWS = 17;
const COLS = 23;
/** The formulas of make-fixtures.mjs, restated. */
const VALUES: Record<string, (r: number, c: number) => number> = {
  int8: (r, c) => ((r * COLS + c) % 200) - 100,
  int16: (r, c) => (r * COLS + c) * 37 - 5000,
  int32: (r, c) => (r * COLS + c) * 100003 - 7,
  uint8: (r, c) => (r * COLS + c) % 256,
  uint16: (r, c) => (r * COLS + c) * 160 + 1000,
  float32: (r, c) => Math.fround((r - 8.5) * 0.25 + c * 1.5e-3),
  float64: (r, c) => (r - 8.5) * 1e6 + c / 3,
};

function expected(type: string, r0: number, c0: number, rows: number, cols: number): number[] {
  const out: number[] = [];
  for (let r = r0; r < r0 + rows; r++) for (let c = c0; c < c0 + cols; c++) out.push(VALUES[type](r, c));
  return out;
}

describe('HDF4 SD datasets written by the HDF4 library', () => {
  for (const layout of ['types', 'types-deflate', 'types-chunked', 'types-chunked-deflate']) {
    it(`${layout}: every type cell for cell, and a window across chunk edges`, () => {
      const h = openHdf4(join(DIR, `${layout}.hdf`));
      try {
        expect(h.globalAttrs.title).toEqual({ type: 'string', value: 'smfuse HDF4 type fixture' });
        for (const type of ['int8', 'int16', 'int32', 'float32', 'float64']) {
          const v = h.variable(`v_${type}`);
          expect(v.type).toBe(type);
          expect(v.shape).toEqual([ROWS, COLS]);
          expect(v.dims).toEqual(['YDim', 'XDim']);
          expect(Array.from(h.readRaw(v.name, [0, 0], [ROWS, COLS]))).toEqual(expected(type, 0, 0, ROWS, COLS));
          // rows 3…13, columns 6…21: partial 5 × 8 chunks on every side
          expect(Array.from(h.readRaw(v.name, [3, 6], [11, 16]))).toEqual(expected(type, 3, 6, 11, 16));
          expect(Array.from(h.readRaw(v.name, [16, 22], [1, 1]))).toEqual(expected(type, 16, 22, 1, 1));
        }
        expect(h.variable('v_int16').attrs._FillValue).toEqual({ type: 'int16', value: [-5000] });
        expect(h.variable('v_float32').attrs.long_name).toEqual({ type: 'string', value: 'float32 values' });
      } finally {
        h.close();
      }
    });
  }

  for (const [layout, name] of [
    ['types-rle', 'RLE'],
    ['types-huffman', 'skipping Huffman'],
  ]) {
    it(`${layout}: refused with an InputError naming the file and the ${name} compression`, () => {
      const path = join(DIR, `${layout}.hdf`);
      const h = openHdf4(path);
      try {
        const read = () => h.readRaw('v_int32', [0, 0], [ROWS, COLS]);
        expect(read).toThrow(InputError);
        expect(read).toThrow(`${path}: dataset "v_int32": ${name} compression is not supported`);
      } finally {
        h.close();
      }
    });
  }
});

describe('HDF4 written by GDAL (HDF4Image)', () => {
  for (const type of ['uint8', 'uint16', 'int16', 'float32']) {
    it(`${type}: the rank-3 SDS GDAL writes, cell for cell`, () => {
      const h = openHdf4(join(DIR, `gdal-${type}.hdf`));
      try {
        const [v] = h.variables();
        expect(v.type).toBe(type);
        expect(v.shape).toEqual([ROWS, COLS, 1]);
        expect(Array.from(h.readRaw(v.name, [0, 0, 0], [ROWS, COLS, 1]))).toEqual(expected(type, 0, 0, ROWS, COLS));
        expect(Array.from(h.readRaw(v.name, [5, 2, 0], [3, 4, 1]))).toEqual(expected(type, 5, 2, 3, 4));
        expect(h.globalAttrs.Signature?.value).toMatch(/GDAL/);
      } finally {
        h.close();
      }
    });
  }
});
