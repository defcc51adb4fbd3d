import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openProduct } from '../../../src/io/products/open-product.js';
import { h5dumpValues, hasH5dump } from '../../helpers/h5dump.js';
import { fillCdl, fixture, hasNetcdfTools, ncgen, sparseCdlData } from '../../helpers/netcdf-tools.js';

describe.skipIf(!hasNetcdfTools || !hasH5dump)('FY-3C/3D MWRI L2 VSM fixture (NSMC naming, "Soil Moisture" with Slope/Intercept)', () => {
  const [rows, cols] = [586, 1383];
  const dn = new Map<number, number>();
  for (let r = 100; r < 170; r++)
    for (let c = 1000; c < 1170; c++) if ((r + c) % 13 !== 0) dn.set(r * cols + c, 20 + ((r * 7 + c * 3) % 900));
  const cdl = fillCdl(readFileSync(fixture('fy3-mwri-l2-vsm.cdl'), 'utf8'), { SM: sparseCdlData(rows * cols, dn, '-999') });

  it('FY3C descending and FY3D files: auto-detected, Slope · DN + Intercept equal h5dump × Slope + Intercept, fill → NaN', async () => {
    for (const name of [
      'FY3C_MWRID_GBAL_L2_VSM_MLT_ESD_20150401_POAD_025KM_MS.HDF',
      'FY3D_MWRIA_GBAL_L2_VSM_MLT_ESD_20150401_POAD_025KM_MS.HDF',
      'FY3B_MWRIX_GBAL_L2_VSM_MLT_ESD_20150401_POAD_025KM_MS.HDF',
    ]) {
      const file = ncgen(cdl, 'nc4', name);
      const p = await openProduct(file, 'auto');
      expect(p).toMatchObject({ product: 'fy3b', variable: '/Soil Moisture', units: 'm3/m3', dates: ['2015-04-01'] });
      expect(p.grid).toMatchObject({ width: cols, height: rows, epsg: 3410 });
      const theirs = h5dumpValues(file, '/Soil Moisture').slice(100 * cols, 170 * cols);
      const ours = p.readLayer(0, { row0: 100, col0: 0, rows: 70, cols });
      let wrong = 0;
      for (let i = 0; i < theirs.length; i++) {
        const want = theirs[i] === -999 ? NaN : Math.fround(theirs[i] * Math.fround(0.0005) + Math.fround(0.01));
        if (!(Object.is(ours[i], want) || Math.abs(ours[i] - want) < 1e-7)) wrong++;
      }
      expect(wrong).toBe(0);
      expect(ours.filter((x) => !Number.isNaN(x)).length).toBe(dn.size);
      p.close();
    }
  });

  it('a file whose name says the other pass than --pass is refused', async () => {
    const file = ncgen(cdl, 'nc4', 'FY3C_MWRID_GBAL_L2_VSM_MLT_ESD_20150401_POAD_025KM_MS.HDF');
    await expect(openProduct(file, 'fy3b', { pass: 'am' })).rejects.toThrow(/descending pass \(MWRID\) but --pass am/);
    const ok = await openProduct(file, 'fy3b', { pass: 'pm' });
    ok.close();
  });
});
