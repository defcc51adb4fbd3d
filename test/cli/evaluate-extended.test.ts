import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readGeoTiffStack } from '../../src/io/geotiff-read.js';
import { makeRng } from '../../core/rng.js';
import { runCli, runCliWithStdout } from '../helpers/run-cli.js';
import { writeSmallSample } from '../helpers/small-sample.js';

/** `smfuse evaluate`: the intervals, rank and anomaly columns, and `--tc` triple collocation. */
const dir = mkdtempSync(join(tmpdir(), 'smfuse-evaluate-ext-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function table(file: string): Record<string, string>[] {
  const [header, ...lines] = readFileSync(file, 'utf8').trim().split('\n');
  const keys = header.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [keys[i], v])));
}

function dates(first: string, days: number): string[] {
  const t0 = Date.parse(`${first}T00:00:00Z`);
  return Array.from({ length: days }, (_, i) => new Date(t0 + i * 86400000).toISOString().slice(0, 10));
}

function writeSeries(file: string, ds: readonly string[], values: readonly number[]): void {
  writeFileSync(file, `date,sm\n${ds.map((d, i) => `${d},${Number.isNaN(values[i]) ? '' : values[i]}`).join('\n')}\n`);
}

/** Plain Pearson r. */
function pearson(a: readonly number[], b: readonly number[]): number {
  const ma = a.reduce((s, v) => s + v, 0) / a.length;
  const mb = b.reduce((s, v) => s + v, 0) / b.length;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  a.forEach((v, i) => {
    sab += (v - ma) * (b[i] - mb);
    saa += (v - ma) ** 2;
    sbb += (b[i] - mb) ** 2;
  });
  return sab / Math.sqrt(saa * sbb);
}

/** Ranks by counting: 1 + #smaller + (#equal − 1)/2, the average rank of ties. */
function ranks(a: readonly number[]): number[] {
  return a.map((v) => 1 + a.filter((w) => w < v).length + (a.filter((w) => w === v).length - 1) / 2);
}

describe('evaluate: intervals, rank and anomaly correlations', () => {
  // three years of a seasonal signal: obs and an estimate with its own error
  const ds = dates('2011-01-01', 3 * 365);
  const rng = makeRng(11);
  const season = ds.map((_, i) => 0.25 + 0.08 * Math.sin((2 * Math.PI * i) / 365));
  const obs = season.map((s) => Math.round((s + 0.02 * rng.normal()) * 1e4) / 1e4);
  const est = obs.map((o, i) => (i % 9 === 4 ? NaN : Math.round((0.9 * o + 0.04 + 0.015 * rng.normal()) * 1e4) / 1e4));
  const estFile = join(dir, 'est.csv');
  const obsFile = join(dir, 'obs.csv');
  beforeAll(() => {
    writeSeries(estFile, ds, est);
    writeSeries(obsFile, ds, obs);
  });

  it('appends the interval, rank and anomaly columns after the paper’s', async () => {
    const out = join(dir, 'ext');
    const r = await runCliWithStdout('evaluate', '--est', estFile, '--obs', obsFile, '--out', out, '--quiet');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^95% r \[/m);
    const header = readFileSync(join(out, 'metrics.csv'), 'utf8').split('\n')[0].split(',');
    expect(header.slice(0, 11)).toEqual(['series', 'period', 'n', 'r', 'p_value', 'rmse', 'bias', 'ubrmse', 'cv', 'rsr', 'nse']);
    expect(header.slice(11)).toEqual([
      'r_ci_lo',
      'r_ci_hi',
      'rmse_ci_lo',
      'rmse_ci_hi',
      'bias_ci_lo',
      'bias_ci_hi',
      'ubrmse_ci_lo',
      'ubrmse_ci_hi',
      'spearman_rho',
      'spearman_p',
      'spearman_ci_lo',
      'spearman_ci_hi',
      'kendall_tau',
      'kendall_p',
      'kendall_ci_lo',
      'kendall_ci_hi',
      'anomaly_r',
      'anomaly_r_short',
    ]);
    const [row] = table(join(out, 'metrics.csv'));
    const keep = est.map((e) => !Number.isNaN(e));
    const e = est.filter((_, i) => keep[i]);
    const o = obs.filter((_, i) => keep[i]);
    const n = e.length;
    expect(Number(row.n)).toBe(n);
    const rr = pearson(e, o);
    expect(Number(row.r_ci_lo)).toBeCloseTo(Math.tanh(Math.atanh(rr) - 1.959963984540054 / Math.sqrt(n - 3)), 8);
    expect(Number(row.r_ci_hi)).toBeCloseTo(Math.tanh(Math.atanh(rr) + 1.959963984540054 / Math.sqrt(n - 3)), 8);
    expect(Number(row.spearman_rho)).toBeCloseTo(pearson(ranks(e), ranks(o)), 8);
    const rmse = Number(row.rmse);
    expect(Number(row.rmse_ci_lo)).toBeLessThan(rmse);
    expect(Number(row.rmse_ci_hi)).toBeGreaterThan(rmse);
    expect(Number(row.kendall_tau)).toBeGreaterThan(0.5);
    // anomalies keep the estimate's own error: positive, but below R, which the season inflates
    expect(Number(row.anomaly_r)).toBeGreaterThan(0.3);
    expect(Number(row.anomaly_r)).toBeLessThan(rr);
    expect(Number(row.anomaly_r_short)).toBeGreaterThan(0.3);
  });

  it('is deterministic (the bootstrap is seeded)', async () => {
    const a = join(dir, 'det-a');
    const b = join(dir, 'det-b');
    await runCli('evaluate', '--est', estFile, '--obs', obsFile, '--out', a, '--quiet');
    await runCli('evaluate', '--est', estFile, '--obs', obsFile, '--out', b, '--quiet');
    expect(readFileSync(join(a, 'metrics.csv'), 'utf8')).toBe(readFileSync(join(b, 'metrics.csv'), 'utf8'));
  });

  it('leaves anomaly_r empty on a period shorter than two years', async () => {
    const out = join(dir, 'one-year');
    expect(
      (await runCli('evaluate', '--est', estFile, '--obs', obsFile, '--period', '2011-01-01,2011-12-31', '--out', out, '--quiet')).code,
    ).toBe(0);
    const [row] = table(join(out, 'metrics.csv'));
    expect(row.anomaly_r).toBe('');
    expect(Number(row.anomaly_r_short)).toBeGreaterThan(0.3);
  });
});

/** pytesmo _tcol_metrics_from_cov written out plainly (reference = first). */
function tcol(x: readonly number[], y: readonly number[], z: readonly number[]): { errVar: number[]; snr: number[]; beta: number[] } {
  const s = [x, y, z];
  const n = x.length;
  const m = s.map((a) => a.reduce((t, v) => t + v, 0) / n);
  const c = (i: number, j: number) => s[i].reduce((t, v, k) => t + (v - m[i]) * (s[j][k] - m[j]), 0) / (n - 1);
  const errVar = [0, 1, 2].map((i) => c(i, i) - (c(i, (i + 1) % 3) * c(i, (i + 2) % 3)) / c((i + 1) % 3, (i + 2) % 3));
  const snr = [0, 1, 2].map(
    (i) => -10 * Math.log10(Math.abs(Math.abs((c(i, i) * c((i + 1) % 3, (i + 2) % 3)) / (c(i, (i + 1) % 3) * c(i, (i + 2) % 3))) - 1)),
  );
  const beta = [1, c(0, 2) / c(1, 2), c(0, 1) / c(2, 1)];
  return { errVar, snr, beta };
}

describe('evaluate --tc', () => {
  it('on three CSV series: pytesmo’s figures, near the known error variances', async () => {
    const ds = dates('2015-01-01', 3000);
    const rng = makeRng(21);
    const t = ds.map(() => 0.05 * rng.normal());
    const s = [0.01, 0.02, 0.03];
    const x = t.map((v) => 0.25 + v + s[0] * rng.normal());
    const y = t.map((v) => 0.2 + 0.7 * v + s[1] * rng.normal());
    const z = t.map((v) => 0.3 + 1.3 * v + s[2] * rng.normal());
    const files = ['ecv', 'fy', 'insitu'].map((n) => join(dir, `${n}.csv`));
    [x, y, z].forEach((v, k) => writeSeries(files[k], ds, v));
    const out = join(dir, 'tc-series');
    const r = await runCliWithStdout('evaluate', '--tc', ...files, '--out', out, '--quiet');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('insitu');
    const rows = table(join(out, 'tc.csv'));
    expect(rows.map((row) => row.product)).toEqual(['ecv', 'fy', 'insitu']);
    // the same numbers as written; evaluate holds them as float32, hence 1e-6 rather than 1e-12
    const read = files.map((f) =>
      readFileSync(f, 'utf8')
        .trim()
        .split('\n')
        .slice(1)
        .map((l) => Number(l.split(',')[1])),
    );
    const want = tcol(read[0], read[1], read[2]);
    rows.forEach((row, k) => {
      expect(Number(row.n)).toBe(3000);
      expect(Number(row.err_var) / want.errVar[k]).toBeCloseTo(1, 6);
      expect(Number(row.snr_db)).toBeCloseTo(want.snr[k], 5);
      expect(Number(row.beta)).toBeCloseTo(want.beta[k], 6);
      expect(Math.abs(Math.sqrt(Number(row.err_var)) - s[k]) / s[k]).toBeLessThan(0.06);
    });
  });

  it('refuses anything but three products, and --tc with --est', async () => {
    const a = join(dir, 'ecv.csv');
    let r = await runCli('evaluate', '--tc', a, a);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('three products');
    r = await runCli('evaluate', '--tc', a, a, a, '--est', a);
    expect(r.code).toBe(1);
    r = await runCli('evaluate', '--est', a);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('--obs');
  });

  it('on the bundled gridded sample (SMAP, CLM, obs) recovers each pixel’s true error variance', async () => {
    // data/fusion has the synthetic truth: regressing a product on it per pixel leaves its error
    const out = join(dir, 'tc-fusion');
    const names = ['smap', 'clm', 'obs'];
    const r = await runCli('evaluate', '--tc', ...names.map((n) => join('data', 'fusion', `${n}.tif`)), '--out', out, '--quiet');
    expect(r.code, r.stderr).toBe(0);
    const [truth, ...stacks] = await Promise.all(['truth', ...names].map((n) => readGeoTiffStack(join('data', 'fusion', `${n}.tif`))));
    const tc = await Promise.all(names.map((n) => readGeoTiffStack(join(out, `tc_err_${n}.tif`))));
    const plane = truth.grid.width * truth.grid.height;
    const ratios: number[][] = [[], []];
    for (let p = 0; p < plane; p++) {
      const days = Array.from({ length: truth.bands }, (_, d) => d * plane + p).filter((i) =>
        [truth, ...stacks].every((s) => !Number.isNaN(s.data[i])),
      );
      if (days.length < 10) continue;
      for (const k of [0, 1]) {
        const x = days.map((i) => stacks[k].data[i]);
        const t = days.map((i) => truth.data[i]);
        const mx = x.reduce((a, b) => a + b, 0) / x.length;
        const mt = t.reduce((a, b) => a + b, 0) / t.length;
        let sxx = 0;
        let stt = 0;
        let sxt = 0;
        x.forEach((v, i) => {
          sxx += (v - mx) ** 2;
          stt += (t[i] - mt) ** 2;
          sxt += (v - mx) * (t[i] - mt);
        });
        ratios[k].push(tc[k].data[p] / ((sxx - (sxt * sxt) / stt) / (x.length - 1)));
      }
    }
    // SMAP and CLM: median ratio TC / true error variance within 5 % (measured 1.002 and 1.000 over 164 pixels);
    // obs' error is small against sampling error, so its ratio scatters widely and is not checked
    for (const k of [0, 1]) {
      expect(ratios[k].length).toBeGreaterThan(100);
      const sorted = [...ratios[k]].sort((a, b) => a - b);
      expect(Math.abs(sorted[Math.floor(sorted.length / 2)] - 1)).toBeLessThan(0.05);
    }
  }, 60_000);

  describe('on GeoTIFF stacks', () => {
    const input = join(dir, 'in');
    beforeAll(async () => {
      await writeSmallSample(input);
    }, 120_000);

    it('writes error-variance and SNR maps equal to each pixel’s TC, and a station-cell table', async () => {
      const out = join(dir, 'tc-grid');
      const files = ['ecv.tif', 'fy.tif', 'truth.tif'].map((f) => join(input, f));
      const r = await runCli('evaluate', '--tc', ...files, '--out', out, '--quiet');
      expect(r.code, r.stderr).toBe(0);
      expect(readdirSync(out).sort()).toEqual([
        'run.json',
        'tc.csv',
        'tc_err_ecv.tif',
        'tc_err_fy.tif',
        'tc_err_truth.tif',
        'tc_snr_ecv.tif',
        'tc_snr_fy.tif',
        'tc_snr_truth.tif',
      ]);
      const stacks = await Promise.all(files.map((f) => readGeoTiffStack(f)));
      const errFy = await readGeoTiffStack(join(out, 'tc_err_fy.tif'));
      const snrEcv = await readGeoTiffStack(join(out, 'tc_snr_ecv.tif'));
      const plane = stacks[0].grid.width * stacks[0].grid.height;
      let checked = 0;
      for (let p = 0; p < plane; p++) {
        const trip: number[][] = [[], [], []];
        for (let d = 0; d < stacks[0].bands; d++) {
          const v = stacks.map((s) => s.data[d * plane + p]);
          if (v.every((w) => !Number.isNaN(w))) v.forEach((w, k) => trip[k].push(w));
        }
        if (trip[0].length < 10) {
          expect(errFy.data[p]).toBeNaN();
          continue;
        }
        const want = tcol(trip[0], trip[1], trip[2]);
        expect(errFy.data[p] / want.errVar[1]).toBeCloseTo(1, 4);
        expect(snrEcv.data[p]).toBeCloseTo(want.snr[0], 3);
        checked++;
      }
      expect(checked).toBeGreaterThan(0);

      const withStations = join(dir, 'tc-stations');
      const s = await runCli('evaluate', '--tc', files[0], files[1], join(input, 'stations.csv'), '--out', withStations, '--quiet');
      expect(s.code, s.stderr).toBe(0);
      const cells = table(join(withStations, 'tc_cells.csv'));
      expect(cells.length).toBeGreaterThan(0);
      expect(Object.keys(cells[0])).toEqual([
        'row',
        'col',
        'lat',
        'lon',
        'n',
        'err_var_ecv',
        'snr_db_ecv',
        'beta_ecv',
        'err_var_fy',
        'snr_db_fy',
        'beta_fy',
        'err_var_stations',
        'snr_db_stations',
        'beta_stations',
      ]);
      for (const c of cells) expect(Number(c.n)).toBeGreaterThanOrEqual(10);
    });
  });
});
