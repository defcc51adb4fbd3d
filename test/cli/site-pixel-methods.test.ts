import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { nativeAddon } from '../../kernels/native/load.js';
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

  it('EnKF starts from a spread scaled per term: its first forecasts are near the fit, and it is as good in the training period', async () => {
    const out = join(dir, 'enkf-spinup');
    expect((await runCli('enkf', '--site', series, '--out', out, '--quiet')).code).toBe(0);
    const fused = table(join(out, 'fused.csv')).filter((row) => row.fused !== '');
    // with one variance 1e-4 on every coefficient (a3 × LST ≈ 270 K) the first forecast was −0.346 against 0.154
    expect(Number(fused[0].fused)).toBeGreaterThan(0.05);
    expect(Math.abs(Number(fused[0].fused) - Number(fused[0].obs))).toBeLessThan(0.08);
    const metrics = table(join(out, 'metrics.csv'));
    const of = (series: string, period: string) => metrics.find((r) => r.series === series && r.period === period)!;
    // before: training R 0.798 and RMSE 0.051, worse than both inputs (R 0.892 / 0.899, RMSE 0.042 / 0.052)
    for (const period of ['train', 'validation']) {
      const best = Math.max(Number(of('smap', period).r), Number(of('clm', period).r));
      expect(Number(of('fused_enkf', period).r)).toBeGreaterThan(best - 0.01);
      expect(Number(of('fused_enkf', period).rmse)).toBeLessThan(
        Math.min(Number(of('smap', period).rmse), Number(of('clm', period).rmse)) - 0.01,
      );
    }
  });

  it('both EnKF state-noise modes run, and differ', async () => {
    const a = join(dir, 'enkf-inflate');
    const b = join(dir, 'enkf-additive');
    expect((await runCli('enkf', '--site', series, '--out', a, '--quiet', '--state-noise-mode', 'inflate')).code).toBe(0);
    expect((await runCli('enkf', '--site', series, '--out', b, '--quiet', '--state-noise-mode', 'additive')).code).toBe(0);
    expect(JSON.parse(readFileSync(join(b, 'run.json'), 'utf8')).stateNoiseMode).toBe('additive');
    expect(readFileSync(join(a, 'fused.csv'), 'utf8')).not.toBe(readFileSync(join(b, 'fused.csv'), 'utf8'));
  });

  it('BPANN writes the same training curve and outputs for 1 and 3 threads and on the native backend', async () => {
    const run = async (name: string, ...flags: string[]) => {
      const out = join(dir, name);
      const r = await runCli('bpann', '--site', series, '--out', out, '--quiet', '--iterations', '40', ...flags);
      expect(r.code).toBe(0);
      return out;
    };
    const one = await run('bpann-t1', '--threads', '1');
    const three = await run('bpann-t3', '--threads', '3');
    const curve = table(join(one, 'training.csv'));
    expect(curve.length).toBeGreaterThan(5);
    for (const file of ['training.csv', 'fused.csv', 'weights.csv'])
      expect(readFileSync(join(three, file), 'utf8')).toBe(readFileSync(join(one, file), 'utf8'));
    if (!nativeAddon()) return;
    const native = await run('bpann-native', '--backend', 'native');
    const nat = table(join(native, 'training.csv'));
    expect(nat.map((r) => r.iteration)).toEqual(curve.map((r) => r.iteration));
    nat.forEach((r, i) =>
      expect(Math.abs(Number(r.mse_scaled) - Number(curve[i].mse_scaled))).toBeLessThanOrEqual(1e-6 * Number(curve[i].mse_scaled)),
    );
    expect(JSON.parse(readFileSync(join(native, 'run.json'), 'utf8')).backend).toMatch(/^native-/);
  });

  it('a fused value outside [0, maxSm] is nulled, kept in fused_raw, flagged and warned about', async () => {
    const out = join(dir, 'enkf-range');
    const r = await runCli('enkf', '--site', series, '--out', out, '--quiet', '--max-sm', '0.3');
    expect(r.code).toBe(0);
    const rows = table(join(out, 'fused.csv'));
    const flagged = rows.filter((row) => row.flag === 'out_of_range');
    expect(flagged.length).toBeGreaterThan(0);
    for (const row of rows) {
      const raw = Number(row.fused_raw);
      if (row.fused_raw === '') continue;
      if (raw > 0.3) expect([row.fused, row.flag]).toEqual(['', 'out_of_range']);
      else expect([Number(row.fused), row.flag]).toEqual([raw, '']);
    }
    expect(r.stderr).toContain('FUSED_OUT_OF_RANGE');
    const run = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8'));
    expect(run.maxSm).toBe(0.3);
    expect(run.warnings).toEqual([expect.objectContaining({ code: 'FUSED_OUT_OF_RANGE', count: flagged.length })]);
    // the metrics compare what fused holds: fewer pairs than the inputs' in each period
    const metrics = table(join(out, 'metrics.csv'));
    const n = (period: string) => Number(metrics.find((m) => m.series === 'fused_enkf' && m.period === period)!.n);
    expect(n('all')).toBe(rows.filter((row) => row.fused !== '' && row.obs !== '').length);
  });

  it('a series with missing days gets gap rows, counted as days, and a warning', async () => {
    const lines = readFileSync(series, 'utf8').trim().split('\n');
    const gappy = join(dir, 'gappy.csv');
    // drop 2017-02-01 … 2017-02-10 (lines 33–42)
    writeFileSync(gappy, `${[...lines.slice(0, 32), ...lines.slice(42)].join('\n')}\n`);
    const out = join(dir, 'enkf-gappy');
    const r = await runCli('enkf', '--site', gappy, '--out', out, '--quiet');
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('SITE_DAYS_FILLED');
    const rows = table(join(out, 'fused.csv'));
    expect(rows).toHaveLength(lines.length - 1);
    expect(rows[31].date).toBe('2017-02-01');
    expect([rows[31].smap, rows[31].clm, rows[31].lst, rows[31].obs, rows[31].fused]).toEqual(['', '', '', '', '']);
    const run = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8'));
    expect(run.filledDays).toBe(10);
    expect(run.warnings).toEqual([expect.objectContaining({ code: 'SITE_DAYS_FILLED', count: 10 })]);
  });

  it('a repeated or earlier date is an error naming the line', async () => {
    const lines = readFileSync(series, 'utf8').trim().split('\n');
    const repeated = join(dir, 'repeated.csv');
    writeFileSync(repeated, [...lines.slice(0, 5), lines[4], ...lines.slice(5)].join('\n'));
    const r1 = await runCli('enkf', '--site', repeated, '--out', join(dir, 'bad-rep'));
    expect(r1.code).toBe(1);
    expect(r1.stderr).toContain(`${repeated}: line 6: date 2017-01-04 repeats 2017-01-04`);
    const unsorted = join(dir, 'unsorted.csv');
    writeFileSync(unsorted, [lines[0], lines[2], lines[1], ...lines.slice(3)].join('\n'));
    const r2 = await runCli('bpann', '--site', unsorted, '--out', join(dir, 'bad-order'));
    expect(r2.code).toBe(1);
    expect(r2.stderr).toContain(`${unsorted}: line 3: date 2017-01-01 comes before 2017-01-02`);
  });

  it('a series file with a bad column gets an error naming the file', async () => {
    const r = await runCli('enkf', '--site', series, '--out', join(dir, 'bad'), '--target', 'nope');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(series);
  });
});
