import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';

/** `smfuse bpann|enkf --site` on the bundled site sample (data/site). */
const series = fileURLToPath(new URL('../../data/site/series.csv', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'smfuse-site-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function table(file: string): Record<string, string>[] {
  const [header, ...lines] = readFileSync(file, 'utf8').trim().split('\n');
  const keys = header.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [keys[i], v])));
}

describe('site fusion', () => {
  it('EnKF writes its tables and, in the validation period, beats both inputs in R and RMSE', async () => {
    const out = join(dir, 'enkf');
    const r = await runCli('enkf', '--site', series, '--out', out, '--quiet', '--seed', '3');
    expect(r.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['fused.csv', 'improvement.csv', 'metrics.csv', 'percentiles.csv', 'run.json', 'state.csv']);
    const validation = table(join(out, 'improvement.csv')).filter((row) => row.period === 'validation');
    expect(validation).toHaveLength(2);
    for (const row of validation) {
      expect(Number(row.r_new)).toBeGreaterThan(Number(row.r_old));
      expect(Number(row.rmse_new)).toBeLessThan(Number(row.rmse_old));
      expect(row.r_improvement).not.toBe('');
    }
  });

  it('is byte-identical for the same seed', async () => {
    for (const method of ['enkf', 'bpann']) {
      const a = join(dir, `${method}-a`);
      const b = join(dir, `${method}-b`);
      expect((await runCli(method, '--site', series, '--out', a, '--quiet', '--seed', '5')).code).toBe(0);
      expect((await runCli(method, '--site', series, '--out', b, '--quiet', '--seed', '5')).code).toBe(0);
      expect(readFileSync(join(a, 'fused.csv')).equals(readFileSync(join(b, 'fused.csv')))).toBe(true);
    }
  });

  it('BPANN reports the first-layer weights of each input per node (Table 5)', async () => {
    const out = join(dir, 'bpann');
    expect((await runCli('bpann', '--site', series, '--out', out, '--quiet')).code).toBe(0);
    const weights = table(join(out, 'weights.csv'));
    expect(weights.map((w) => w.node)).toEqual(['node1', 'node2', 'node3', 'node4', 'node5']);
    for (const w of weights) for (const input of ['smap', 'clm', 'lst']) expect(Number.isFinite(Number(w[input]))).toBe(true);
  });

  it('a series file with a bad column gets an error naming the file', async () => {
    const r = await runCli('enkf', '--site', series, '--out', join(dir, 'bad'), '--target', 'nope');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(series);
  });
});
