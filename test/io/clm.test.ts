import { describe, expect, it } from 'vitest';
import { makeGrid } from '../../src/grid/gridspec.js';
import { applyRegrid, planRegrid } from '../../src/grid/regrid.js';
import { openProduct } from '../../src/io/products/open-product.js';
import { hasNetcdfTools, ncdumpValues, ncgen } from '../helpers/netcdf-tools.js';

/** Global 30° CLM grid: lon centres 15 … 345 (0–360), lat −75 … 75 (south → north). */
const NLON = 12;
const NLAT = 6;
const NLEV = 3;
const NT = 3;
/** CLM5's top soil layer is 2 cm thick. */
const DZ = [0.02, 0.04, 0.06];
const ocean = (la: number, lo: number) => (la * 5 + lo * 3) % 7 === 0;
/** Top-layer H2OSOI; deeper layers hold 0.9 so that reading the wrong one shows. */
const h2osoi = (t: number, la: number, lo: number) => 0.1 + 0.01 * t + 0.02 * la + 0.01 * lo;

/**
 * A CLM5.0 h1-style history file: H2OSOI and SOILLIQ (time, levsoi, lat, lon), DZSOI
 * (levgrnd, lat, lon), fill 1e36 over the ocean, daily means stamped at the end of their
 * day with time_bounds, noleap days since 2016-02-27 (a leap year whose 29 February
 * the model skips).
 */
function clmCdl(): string {
  const h: string[] = [];
  const liq: string[] = [];
  const dz: string[] = [];
  for (let t = 0; t < NT; t++) {
    for (let l = 0; l < NLEV; l++) {
      for (let la = 0; la < NLAT; la++) {
        for (let lo = 0; lo < NLON; lo++) {
          const v = l === 0 ? h2osoi(t, la, lo) : 0.9;
          h.push(ocean(la, lo) ? '_' : String(v));
          liq.push(ocean(la, lo) ? '_' : String(v * 1000 * DZ[l]));
          if (t === 0) dz.push(ocean(la, lo) ? '_' : String(DZ[l]));
        }
      }
    }
  }
  return `netcdf clm {
dimensions: time = UNLIMITED ; levsoi = ${NLEV} ; levgrnd = ${NLEV} ; lat = ${NLAT} ; lon = ${NLON} ; hist_interval = 2 ;
variables:
 double time(time) ; time:units = "days since 2016-02-27 00:00:00" ; time:calendar = "noleap" ; time:bounds = "time_bounds" ;
 double time_bounds(time, hist_interval) ;
 double lat(lat) ; lat:units = "degrees_north" ;
 double lon(lon) ; lon:units = "degrees_east" ;
 float DZSOI(levgrnd, lat, lon) ; DZSOI:units = "m" ; DZSOI:_FillValue = 1.e+36f ;
 float H2OSOI(time, levsoi, lat, lon) ; H2OSOI:units = "mm3/mm3" ; H2OSOI:_FillValue = 1.e+36f ;
 float SOILLIQ(time, levsoi, lat, lon) ; SOILLIQ:units = "kg/m2" ; SOILLIQ:_FillValue = 1.e+36f ;
data:
 time = 1, 2, 3 ;
 time_bounds = 0, 1, 1, 2, 2, 3 ;
 lat = ${Array.from({ length: NLAT }, (_, i) => -75 + 30 * i).join(', ')} ;
 lon = ${Array.from({ length: NLON }, (_, i) => 15 + 30 * i).join(', ')} ;
 DZSOI = ${dz.join(', ')} ;
 H2OSOI = ${h.join(', ')} ;
 SOILLIQ = ${liq.join(', ')} ;
}`;
}

describe.skipIf(!hasNetcdfTools)('CLM5.0 history files', () => {
  for (const kind of ['classic', 'nc4'] as const) {
    it(`${kind}: top layer of H2OSOI, north-up, dated by time_bounds in the noleap calendar; equals ncdump`, async () => {
      const file = ncgen(clmCdl(), kind, `clm5.clm2.h1.2016-02-27-00000.${kind}.nc`);
      const p = await openProduct(file, 'clm');
      try {
        expect(p.dates).toEqual(['2016-02-27', '2016-02-28', '2016-03-01']);
        expect(p.units).toBe('m3/m3');
        expect(p.grid).toMatchObject({ width: NLON, height: NLAT, originX: 0, originY: 90, resX: 30, resY: 30 });
        const dumped = ncdumpValues(file, 'H2OSOI');
        for (let t = 0; t < NT; t++) {
          const layer = p.readLayer(t, { row0: 0, col0: 0, rows: NLAT, cols: NLON });
          for (let r = 0; r < NLAT; r++) {
            for (let c = 0; c < NLON; c++) {
              // north-up row r is stored lat index NLAT − 1 − r; layer 0 of step t
              const expected = dumped[((t * NLEV + 0) * NLAT + (NLAT - 1 - r)) * NLON + c];
              const got = layer[r * NLON + c];
              if (Number.isNaN(expected)) expect(got, `t ${t} r ${r} c ${c}`).toBeNaN();
              else expect(got, `t ${t} r ${r} c ${c}`).toBeCloseTo(expected, 6);
            }
          }
        }
      } finally {
        p.close();
      }
    });
  }

  it('SOILLIQ (kg m⁻²) / (1000 kg m⁻³ × DZSOI of the top layer) gives H2OSOI', async () => {
    const file = ncgen(clmCdl(), 'nc4', 'clm-soilliq.nc');
    const soilliq = await openProduct(file, 'clm', { variable: 'SOILLIQ' });
    const h = await openProduct(file, 'clm');
    try {
      expect(soilliq.units).toBe('m3/m3');
      const w = { row0: 0, col0: 0, rows: NLAT, cols: NLON };
      const a = soilliq.readLayer(1, w);
      const b = h.readLayer(1, w);
      for (let i = 0; i < a.length; i++) Number.isNaN(b[i]) ? expect(a[i]).toBeNaN() : expect(a[i]).toBeCloseTo(b[i], 6);
    } finally {
      soilliq.close();
      h.close();
    }
  });

  it('0–360° longitudes land on a −180…180° target: 195°E is −165°', async () => {
    const file = ncgen(clmCdl(), 'classic', 'clm-wrap.nc');
    const p = await openProduct(file, 'clm');
    try {
      const target = makeGrid({ west: -180, south: -90, east: 180, north: 90 }, 30);
      const plan = planRegrid(p.grid, target, 'nearest');
      const out = new Float32Array(NLAT * NLON);
      applyRegrid(plan, p.readLayer(0, plan.window), out);
      for (let r = 0; r < NLAT; r++) {
        for (let c = 0; c < NLON; c++) {
          const lo = (c + 6) % NLON; // target centre −165 + 30c ≡ source centre 15 + 30 lo
          const la = NLAT - 1 - r;
          const got = out[r * NLON + c];
          if (ocean(la, lo)) expect(got).toBeNaN();
          else expect(got, `r ${r} c ${c}`).toBeCloseTo(h2osoi(0, la, lo), 6);
        }
      }
    } finally {
      p.close();
    }
  });
});
