import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readGeoTiffStack } from '../../src/io/geotiff-read.js';
import type { RunWarning } from '../../src/warnings.js';
import { runCli } from '../helpers/run-cli.js';
import { smallSampleFolder } from '../helpers/small-sample.js';
import { spawnCliWithEnv } from '../helpers/spawn-cli.js';

const { dir, config } = smallSampleFolder('smfuse-contracts-warn-');
const tmp = mkdtempSync(join(tmpdir(), 'smfuse-contracts-warn-out-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const FUSION = join(__dirname, '..', '..', 'data', 'fusion', 'run.json');

const runJson = (out: string) =>
  JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')) as {
    warnings: RunWarning[];
    coverage: Record<string, number>;
    windows: Record<string, number>;
  };
const byCode = (ws: RunWarning[], code: string) => ws.filter((w) => w.code === code);

describe('run-level warnings', () => {
  it('GRNN windows that all fail: WINDOWS_FAILED per model with counts, FUSED_COVERAGE_LOW; --strict exits 1 with the outputs written', async () => {
    const out = join(dir, 'out-failed');
    const r = await runCli('grnn', '--config', config, '--out', out, '--quiet', '--strict', '--min-samples', '100000', '--max-widen', '0');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('--strict');
    const run = runJson(out);
    // 8 × 6 cells, 1° = 4 cells: 2 × 2 windows per model, each too-few-samples
    expect(run.windows).toEqual({ 'fused:too-few-samples': 4, 'ecv_rec:too-few-samples': 4, 'fy_rec:too-few-samples': 4 });
    const failed = byCode(run.warnings, 'WINDOWS_FAILED');
    expect(failed.map((w) => [w.message.split(':')[0], w.count])).toEqual([
      ['grnn fused model', 4],
      ['grnn ecv_rec model', 4],
      ['grnn fy_rec model', 4],
    ]);
    expect(failed[0].message).toContain(
      '4 of 4 windows failed (too-few-samples: fewer than minSamples = 100000 training samples even widened by 0 cells)',
    );
    const [low] = byCode(run.warnings, 'FUSED_COVERAGE_LOW');
    const pct = (f: number) => `${(100 * f).toFixed(1)} %`;
    expect(run.coverage.fused).toBe(0);
    expect(low.message).toBe(
      `grnn: fused coverage 0.0 % is below the union of the products (${pct(run.coverage.union)}) and 5.0 %: see the failed windows or pixels, and the flags`,
    );
  }, 120_000);

  it('the sample run itself gives neither warning', async () => {
    const out = join(dir, 'out-ok');
    expect((await runCli('grnn', '--config', config, '--out', out, '--quiet')).code).toBe(0);
    const codes = runJson(out).warnings.map((w) => w.code);
    expect(codes).not.toContain('WINDOWS_FAILED');
    expect(codes).not.toContain('FUSED_COVERAGE_LOW');
  }, 120_000);

  it('gridded EnKF: PIXELS_FAILED counts the observed pixels not fused; BACKEND_FALLBACK says why auto is not native', async () => {
    const out = join(tmp, 'enkf');
    const { done } = spawnCliWithEnv(
      { SMFUSE_NATIVE: 'off' },
      'enkf',
      '--config',
      FUSION,
      '--out',
      out,
      '--quiet',
      '--min-obs-days',
      '1000',
      '--backend',
      'auto',
    );
    const r = await done;
    expect(r.code).toBe(0);
    const run = runJson(out);
    expect(byCode(run.warnings, 'BACKEND_FALLBACK')).toEqual([
      {
        code: 'BACKEND_FALLBACK',
        message:
          '--backend auto: the native EnKF kernel is not available (disabled by SMFUSE_NATIVE=off); using the js kernel (same results to float rounding, slower)',
        count: 1,
      },
    ]);
    // pixels of obs.tif with at least one observation, counted here from the file
    const obs = await readGeoTiffStack(join(FUSION, '..', 'obs.tif'));
    const plane = obs.grid.width * obs.grid.height;
    let observed = 0;
    for (let p = 0; p < plane; p++) {
      for (let d = 0; d < obs.bands; d++) {
        if (!Number.isNaN(obs.data[d * plane + p])) {
          observed++;
          break;
        }
      }
    }
    expect(byCode(run.warnings, 'PIXELS_FAILED')).toEqual([expect.objectContaining({ count: observed })]);
    expect(byCode(run.warnings, 'FUSED_COVERAGE_LOW')[0].message).toBe(
      'enkf: fused coverage 0.0 % is below 5.0 %: see the failed windows or pixels, and the flags',
    );
  }, 120_000);

  it('GRNN auto without the addon: BACKEND_FALLBACK with the reason', async () => {
    const out = join(tmp, 'grnn-js');
    const r = await spawnCliWithEnv({ SMFUSE_NATIVE: 'off' }, 'grnn', '--config', config, '--out', out, '--quiet', '--backend', 'auto')
      .done;
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(
      'warning [BACKEND_FALLBACK]: --backend auto: the native addon is not available (disabled by SMFUSE_NATIVE=off); using the js kernel',
    );
    expect(byCode(runJson(out).warnings, 'BACKEND_FALLBACK')).toHaveLength(1);
  }, 120_000);

  // only where @tensorflow/tfjs-node is not installed (it is optional): then tfjs falls back to wasm and says why
  const tfjsNode = existsSync(join(__dirname, '..', '..', 'node_modules', '@tensorflow', 'tfjs-node'));
  it.skipIf(tfjsNode)(
    'tfjs without libtensorflow: BACKEND_FALLBACK names the backend and the load error',
    async () => {
      const out = join(tmp, 'enkf-tfjs');
      const r = await spawnCliWithEnv({}, 'enkf', '--config', FUSION, '--out', out, '--quiet', '--backend', 'tfjs').done;
      expect(r.code).toBe(0);
      const [w] = byCode(runJson(out).warnings, 'BACKEND_FALLBACK');
      expect(w.message).toMatch(
        /^--backend tfjs: the tensorflow backend did not start \(@tensorflow\/tfjs-node does not load \(Cannot find package '@tensorflow\/tfjs-node'.*\)\); trying the next one$/,
      );
    },
    120_000,
  );
});
