import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { smallSampleFolder } from '../helpers/small-sample.js';

const { dir, config } = smallSampleFolder('smfuse-determinism-');

/** A run that must succeed; `warnings`: the codes it must warn with (none by default). */
async function fuse(name: string, flags: string[], warnings: string[] = []): Promise<string> {
  const out = join(dir, name);
  const { code, stderr } = await runCli('grnn', '--config', config, '--out', out, '--quiet', ...flags);
  expect([...stderr.matchAll(/^warning \[(\w+)\]/gm)].map((m) => m[1])).toEqual(warnings);
  expect(code).toBe(0);
  return out;
}

describe('determinism', () => {
  it('same inputs and seed give byte-identical outputs, whatever the thread count', async () => {
    const a = await fuse('a', ['--threads', '1']);
    const b = await fuse('b', ['--threads', '3']);
    const names = readdirSync(a).filter((n) => n !== 'run.json');
    expect(names.length).toBeGreaterThan(20);
    expect(names).toEqual(expect.arrayContaining(['fused_sd.tif', 'ecv_rec_sd.tif', 'fy_rec_sd.tif']));
    for (const n of names) expect(readFileSync(join(b, n)).equals(readFileSync(join(a, n))), n).toBe(true);
  });

  it('another seed gives other random subsets, hence another fused map', async () => {
    const a = await fuse('seed-a', ['--seed', '1']);
    const b = await fuse('seed-b', ['--seed', '2']);
    expect(readFileSync(join(b, 'fused.tif')).equals(readFileSync(join(a, 'fused.tif')))).toBe(false);
  });

  it('a window too small to train on is widened, or left nodata with a flag', async () => {
    const widened = await fuse('widen', ['--window-deg', '0.25', '--min-samples', '400']);
    const windows = readFileSync(join(widened, 'windows.csv'), 'utf8');
    expect(windows).toMatch(/,widened\n/);
    const none = await fuse(
      'none',
      ['--window-deg', '0.25', '--min-samples', '100000', '--max-widen', '0'],
      ['WINDOWS_FAILED', 'WINDOWS_FAILED', 'WINDOWS_FAILED', 'FUSED_COVERAGE_LOW'],
    );
    const rows = readFileSync(join(none, 'windows.csv'), 'utf8').trim().split('\n').slice(1);
    expect(rows.every((r) => r.endsWith(',too-few-samples'))).toBe(true);
    const coverage = JSON.parse(readFileSync(join(none, 'coverage.json'), 'utf8'));
    expect(coverage.fused).toBe(0);
  });
});
