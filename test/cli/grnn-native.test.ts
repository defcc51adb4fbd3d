import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nativeAddon, nativeUnavailableReason } from '../../kernels/native/load.js';
import { readGeoTiffStack } from '../../src/io/geotiff-read.js';
import { runCli } from '../helpers/run-cli.js';
import { writeSmallSample } from '../helpers/small-sample.js';

const addon = nativeAddon();
if (!addon) console.warn(`--backend native not tested: ${nativeUnavailableReason()}`);

const dir = mkdtempSync(join(tmpdir(), 'smfuse-native-'));
const config = join(dir, 'in', 'run.json');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

beforeAll(async () => {
  if (addon) await writeSmallSample(join(dir, 'in'));
}, 120_000);

async function fuse(backend: string): Promise<string> {
  const out = join(dir, backend);
  const { code, stderr } = await runCli('grnn', '--config', config, '--out', out, '--quiet', '--backend', backend);
  expect(stderr).toBe('');
  expect(code).toBe(0);
  return out;
}

/** σ chosen per window and model (windows.csv rows, in order). */
function chosenSigmas(out: string): string[] {
  const [header, ...rows] = readFileSync(join(out, 'windows.csv'), 'utf8').trim().split('\n');
  const col = header.split(',').indexOf('sigma');
  return rows.map((r) => r.split(',')[col]);
}

describe.skipIf(!addon)('--backend native', () => {
  it('fuses like --backend js: same σ per window, outputs within float32 tolerance', async () => {
    const native = await fuse('native');
    const js = await fuse('js');
    const run = JSON.parse(readFileSync(join(native, 'run.json'), 'utf8'));
    expect(run.backend).toBe(`native-${addon!.simd}`);
    expect(chosenSigmas(native)).toEqual(chosenSigmas(js));
    for (const name of ['fused.tif', 'ecv_rec.tif', 'fy_rec.tif']) {
      const a = (await readGeoTiffStack(join(native, name))).data;
      const b = (await readGeoTiffStack(join(js, name))).data;
      let worst = 0;
      for (let i = 0; i < a.length; i++) {
        expect(Number.isNaN(a[i]), `${name}[${i}]`).toBe(Number.isNaN(b[i]));
        if (!Number.isNaN(a[i])) worst = Math.max(worst, Math.abs(a[i] - b[i]));
      }
      expect(worst, name).toBeLessThan(1e-3);
    }
  });
});
