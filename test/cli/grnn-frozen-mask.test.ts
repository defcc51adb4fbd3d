import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FLAG } from '../../src/cube/flags.js';
import { readGeoTiffStack } from '../../src/io/geotiff-read.js';
import { writeGeoTiff } from '../../src/io/geotiff-write.js';
import { runCli } from '../helpers/run-cli.js';
import { writeSmallSample } from '../helpers/small-sample.js';

const dir = mkdtempSync(join(tmpdir(), 'smfuse-frozen-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a freeze/thaw mask input (inputs.frozen)', () => {
  it('marks the pixel-days it calls frozen (≥ 0.5) as frozen, with no prediction; NaN and thawed days change nothing', async () => {
    const sample = join(dir, 'in');
    await writeSmallSample(sample);
    const lst = await readGeoTiffStack(join(sample, 'lst.tif'));
    const plane = lst.grid.width * lst.grid.height;
    const mask = new Float32Array(lst.data.length).fill(NaN);
    // Frozen on days 150–159 in every cell (the sample's summer: LST alone calls them thawed); thawed (0) on days 160–169.
    mask.fill(1, 150 * plane, 160 * plane);
    mask.fill(0, 160 * plane, 170 * plane);
    await writeGeoTiff(join(sample, 'ft.tif'), mask, {
      grid: lst.grid,
      bands: lst.bands,
      sampleType: 'float32',
      nodata: NaN,
      bandDescriptions: lst.dates as string[],
    });
    const config = JSON.parse(readFileSync(join(sample, 'run.json'), 'utf8'));
    writeFileSync(join(sample, 'ft.json'), JSON.stringify({ ...config, inputs: { ...config.inputs, frozen: 'ft.tif' } }));
    expect((await runCli('grnn', '--config', join(sample, 'run.json'), '--out', join(dir, 'plain'), '--quiet')).code).toBe(0);
    expect((await runCli('grnn', '--config', join(sample, 'ft.json'), '--out', join(dir, 'ft'), '--quiet')).code).toBe(0);
    const plain = (await readGeoTiffStack(join(dir, 'plain', 'flags.tif'))).data;
    const masked = (await readGeoTiffStack(join(dir, 'ft', 'flags.tif'))).data;
    const fused = (await readGeoTiffStack(join(dir, 'ft', 'fused.tif'))).data;
    let newlyFrozen = 0;
    for (let i = 0; i < plain.length; i++) {
      const day = Math.floor(i / plane);
      if (day >= 150 && day < 160) {
        expect(masked[i]).toBe(plain[i] === FLAG.REFERENCE_MISSING ? FLAG.REFERENCE_MISSING : FLAG.FROZEN);
        expect(fused[i]).toBeNaN();
        if (plain[i] !== FLAG.FROZEN && plain[i] !== FLAG.REFERENCE_MISSING) newlyFrozen++;
      } else if (plain[i] === FLAG.FROZEN) expect(masked[i]).toBe(FLAG.FROZEN);
      else expect(masked[i] === FLAG.FROZEN).toBe(false);
    }
    expect(newlyFrozen).toBeGreaterThan(0);
  });
});
