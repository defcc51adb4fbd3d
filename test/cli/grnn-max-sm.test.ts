import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FLAG } from '../../src/cube/flags.js';
import { readGeoTiffStack } from '../../src/io/geotiff-read.js';
import { runCli } from '../helpers/run-cli.js';
import { writeSmallSample } from '../helpers/small-sample.js';

const dir = mkdtempSync(join(tmpdir(), 'smfuse-maxsm-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('smfuse grnn --max-sm', () => {
  it('nulls fused values above it in fused.tif, keeps them in fused_raw.tif, flags them 13 and warns with their count', async () => {
    await writeSmallSample(join(dir, 'in'));
    const config = join(dir, 'in', 'run.json');
    expect((await runCli('grnn', '--config', config, '--out', join(dir, 'plain'), '--quiet')).code).toBe(0);
    const r = await runCli('grnn', '--config', config, '--out', join(dir, 'low'), '--quiet', '--max-sm', '0.25');
    expect(r.code).toBe(0);
    const plain = (await readGeoTiffStack(join(dir, 'plain', 'fused.tif'))).data;
    const fused = (await readGeoTiffStack(join(dir, 'low', 'fused.tif'))).data;
    const raw = (await readGeoTiffStack(join(dir, 'low', 'fused_raw.tif'))).data;
    const flags = (await readGeoTiffStack(join(dir, 'low', 'flags.tif'))).data;
    let above = 0;
    for (let i = 0; i < plain.length; i++) {
      if (Number.isNaN(plain[i])) continue;
      expect(raw[i]).toBe(plain[i]);
      if (plain[i] > Math.fround(0.25)) {
        above++;
        expect(fused[i]).toBeNaN();
        expect(flags[i]).toBe(FLAG.OUT_OF_RANGE);
      } else expect(fused[i]).toBe(plain[i]);
    }
    expect(above).toBeGreaterThan(0);
    const run = JSON.parse(readFileSync(join(dir, 'low', 'run.json'), 'utf8'));
    expect(run.warnings.find((w: { code: string }) => w.code === 'FUSED_OUT_OF_RANGE')?.count).toBe(above);
    expect(r.stderr).toContain('warning [FUSED_OUT_OF_RANGE]');
  });
});
