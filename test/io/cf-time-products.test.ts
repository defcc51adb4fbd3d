import { describe, expect, it } from 'vitest';
import { openProduct } from '../../src/io/products/open-product.js';
import { silentLogger } from '../../src/log.js';
import { hasNetcdfTools, ncdumpValues, ncgen } from '../helpers/netcdf-tools.js';

/** A 2 × 2 CLM history file in the 360_day calendar: four daily steps, 28 February … 1 March; step t holds 0.1 + 0.01 t everywhere. */
const CLM_360 = `netcdf clm {
dimensions: time = 4 ; levsoi = 1 ; lat = 2 ; lon = 2 ;
variables:
 double time(time) ; time:units = "days since 2001-01-01 00:00:00" ; time:calendar = "360_day" ;
 double lat(lat) ; lat:units = "degrees_north" ;
 double lon(lon) ; lon:units = "degrees_east" ;
 float H2OSOI(time, levsoi, lat, lon) ; H2OSOI:units = "mm3/mm3" ;
data:
 time = 57, 58, 59, 60 ;
 lat = -45, 45 ;
 lon = 90, 270 ;
 H2OSOI = 0.10, 0.10, 0.10, 0.10, 0.11, 0.11, 0.11, 0.11, 0.12, 0.12, 0.12, 0.12, 0.13, 0.13, 0.13, 0.13 ;
}`;

describe.skipIf(!hasNetcdfTools)('model calendars in product files', () => {
  it('CLM 360_day: 29 and 30 February are left out with a warning; the other steps read their own layer', async () => {
    const path = ncgen(CLM_360, 'classic', 'clm360.nc');
    const log = silentLogger();
    const p = await openProduct(path, 'auto', { log });
    try {
      expect(p.product).toBe('clm');
      expect(p.dates).toEqual(['2001-02-28', '2001-03-01']);
      const all = ncdumpValues(path, 'H2OSOI');
      const whole = { row0: 0, col0: 0, rows: 2, cols: 2 };
      expect([...p.readLayer(0, whole)]).toEqual(all.slice(0, 4).map(Math.fround));
      // the second kept layer is the file's fourth step (1 March), not its second
      expect([...p.readLayer(1, whole)]).toEqual(all.slice(12, 16).map(Math.fround));
    } finally {
      p.close();
    }
    expect(log.warnings()).toEqual([
      {
        code: 'CALENDAR_DAY_DROPPED',
        count: 2,
        message: expect.stringMatching(/clm360\.nc: 2 time step\(s\) dated 2001-02-29, 2001-02-30 /),
      },
    ]);
  });
});
