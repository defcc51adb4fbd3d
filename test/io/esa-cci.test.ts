import { describe, expect, it } from 'vitest';
import { openProduct } from '../../src/io/products/open-product.js';
import { execFileSync, spawnSync } from 'node:child_process';
import { sharedData } from '../helpers/shared-data.js';

const DIR = sharedData('esa-cci');
const FILES = [
  `${DIR}/ESACCI-SOILMOISTURE-L3S-SSMV-COMBINED-20140101000000-fv02.2.nc`, // sm: short × scale_factor
  `${DIR}/ESACCI-SOILMOISTURE-L3S-SSMV-COMBINED-20160607000000-fv05.2.nc`, // sm: float
];
/** The Tibetan Plateau box: lon 70…105 → columns 1000…1140, lat 40…25 → rows 200…260. */
const WINDOW = { row0: 200, col0: 1000, rows: 60, cols: 140 };

const hasH5dump = spawnSync('h5dump', ['--version']).status === 0;

/**
 * The stored values of the window as h5dump (HDF5's own tool) prints them, decoded by the
 * NetCDF rules written out here: fill → NaN, then × scale_factor as ncdump -h shows it.
 * (GDAL 3.6 is no oracle here: it applies v02.2's valid_range [0, 1] to the packed shorts
 * and so masks every cell.)
 */
function h5dumpWindow(file: string): Float32Array {
  const out = execFileSync(
    'h5dump',
    ['-d', '/sm', '-s', `0,${WINDOW.row0},${WINDOW.col0}`, '-c', `1,${WINDOW.rows},${WINDOW.cols}`, '-m', '%.9g', '-y', '-w', '0', file],
    { encoding: 'utf8', maxBuffer: 64 << 20 },
  );
  const data = out.slice(out.indexOf('DATA {') + 6, out.indexOf('}', out.indexOf('DATA {')));
  const header = execFileSync('ncdump', ['-h', file], { encoding: 'utf8' });
  const scale = Number(/sm:scale_factor = ([\d.e-]+)f/.exec(header)?.[1] ?? 1);
  const fill = Number(/sm:_FillValue = (-?[\d.]+)/.exec(header)![1]);
  return Float32Array.from(data.split(',').map(Number), (v) => (v === fill ? NaN : Math.fround(scale) * v));
}

describe.skipIf(!hasH5dump)('ESA CCI reader against h5dump/ncdump', () => {
  for (const file of FILES) {
    it(`reads ${file.slice(-9)} as h5dump shows it, fill as NaN, north row first`, async () => {
      const p = await openProduct(file, 'auto');
      try {
        expect(p.product).toBe('esa-cci');
        expect(p.units).toBe('m3/m3');
        expect(p.grid).toMatchObject({ width: 1440, height: 720, originX: -180, originY: 90, resX: 0.25, resY: 0.25, epsg: 4326 });
        expect(p.dates).toEqual([file.includes('2014') ? '2014-01-01' : '2016-06-07']);
        const ours = p.readLayer(0, WINDOW);
        const theirs = h5dumpWindow(file);
        expect(ours.length).toBe(theirs.length);
        let valid = 0;
        let fill = 0;
        for (let i = 0; i < ours.length; i++) {
          if (Number.isNaN(theirs[i])) fill++;
          else valid++;
          expect(ours[i]).toBe(theirs[i]);
        }
        expect(valid).toBeGreaterThan(1000);
        expect(fill).toBeGreaterThan(100);
      } finally {
        p.close();
      }
    });
  }

  it('names the file when it is truncated', async () => {
    const { mkdtempSync, readFileSync, writeFileSync } = await import('node:fs');
    const bad = `${mkdtempSync('/tmp/smfuse-cci-')}/cut.nc`;
    writeFileSync(bad, readFileSync(FILES[0]).subarray(0, 200_000));
    await expect(async () => (await openProduct(bad, 'esa-cci')).readLayer(0, WINDOW)).rejects.toThrow(/cut\.nc: /);
  });
});
