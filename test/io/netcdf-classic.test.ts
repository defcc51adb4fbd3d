import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cfDecode, cfPacking } from '../../src/io/cf-decode.js';
import { openDataFile } from '../../src/io/open-data-file.js';
import { fixture, hasNetcdfTools, ncdumpValues, ncgen } from '../helpers/netcdf-tools.js';

const CDL = readFileSync(fixture('packed-classic.cdl'), 'utf8');
const SHAPES: Record<string, number[]> = { time: [2], lat: [3], lon: [4], sm: [2, 3, 4], lst: [3, 4], flag: [2, 3, 4] };

describe.skipIf(!hasNetcdfTools)('NetCDF classic reader against ncdump', () => {
  for (const kind of ['classic', '64-bit-offset'] as const) {
    it(`${kind}: every variable's stored values equal ncdump's (fill as the fill value)`, async () => {
      const file = ncgen(CDL, kind, 'packed.nc');
      const data = await openDataFile(file);
      try {
        expect(data.format).toBe('netcdf-classic');
        expect(data.variables().map((v) => [v.name, v.shape])).toEqual(Object.entries(SHAPES));
        expect(data.variable('sm').dims).toEqual(['time', 'lat', 'lon']);
        for (const [name, shape] of Object.entries(SHAPES)) {
          const fill = data.variable(name).attrs._FillValue?.value as number[] | undefined;
          const theirs = ncdumpValues(file, name).map((x) => (Number.isNaN(x) ? fill![0] : x));
          expect(
            Array.from(
              data.readRaw(
                name,
                shape.map(() => 0),
                shape,
              ),
            ),
            name,
          ).toEqual(theirs.map(Math.fround).map((x, i) => (name === 'time' ? theirs[i] : x)));
        }
      } finally {
        data.close();
      }
    });
  }

  it('reads a hyperslab of a record variable (second record, inner block)', async () => {
    const file = ncgen(CDL, 'classic', 'packed.nc');
    const data = await openDataFile(file);
    const all = ncdumpValues(file, 'sm');
    // records 1, rows 1…2, cols 1…2 of [2][3][4]
    const expected = [1 * 12 + 1 * 4 + 1, 1 * 12 + 1 * 4 + 2, 1 * 12 + 2 * 4 + 1, 1 * 12 + 2 * 4 + 2].map((i) => all[i]);
    expect(Array.from(data.readRaw('sm', [1, 1, 1], [1, 2, 2]))).toEqual(expected.map((x) => (Number.isNaN(x) ? -9999 : x)));
    expect(() => data.readRaw('sm', [1, 2, 0], [1, 2, 4])).toThrow(/packed\.nc: sm: cannot read \[1,2,0\]\+\[1,2,4\] from shape \[2,3,4\]/);
    data.close();
  });

  it('decodes by the CF rules: fill and out-of-range → NaN, scale and offset applied', async () => {
    const data = await openDataFile(ncgen(CDL, 'classic', 'packed.nc'));
    const sm = data.variable('sm');
    const out = new Float32Array(12);
    cfDecode(data.readRaw('sm', [0, 0, 0], [1, 3, 4]), cfPacking(data.path, sm), out);
    // valid_range [0, 1] is float, i.e. physical: stored −100 … 9900 are valid
    const s = Math.fround(1e-4);
    const o = Math.fround(0.01);
    const phys = (x: number) => Math.fround(x * s + o);
    expect([...out]).toEqual([
      phys(1000),
      phys(2000),
      NaN,
      phys(4000),
      phys(5000),
      phys(6000),
      phys(7000),
      NaN,
      phys(-1),
      phys(0),
      NaN,
      phys(1234),
    ]);
    const lst = new Float32Array(12);
    cfDecode(data.readRaw('lst', [0, 0], [3, 4]), cfPacking(data.path, data.variable('lst')), lst);
    expect([...lst]).toEqual([270.5, 280.25, NaN, 300, NaN, Math.fround(273.15), 290, NaN, 250, 260, 265.5, 399.75]);
    data.close();
  });

  it('a truncated file fails naming the file', async () => {
    const { writeFileSync } = await import('node:fs');
    const file = ncgen(CDL, 'classic', 'packed.nc');
    const cut = file.replace(/packed\.nc$/, 'cut.nc');
    writeFileSync(cut, readFileSync(file).subarray(0, readFileSync(file).length - 20));
    await expect(openDataFile(cut)).rejects.toThrow(/cut\.nc: truncated NetCDF file/);
  });
});
