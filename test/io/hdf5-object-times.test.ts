import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeGrid } from '../../src/grid/gridspec.js';
import { lookup3, zeroObjectTimesInBuffer } from '../../src/io/hdf5-object-times.js';
import { writeNetcdf } from '../../src/io/netcdf-write.js';
import { hasNetcdfTools } from '../helpers/netcdf-tools.js';

const dir = mkdtempSync(join(tmpdir(), 'smfuse-h5times-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('HDF5 object times zeroed', () => {
  it('lookup3 gives the published test vectors of lookup3.c', () => {
    const bytes = (s: string) => Buffer.from(s, 'latin1');
    expect(lookup3(bytes(''), 0, 0)).toBe(0xdeadbeef);
    expect(lookup3(bytes('Four score and seven years ago'), 0, 30)).toBe(0x17770551);
  });

  it('the same NetCDF written twice, a second apart, is the same bytes, and still reads', async () => {
    const grid = makeGrid({ west: 90, south: 30, east: 91, north: 31 }, 0.25);
    const ds = {
      grid,
      dates: ['2017-01-01', '2017-01-02'],
      variables: [{ name: 'fused', data: new Float32Array(32).fill(0.2), daily: true, attrs: { units: 'm3 m-3' } }],
      globalAttrs: { title: 'x' },
    };
    await writeNetcdf(join(dir, 'a.nc'), ds);
    await new Promise((r) => setTimeout(r, 1100));
    await writeNetcdf(join(dir, 'b.nc'), ds);
    expect(readFileSync(join(dir, 'a.nc')).equals(readFileSync(join(dir, 'b.nc')))).toBe(true);
    if (hasNetcdfTools)
      expect(execFileSync('ncdump', ['-v', 'fused', join(dir, 'a.nc')], { encoding: 'utf8' })).toMatch(/fused =\s+0\.2, 0\.2/);
  });

  it('leaves bytes that only look like a header alone (their checksum does not verify)', () => {
    const buf = Buffer.concat([
      Buffer.from('xxOHDR', 'latin1'),
      Buffer.from([2, 0x22, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 2, 0, 0, 0, 9, 9, 9, 9]),
    ]);
    const before = Buffer.from(buf);
    expect(zeroObjectTimesInBuffer(buf)).toBe(0);
    expect(buf.equals(before)).toBe(true);
  });
});
