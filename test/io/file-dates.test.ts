import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isIsoDate } from '../../src/cube/dates.js';
import { expandInputs } from '../../src/io/daily-files.js';
import { readGeoTiffStack } from '../../src/io/geotiff-read.js';
import { writeGeoTiff } from '../../src/io/geotiff-write.js';
import { dateInFileName } from '../../src/io/products/product.js';
import { makeGrid } from '../../src/grid/gridspec.js';
import { gdalinfo, hasGdal } from '../helpers/gdal.js';

describe('dates in file names', () => {
  it('reads YYYY-MM-DD and YYYYMMDD (also as the start of a timestamp)', () => {
    expect(dateInFileName('/d/ESACCI-SOILMOISTURE-L3S-SSMV-COMBINED-20100101000000-fv05.2.nc')).toBe('2010-01-01');
    expect(dateInFileName('/d/SMAP_L3_SM_P_20160229_R18290_001.h5')).toBe('2016-02-29');
    expect(dateInFileName('/d/ndvi_2017-12-31.tif')).toBe('2017-12-31');
    expect(dateInFileName('/d/dem.tif')).toBeNull();
    // a year range or a MODIS day-of-year timestamp is no date: 2010 01 80 has no day 80
    expect(dateInFileName('/d/mean_2000-2010.tif')).toBeNull();
    expect(dateInFileName('/d/MOD13A2.A2017001.h25v05.006.2017018093546.hdf')).toBeNull();
  });

  it('an impossible date is an InputError naming the file, not a day that rolls over', () => {
    expect(() => dateInFileName('/d/SMAP_L3_SM_P_20170231_R18290_001.h5')).toThrow(
      /^\/d\/SMAP_L3_SM_P_20170231_R18290_001\.h5: the date in the file name .*2017-02-31 is not a calendar date/,
    );
    expect(() => dateInFileName('/d/ndvi_2017-13-01.tif')).toThrow(/^\/d\/ndvi_2017-13-01\.tif: .*2017-13-01 is not a calendar date/);
    expect(() => dateInFileName('/d/ndvi_2017-04-31.tif')).toThrow(/2017-04-31 is not a calendar date/);
    expect(() => dateInFileName('/d/FY3B_20150229.h5')).toThrow(/2015-02-29 is not a calendar date/);
  });

  it('date tokens of input patterns refuse impossible dates, naming the file', () => {
    const dir = mkdtempSync('/tmp/smfuse-file-dates-');
    for (const n of ['a-20170228.nc', 'a-20170231.nc', 'b-2016-02-30.nc', 'c-2016366.nc', 'c-2017366.nc']) writeFileSync(join(dir, n), '');
    expect(() => expandInputs([join(dir, 'a-{YYYYMMDD}.nc')])).toThrow(
      new RegExp(`^${join(dir, 'a-20170231.nc')}: the \\{YYYYMMDD\\} date 20170231: 2017-02-31 is not a calendar date`),
    );
    expect(() => expandInputs([join(dir, 'b-{YYYY-MM-DD}.nc')])).toThrow(/b-2016-02-30\.nc: .*2016-02-30 is not a calendar date/);
    expect(() => expandInputs([join(dir, 'c-{YYYYDDD}.nc')])).toThrow(/c-2017366\.nc: the \{YYYYDDD\} date 2017366: 2017 has no day 366/);
  });

  it('isIsoDate knows years 1 … 99 and Gregorian leap rules', () => {
    expect(isIsoDate('0048-02-29')).toBe(true);
    expect(isIsoDate('0050-02-29')).toBe(false);
    expect(isIsoDate('1900-02-29')).toBe(false);
    expect(isIsoDate('2000-02-29')).toBe(true);
    expect(isIsoDate('2017-02-31')).toBe(false);
    expect(isIsoDate('0000-01-01')).toBe(false);
  });
});

describe.skipIf(!hasGdal)('dates in GeoTIFF band descriptions', () => {
  it('a band described 2017-02-31 is an InputError naming the file and band; real dates read', async () => {
    const dir = mkdtempSync('/tmp/smfuse-band-dates-');
    const grid = makeGrid({ west: 0, south: 0, east: 2, north: 2 }, 1);
    const write = (name: string, bandDescriptions: string[]) => {
      const path = join(dir, name);
      return writeGeoTiff(path, new Float32Array(4 * bandDescriptions.length).fill(0.2), {
        grid,
        bands: bandDescriptions.length,
        sampleType: 'float32',
        nodata: NaN,
        bandDescriptions,
      }).then(() => path);
    };
    const good = await write('good.tif', ['2017-02-28', '2017-03-01']);
    expect((await readGeoTiffStack(good)).dates).toEqual(['2017-02-28', '2017-03-01']);
    const bad = await write('bad.tif', ['2017-02-28', '2017-02-31']);
    expect(gdalinfo(bad).bands.map((b) => b.description)).toEqual(['2017-02-28', '2017-02-31']);
    await expect(readGeoTiffStack(bad)).rejects.toThrow(new RegExp(`^${bad}: band 2 description: 2017-02-31 is not a calendar date`));
    // a description that is no date (a variable name) leaves the band undated, as before
    expect((await readGeoTiffStack(await write('named.tif', ['sm']))).dates).toEqual([null]);
  });
});
