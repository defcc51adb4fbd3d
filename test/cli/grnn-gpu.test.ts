import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWebGpuGrnnKernel } from '../../kernels/webgpu/grnn.js';
import { readGeoTiffStack } from '../../src/io/geotiff-read.js';
import { runCli } from '../helpers/run-cli.js';
import { writeSmallSample } from '../helpers/small-sample.js';

const dir = mkdtempSync(join(tmpdir(), 'smfuse-gpu-'));
const config = join(dir, 'in', 'run.json');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What this machine's GPU is, found independently of the CLI: a description, or why there is none. */
let gpu: { description: string } | { reason: string };
beforeAll(async () => {
  const opened = await openWebGpuGrnnKernel();
  if ('kernel' in opened) {
    gpu = { description: opened.kernel.description };
    await opened.kernel.close();
  } else {
    gpu = opened;
    console.warn(`--backend gpu only tested for its "not available" exit: ${opened.reason}`);
  }
  await writeSmallSample(join(dir, 'in'));
}, 120_000);

function fuse(backend: string, out = join(dir, backend)): Promise<{ code: number; stderr: string; out: string }> {
  return runCli('grnn', '--config', config, '--out', out, '--quiet', '--backend', backend).then((r) => ({ ...r, out }));
}

/** σ chosen per window and model (windows.csv rows, in order). */
function chosenSigmas(out: string): string[] {
  const [header, ...rows] = readFileSync(join(out, 'windows.csv'), 'utf8').trim().split('\n');
  const col = header.split(',').indexOf('sigma');
  return rows.map((r) => r.split(',')[col]);
}

describe('--backend gpu', () => {
  it('fuses like --backend js (same σ per window, outputs within float32 tolerance), or exits 1 saying why it cannot', async () => {
    const run = await fuse('gpu');
    if ('reason' in gpu) {
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`--backend gpu is not available: ${gpu.reason}`);
      return;
    }
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const js = await fuse('js');
    expect(js.code).toBe(0);
    const runJson = JSON.parse(readFileSync(join(run.out, 'run.json'), 'utf8'));
    expect(runJson.backend).toBe(`gpu-webgpu (${gpu.description})`);
    expect(chosenSigmas(run.out)).toEqual(chosenSigmas(js.out));
    for (const name of ['fused.tif', 'ecv_rec.tif', 'fy_rec.tif']) {
      const a = (await readGeoTiffStack(join(run.out, name))).data;
      const b = (await readGeoTiffStack(join(js.out, name))).data;
      let worst = 0;
      for (let i = 0; i < a.length; i++) {
        expect(Number.isNaN(a[i]), `${name}[${i}]`).toBe(Number.isNaN(b[i]));
        if (!Number.isNaN(a[i])) worst = Math.max(worst, Math.abs(a[i] - b[i]));
      }
      expect(worst, name).toBeLessThan(1e-3);
    }
  });

  it('exits 1 with the reason when the GPU is switched off', async () => {
    process.env.SMFUSE_GPU = 'off';
    try {
      const run = await fuse('gpu', join(dir, 'off'));
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('--backend gpu is not available: disabled by SMFUSE_GPU=off');
    } finally {
      delete process.env.SMFUSE_GPU;
    }
  });
});
