/** Crashes and hangs the fuzzer found (scripts/fuzz/), each now an InputError naming the file. */
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkHyperslab, MAX_READ_VALUES } from '../../src/io/data-file.js';
import { readGeoTiffStack } from '../../src/io/geotiff-read.js';
import { openDataFile } from '../../src/io/open-data-file.js';
import { tiffEntries } from '../../scripts/fuzz/tiff-entries.js';
import { fixture } from '../helpers/netcdf-tools.js';

const DEM = fileUrl('../../data/dem.tif');

function fileUrl(rel: string): string {
  return new URL(rel, import.meta.url).pathname;
}

/** dem.tif with the count of one tag's entry replaced (little-endian classic TIFF). */
function demWithCount(tag: number, count: number): string {
  const bytes = readFileSync(DEM);
  const entry = tiffEntries(bytes).entries.find((e) => e.tag === tag)!;
  bytes.writeUInt32LE(count, entry.at + 4);
  const file = join(mkdtempSync(join(tmpdir(), 'smfuse-fuzz-')), 'dem.tif');
  writeFileSync(file, bytes);
  return file;
}

describe('fuzz regressions', () => {
  it('a TIFF tag count far past the end of the file is refused at once (geotiff.js hung reading it)', async () => {
    for (const tag of [34735, 317]) {
      const file = demWithCount(tag, 2 ** 31);
      const started = Date.now();
      await expect(readGeoTiffStack(file)).rejects.toThrow(`${file}: corrupt TIFF: tag ${tag} declares 2147483648 values`);
      expect(Date.now() - started).toBeLessThan(2000);
    }
  });

  it('a NetCDF variable naming a dimension id the header lacks is an InputError (was a TypeError)', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'smfuse-fuzz-')), 'bad.nc');
    copyFileSync(fixture('fuzz/bad-dimension-id.nc'), file);
    await expect(openDataFile(file)).rejects.toThrow(`${file}: sm: dimension id 127 does not exist (the file has 3); corrupt header`);
  });

  it('a NetCDF header whose variable list is zeroed (ABSENT) opens with no variables (was a TypeError)', async () => {
    const data = await openDataFile(fixture('fuzz/absent-variable-list.nc'));
    expect(data.variables()).toEqual([]);
    data.close();
  });

  it('a read over the memory budget is refused before any library allocates it', () => {
    const v = { name: 'sm', dims: ['time', 'lat', 'lon'], shape: [2 ** 32, 720, 1440], type: 'float32' as const, attrs: {} };
    expect(() => checkHyperslab('x.nc', v, [0, 0, 0], [1, 720, 1440])).not.toThrow();
    expect(() => checkHyperslab('x.nc', v, [0, 0, 0], [MAX_READ_VALUES, 1, 1])).not.toThrow();
    expect(() => checkHyperslab('x.nc', v, [0, 0, 0], [1000, 720, 1440])).toThrow(/^x\.nc: sm: reading \[1000,720,1440\] \(1036800000 values\) is over the memory budget/);
  });
});
