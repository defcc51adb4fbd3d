import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeGrid } from '../../src/grid/gridspec.js';
import { writeGeoTiff } from '../../src/io/geotiff-write.js';
import { silentLogger } from '../../src/log.js';
import { readInputStack } from '../../src/report/input-stacks.js';
import type { OutputFolder } from '../../src/report/output-folder.js';

const dir = mkdtempSync(join(tmpdir(), 'smfuse-input-stacks-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('input stacks drawn in the report', () => {
  it('are in the units the run fused them in: the scale/offset run.json records is applied', async () => {
    const path = join(dir, 'ecv-percent.tif');
    const grid = makeGrid({ west: 90, south: 30, east: 90.5, north: 30.5 }, 0.25);
    await writeGeoTiff(path, Float32Array.from([25, NaN, 30, 40]), { grid, bands: 1, sampleType: 'float32', nodata: NaN });
    const folder = (inputs: Record<string, unknown>) =>
      ({
        dir,
        run: { config: { inputs } },
        inputPath: () => path,
        csv: async () => null,
        raster: async () => null,
      }) as unknown as OutputFolder<unknown>;
    const scaled = await readInputStack(folder({ ecv: { path, scale: 0.01, offset: 0.001 } }), 'ecv', silentLogger());
    expect(Array.from(scaled!.data)).toEqual([25, NaN, 30, 40].map((v) => Math.fround(v * 0.01 + 0.001)));
    const plain = await readInputStack(folder({ ecv: path }), 'ecv', silentLogger());
    expect(Array.from(plain!.data)).toEqual([25, NaN, 30, 40]);
  });
});
