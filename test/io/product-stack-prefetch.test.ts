import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../core/errors.js';
import { makeGrid } from '../../src/grid/gridspec.js';
import { readProductStack } from '../../src/io/product-stack.js';
import { sharedData } from '../helpers/shared-data.js';

const DIR = sharedData('esa-cci');
const NAMES = [
  'ESACCI-SOILMOISTURE-L3S-SSMV-COMBINED-20140101000000-fv02.2.nc',
  'ESACCI-SOILMOISTURE-L3S-SSMV-COMBINED-20140102000000-fv02.2.nc',
  'ESACCI-SOILMOISTURE-L3S-SSMV-COMBINED-20160607000000-fv05.2.nc',
  'ESACCI-SOILMOISTURE-L3S-SSMV-COMBINED-20160608000000-fv05.2.nc',
];
const TARGET = makeGrid({ west: 73, south: 25, east: 105, north: 40 }, 0.25);

describe('a stack whose files are opened ahead on HDF5 threads', () => {
  it('has the bytes of the files read one at a time (fv02.2 and fv05.2)', async () => {
    for (const resampling of ['mean', 'nearest'] as const) {
      const files = NAMES.map((n) => join(DIR, n));
      const together = await readProductStack(files, { target: TARGET, resampling });
      const alone = await Promise.all(files.map((f) => readProductStack([f], { target: TARGET, resampling })));
      expect(together.dates).toEqual(alone.map((s) => s.dates[0]));
      const plane = TARGET.width * TARGET.height;
      alone.forEach((s, b) => {
        const band = together.data.subarray(b * plane, (b + 1) * plane);
        expect(Buffer.from(band.buffer, band.byteOffset, band.byteLength).equals(Buffer.from(s.data.buffer))).toBe(true);
      });
      // the window holds valid cells, so equal bytes say something
      expect(together.data.some((v) => v === v)).toBe(true);
    }
  });

  it('names a truncated file among them, as when it is read alone', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'smfuse-prefetch-'));
    for (const n of NAMES) copyFileSync(join(DIR, n), join(dir, n));
    const bad = join(dir, NAMES[2]);
    writeFileSync(bad, readFileSync(bad).subarray(0, 900_000));
    const alone = await readProductStack([bad], { target: TARGET }).catch((e: unknown) => e);
    expect(alone).toBeInstanceOf(InputError);
    expect((alone as InputError).file).toBe(bad);
    const together = await readProductStack([dir], { target: TARGET }).catch((e: unknown) => e);
    expect(together).toBeInstanceOf(InputError);
    expect((together as InputError).message).toBe((alone as InputError).message);
    // the files after it, opened ahead, were closed: the stack reads again without it
    const rest = await readProductStack(
      NAMES.filter((_, i) => i !== 2).map((n) => join(dir, n)),
      { target: TARGET },
    );
    expect(rest.dates).toHaveLength(3);
  });
});
