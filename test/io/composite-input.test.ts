import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { datesOfYear } from '../../src/cube/dates.js';
import { makeGrid } from '../../src/grid/gridspec.js';
import { writeGeoTiff } from '../../src/io/geotiff-write.js';
import { readProductInput } from '../../src/io/load-grnn-inputs.js';
import { silentLogger } from '../../src/log.js';

const dir = mkdtempSync(join(tmpdir(), 'smfuse-composite-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a product input of 16-day composites (compositeDays)', () => {
  it('becomes daily by linear interpolation between composite centres, held over the ends, NaN beyond', async () => {
    const grid = makeGrid({ west: 90, south: 30, east: 90.5, north: 30.5 }, 0.25);
    for (const [date, v] of [
      ['20121217', 0.1],
      ['20130101', 0.2],
      ['20130117', 0.4],
    ] as const) {
      const iso = `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6)}`;
      await writeGeoTiff(join(dir, `ndvi-${date}.tif`), new Float32Array(4).fill(v), {
        grid,
        bands: 1,
        sampleType: 'float32',
        nodata: NaN,
        bandDescriptions: [iso],
      });
    }
    const days = datesOfYear(2013);
    const s = await readProductInput(
      { product: 'geotiff', path: join(dir, 'ndvi-{YYYYMMDD}.tif'), compositeDays: 16 },
      grid,
      silentLogger(),
      days,
    );
    expect(s.dates).toEqual(days);
    const at = (iso: string) => s.data[days.indexOf(iso) * 4];
    // Centres: 2012-12-24.5 (0.1), 2013-01-08.5 (0.2), 2013-01-24.5 (0.4).
    expect(at('2013-01-01')).toBeCloseTo(0.15, 6); // halfway between centres 15 days apart
    expect(at('2013-01-16')).toBeCloseTo(0.29375, 6); // 7.5 of the 16 days from 0.2 to 0.4
    expect(at('2013-02-01')).toBeCloseTo(0.4, 6); // the last composite's own last day
    expect(Number.isNaN(at('2013-02-02'))).toBe(true);
  });
});
