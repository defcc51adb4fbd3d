/** Crashes and hangs the fuzzer found (scripts/fuzz/), each now an InputError naming the file. */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { checkHyperslab, MAX_READ_VALUES } from '../../src/io/data-file.js';
import { readGeoTiffStack } from '../../src/io/geotiff-read.js';
import { openDataFile } from '../../src/io/open-data-file.js';
import { tiffEntries } from '../../scripts/fuzz/tiff-entries.js';
import { fixture } from '../helpers/netcdf-tools.js';

const DEM = fileUrl('../../data/dem.tif');
const SMFUSE = fileUrl('../../bin/smfuse.js');

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
    expect(() => checkHyperslab('x.nc', v, [0, 0, 0], [1000, 720, 1440])).toThrow(
      /^x\.nc: sm: reading \[1000,720,1440\] \(1036800000 values\) is over the memory budget/,
    );
  });

  // Fuzz seed 7, cases 1711, 9115 (packed-nc4.nc) and 4233 (an ESA CCI file): h5wasm looped
  // forever in get_attached_scales / reading DIMENSION_LIST. HDF5 now runs on a thread that
  // is stopped at a time limit; `smfuse info` answers with one line, HDF5's error stack silenced.
  it.each([
    ['hang-1711-attached-scales.nc', (b: Buffer) => b],
    ['hang-9115-attached-scales.nc', (b: Buffer) => b],
    ['hang-4233-esa-cci.nc.gz', (b: Buffer) => gunzipSync(b)],
  ])('an HDF5 file that makes the library loop (%s) is stopped and refused', (name, decode) => {
    const file = join(mkdtempSync(join(tmpdir(), 'smfuse-fuzz-')), name.replace(/\.gz$/, ''));
    writeFileSync(file, decode(readFileSync(fixture(`fuzz/${name}`))));
    const started = Date.now();
    const run = spawnSync(process.execPath, [SMFUSE, 'info', file], {
      encoding: 'utf8',
      env: { ...process.env, SMFUSE_HDF5_TIMEOUT_S: '2' },
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(
      `smfuse: ${file}: the HDF5 library did not finish opening it in 2 s and was stopped; the file is probably corrupt\n`,
    );
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it("a truncated NetCDF-4 file is one InputError line, without HDF5's error stack", () => {
    const file = join(mkdtempSync(join(tmpdir(), 'smfuse-fuzz-')), 'truncated.nc');
    writeFileSync(file, readFileSync(fixture('fuzz/hang-1711-attached-scales.nc')).subarray(0, 4000));
    const run = spawnSync(process.execPath, [SMFUSE, 'info', file], { encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(new RegExp(`^smfuse: ${file}: corrupt (or truncated )?HDF5/NetCDF-4 file \\([^\\n]*\\)\\n$`));
  });
});
