import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../core/errors.js';
import { sniffFormat } from '../../src/io/sniff.js';

const dir = mkdtempSync('/tmp/smfuse-sniff-');
const HDF5 = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

/** A file holding `head` then zeros, under a name that says nothing (no extension). */
function file(name: string, head: number[] | string, pad = 64): string {
  const bytes = typeof head === 'string' ? Buffer.from(head, 'latin1') : Buffer.from(head);
  const path = join(dir, name);
  writeFileSync(path, Buffer.concat([bytes, Buffer.alloc(pad)]));
  return path;
}

describe('sniffFormat: by magic bytes, never by name', () => {
  it.each([
    ['CDF\x01', 'netcdf-classic'],
    ['CDF\x02', 'netcdf-classic'],
    ['CDF\x05', 'netcdf-classic'],
    ['II*\0', 'geotiff'],
    ['MM\0*', 'geotiff'],
    ['II+\0', 'geotiff'],
    ['MM\0+', 'geotiff'],
  ])('%j → %s', async (magic, format) => {
    expect(await sniffFormat(file(`m${Buffer.from(magic).toString('hex')}.txt`, magic))).toBe(format);
  });

  it('HDF5 at byte 0 and after a 512- or 2048-byte user block', async () => {
    expect(await sniffFormat(file('h0.tif', HDF5))).toBe('hdf5');
    expect(await sniffFormat(file('h512', [...new Array<number>(512).fill(0), ...HDF5]))).toBe('hdf5');
    expect(await sniffFormat(file('h2048', [...new Array<number>(2048).fill(0), ...HDF5]))).toBe('hdf5');
  });

  it('HDF5 signature at an offset HDF5 never uses is not HDF5', async () => {
    await expect(sniffFormat(file('h100', [...new Array<number>(100).fill(1), ...HDF5]))).rejects.toThrow(InputError);
  });

  it('CSV and ISMN text are text', async () => {
    expect(await sniffFormat(file('s.nc', 'network,station,lat,lon,date,sm\nA,a,30,90,2013-01-01,0.2\n', 0))).toBe('text');
  });

  it('garbage, empty and missing files fail naming the file', async () => {
    const junk = file('junk.nc', [1, 2, 3, 0, 200, 7, 0, 0]);
    await expect(sniffFormat(junk)).rejects.toThrow(`${junk}: unknown format`);
    const empty = join(dir, 'empty.nc');
    writeFileSync(empty, '');
    await expect(sniffFormat(empty)).rejects.toThrow(`${empty}: empty file`);
    await expect(sniffFormat(join(dir, 'nope.nc'))).rejects.toThrow(/nope\.nc: file not found/);
  });
});
