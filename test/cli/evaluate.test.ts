import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readGeoTiffStack } from '../../src/io/geotiff-read.js';
import { gdal, hasGdal } from '../helpers/gdal.js';
import { runCli } from '../helpers/run-cli.js';
import { writeSmallSample } from '../helpers/small-sample.js';

/** `smfuse evaluate` on hand-made series and on a GRNN output of the small synthetic sample. */
const dir = mkdtempSync(join(tmpdir(), 'smfuse-evaluate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function table(file: string): Record<string, string>[] {
  const [header, ...lines] = readFileSync(file, 'utf8').trim().split('\n');
  const keys = header.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [keys[i], v])));
}

describe('evaluate two CSV series', () => {
  const est = join(dir, 'est.csv');
  const obs = join(dir, 'obs.csv');
  beforeAll(() => {
    // joined on date: obs has an extra day and another column order; est's last day is missing
    writeFileSync(est, 'date,model\n2020-01-01,2\n2020-01-02,4\n2020-01-03,6\n2020-01-04,8\n2020-01-05,\n');
    writeFileSync(obs, 'site,date,sm\nx,2020-01-04,9\nx,2020-01-02,3\nx,2020-01-01,1\nx,2020-01-03,5\nx,2020-01-06,7\nx,2020-01-05,4\n');
  });

  it('matches hand-computed metrics', async () => {
    // est = [2, 4, 6, 8], obs = [1, 3, 5, 9]: bias 0.5, RMSE 1, ubRMSE √0.75,
    // r = 26/√700, NSE = 1 − 4/35, RSR = 1/√(35/4), CV of est = √5/5
    const out = join(dir, 'series');
    const r = await runCli('evaluate', '--est', est, '--obs', obs, '--obs-col', 'sm', '--out', out, '--quiet');
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['metrics.csv', 'run.json']);
    const [row] = table(join(out, 'metrics.csv'));
    expect(row.period).toBe('all');
    expect(Number(row.n)).toBe(4);
    expect(Number(row.r)).toBeCloseTo(26 / Math.sqrt(700), 8);
    expect(Number(row.rmse)).toBeCloseTo(1, 8);
    expect(Number(row.bias)).toBeCloseTo(0.5, 8);
    expect(Number(row.ubrmse)).toBeCloseTo(Math.sqrt(0.75), 8);
    expect(Number(row.nse)).toBeCloseTo(31 / 35, 8);
    expect(Number(row.rsr)).toBeCloseTo(1 / Math.sqrt(35 / 4), 8);
    expect(Number(row.cv)).toBeCloseTo(Math.sqrt(5) / 5, 8);
  });

  it('--period keeps the dates from FROM to TO inclusive', async () => {
    // est = [2, 4, 6], obs = [1, 3, 5]: r = 1, RMSE = bias = 1
    const out = join(dir, 'period');
    expect(
      (
        await runCli(
          'evaluate',
          '--est',
          est,
          '--obs',
          obs,
          '--obs-col',
          'sm',
          '--period',
          '2020-01-01,2020-01-03',
          '--out',
          out,
          '--quiet',
        )
      ).code,
    ).toBe(0);
    const [row] = table(join(out, 'metrics.csv'));
    expect(row.period).toBe('2020-01-01..2020-01-03');
    expect(Number(row.n)).toBe(3);
    expect(Number(row.r)).toBeCloseTo(1, 12);
    expect(Number(row.rmse)).toBeCloseTo(1, 8);
  });

  it('bad input is an error naming the file', async () => {
    const noDate = join(dir, 'nodate.csv');
    writeFileSync(noDate, 'day,v\n1,2\n');
    let r = await runCli('evaluate', '--est', noDate, '--obs', obs);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${noDate}: has no "date" column`);
    r = await runCli('evaluate', '--est', est, '--obs', obs, '--obs-col', 'nope');
    expect(r.stderr).toContain('has no column "nope"');
    r = await runCli('evaluate', '--est', est, '--obs', obs, '--period', '2020-02-01,2020-01-01');
    expect(r.code).toBe(1);
  });
});

describe('evaluate a GRNN output', () => {
  const input = join(dir, 'in');
  const grnn = join(dir, 'grnn');
  beforeAll(async () => {
    await writeSmallSample(input);
    const r = await runCli('grnn', '--config', join(input, 'run.json'), '--out', grnn, '--truth', join(input, 'truth.tif'), '--quiet');
    expect(r.code, r.stderr).toBe(0);
  }, 240_000);

  it('pooled over pixel-days against the truth, it equals the run’s truth_validation.csv', async () => {
    const out = join(dir, 'vs-truth');
    expect(
      (await runCli('evaluate', '--est', join(grnn, 'fused.tif'), '--obs', join(input, 'truth.tif'), '--out', out, '--quiet')).code,
    ).toBe(0);
    expect(readdirSync(out).sort()).toEqual([
      'metric_bias.tif',
      'metric_nse.tif',
      'metric_r.tif',
      'metric_rmse.tif',
      'metrics.csv',
      'run.json',
    ]);
    const [mine] = table(join(out, 'metrics.csv'));
    const theirs = table(join(grnn, 'truth_validation.csv')).find((r) => r.product === 'fused')!;
    expect(Number(mine.n)).toBe(Number(theirs.n));
    for (const k of ['r', 'rmse', 'bias', 'ubrmse']) expect(Number(mine[k])).toBeCloseTo(Number(theirs[k]), 7);
  });

  it.skipIf(!hasGdal)('its metric_r.tif is each pixel’s Pearson R over time', async () => {
    const out = join(dir, 'vs-truth');
    const est = await readGeoTiffStack(join(grnn, 'fused.tif'));
    const truth = await readGeoTiffStack(join(input, 'truth.tif'));
    const raw = join(dir, 'r.bin');
    gdal('gdal_translate', '-q', '-of', 'ENVI', join(out, 'metric_r.tif'), raw);
    const b = readFileSync(raw);
    const rMap = new Float32Array(b.buffer, b.byteOffset, b.byteLength / 4);
    const plane = est.grid.width * est.grid.height;
    for (const p of [0, 9, plane - 1]) {
      const pairs: [number, number][] = [];
      for (let d = 0; d < est.bands; d++) {
        const e = est.data[d * plane + p];
        const t = truth.data[d * plane + p];
        if (!Number.isNaN(e) && !Number.isNaN(t)) pairs.push([e, t]);
      }
      const me = pairs.reduce((s, [e]) => s + e, 0) / pairs.length;
      const mt = pairs.reduce((s, [, t]) => s + t, 0) / pairs.length;
      const cov = pairs.reduce((s, [e, t]) => s + (e - me) * (t - mt), 0);
      const ve = pairs.reduce((s, [e]) => s + (e - me) ** 2, 0);
      const vt = pairs.reduce((s, [, t]) => s + (t - mt) ** 2, 0);
      expect(rMap[p]).toBeCloseTo(cov / Math.sqrt(ve * vt), 5);
    }
  });

  it('against a station CSV, it pools the network cells as the run’s validation does', async () => {
    const out = join(dir, 'vs-stations');
    const r = await runCli('evaluate', '--est', join(grnn, 'fused.tif'), '--obs', join(input, 'stations.csv'), '--out', out, '--quiet');
    expect(r.code, r.stderr).toBe(0);
    const [mine] = table(join(out, 'metrics.csv'));
    // the sample's networks lie in different cells, so a cell's mean of network means is the network's mean
    const theirs = table(join(grnn, 'validation.csv')).find((row) => row.network === 'all' && row.product === 'fused')!;
    expect(Number(mine.n)).toBe(Number(theirs.n));
    for (const k of ['r', 'rmse', 'bias', 'ubrmse']) expect(Number(mine[k])).toBeCloseTo(Number(theirs[k]), 7);
  });
});
