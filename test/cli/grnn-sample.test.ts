import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nativeAddon } from '../../kernels/native/load.js';
import { FLAG } from '../../src/cube/flags.js';
import { FREEZING_POINT_K, SNOW_ALBEDO } from '../../src/cube/masks.js';
import { readGeoTiffStack } from '../../src/io/geotiff-read.js';
import { gdalinfo, hasGdal } from '../helpers/gdal.js';
import { runCli } from '../helpers/run-cli.js';

/** The bundled sample, end to end through the CLI, as `npm run demo` runs it. */
const out = mkdtempSync(join(tmpdir(), 'smfuse-sample-'));
const data = fileURLToPath(new URL('../../data', import.meta.url));
let run: { code: number; stderr: string };

beforeAll(async () => {
  run = await runCli('grnn', '--config', join(data, 'run.json'), '--out', out, '--quiet');
}, 600_000);
afterAll(() => rmSync(out, { recursive: true, force: true }));

function csv(name: string): Record<string, string>[] {
  const [header, ...lines] = readFileSync(join(out, name), 'utf8').trim().split('\n');
  const keys = header.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [keys[i], v])));
}

/** Plain Pearson R over pairs where both are finite: a second implementation. */
function pearson(a: Float32Array, b: Float32Array): number {
  let n = 0,
    sa = 0,
    sb = 0;
  for (let i = 0; i < a.length; i++)
    if (Number.isFinite(a[i]) && Number.isFinite(b[i])) {
      n++;
      sa += a[i];
      sb += b[i];
    }
  const ma = sa / n,
    mb = sb / n;
  let cov = 0,
    va = 0,
    vb = 0;
  for (let i = 0; i < a.length; i++) {
    if (!(Number.isFinite(a[i]) && Number.isFinite(b[i]))) continue;
    cov += (a[i] - ma) * (b[i] - mb);
    va += (a[i] - ma) ** 2;
    vb += (b[i] - mb) ** 2;
  }
  return cov / Math.sqrt(va * vb);
}

describe('smfuse grnn on the bundled sample', () => {
  it('succeeds and writes every output, nothing else', () => {
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(
      [
        'agreement_r_ecv.tif',
        'agreement_r_fy.tif',
        'agreement_rmse_ecv.tif',
        'agreement_rmse_fy.tif',
        'coverage.json',
        'coverage_daily.csv',
        'coverage_ecv.tif',
        'coverage_ecv_rec.tif',
        'coverage_fused.tif',
        'coverage_fy.tif',
        'coverage_fy_rec.tif',
        'coverage_union.tif',
        'ecv_rec.tif',
        'flags.tif',
        'fused.tif',
        'fy_rec.tif',
        'importance.csv',
        'run.json',
        'truth_validation.csv',
        'validation.csv',
        'weight_ecv.tif',
        'fused_sd.tif',
        'ecv_rec_sd.tif',
        'fy_rec_sd.tif',
        'truth_uncertainty.csv',
        'weight_fy.tif',
        'weights_stations.csv',
        'windows.csv',
      ].sort(),
    );
  });

  it.skipIf(!hasGdal)('fused.tif reads in gdalinfo with the right grid, CRS, bands, dates and nodata', () => {
    for (const name of ['fused.tif', 'ecv_rec.tif', 'fy_rec.tif', 'flags.tif', 'fused_sd.tif', 'ecv_rec_sd.tif', 'fy_rec_sd.tif']) {
      const info = gdalinfo(join(out, name));
      expect(info.size).toEqual([56, 32]);
      expect(info.geoTransform).toEqual([90, 0.25, 0, 34, 0, -0.25]);
      expect(info.stac?.['proj:epsg']).toBe(4326);
      expect(info.bands).toHaveLength(365);
      expect(info.bands[0].description).toBe('2013-01-01');
      expect(info.bands[364].description).toBe('2013-12-31');
      expect(info.bands[0].noDataValue).toBe(name === 'flags.tif' ? 0 : 'NaN');
    }
  });

  it('more than 2.5× the coverage of either product (GRNN paper Fig. 4)', () => {
    const c = JSON.parse(readFileSync(join(out, 'coverage.json'), 'utf8'));
    expect(c.fused).toBeGreaterThanOrEqual(2.5 * c.ecv);
    expect(c.fused).toBeGreaterThanOrEqual(2.5 * c.fy);
    expect(c.union).toBeGreaterThanOrEqual(Math.max(c.ecv, c.fy));
  });

  it('fused R against the truth is at least the better product R − 0.02, checked on the files', async () => {
    const truth = (await readGeoTiffStack(join(data, 'truth.tif'))).data;
    const r = (name: string, dir = out) => readGeoTiffStack(join(dir, name)).then((s) => pearson(s.data, truth));
    const [fused, ecv, fy] = await Promise.all([r('fused.tif'), r('ecv.tif', data), r('fy.tif', data)]);
    expect(fused).toBeGreaterThanOrEqual(Math.max(ecv, fy) - 0.02);
    const table = Object.fromEntries(csv('truth_validation.csv').map((row) => [row.product, Number(row.r)]));
    expect(table.fused).toBeCloseTo(fused, 4);
    expect(table.ecv).toBeCloseTo(ecv, 4);
  });

  it('each series has an sd exactly where it has a value, and its truth figures recompute from the files', async () => {
    const truth = (await readGeoTiffStack(join(data, 'truth.tif'))).data;
    const summary = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')).uncertainty;
    expect(summary.files).toEqual(['fused_sd.tif', 'ecv_rec_sd.tif', 'fy_rec_sd.tif']);
    for (const name of ['fused', 'ecv_rec', 'fy_rec']) {
      const [value, sd] = await Promise.all([readGeoTiffStack(join(out, `${name}.tif`)), readGeoTiffStack(join(out, `${name}_sd.tif`))]);
      let n = 0,
        inside = 0,
        mismatched = 0,
        negative = 0;
      for (let i = 0; i < value.data.length; i++) {
        if (Number.isNaN(sd.data[i]) !== Number.isNaN(value.data[i])) mismatched++;
        if (Number.isNaN(value.data[i])) continue;
        if (sd.data[i] < 0) negative++;
        n++;
        if (Math.abs(value.data[i] - truth[i]) <= 1.96 * sd.data[i]) inside++;
      }
      expect([mismatched, negative], name).toEqual([0, 0]);
      const figures = summary.truth[name];
      expect(figures.n).toBe(n);
      expect(figures.coverage95).toBeCloseTo(inside / n, 3);
      const absError = value.data.map((v, i) => Math.abs(v - truth[i]));
      expect(figures.corr_sd_abs_error).toBeCloseTo(pearson(sd.data, absError), 4);
    }
    // the fused sd is conservative against the truth on this sample (it holds the products' retrieval noise)
    expect(summary.truth.fused.coverage95).toBeGreaterThan(0.95);
    expect(summary.truth.fused.corr_sd_abs_error).toBeGreaterThan(0.1);
  });

  it('flags say why each pixel-day is or is not predicted', async () => {
    const [flags, fused, lst, albedo] = await Promise.all(
      [join(out, 'flags.tif'), join(out, 'fused.tif'), join(data, 'lst.tif'), join(data, 'albedo.tif')].map((p) => readGeoTiffStack(p)),
    );
    let frozenMismatch = 0;
    let predictedMismatch = 0;
    for (let i = 0; i < flags.data.length; i++) {
      const frozen = !(lst.data[i] - FREEZING_POINT_K > 0 && albedo.data[i] < SNOW_ALBEDO);
      const f = flags.data[i];
      if ((f === FLAG.FROZEN) !== frozen) frozenMismatch++;
      if ((f === FLAG.PREDICTED || f === FLAG.PREDICTED_WIDENED) === Number.isNaN(fused.data[i])) predictedMismatch++;
    }
    expect(frozenMismatch).toBe(0);
    expect(predictedMismatch).toBe(0);
  });

  it('weights, importance, windows and validation tables are consistent', async () => {
    const w = (await readGeoTiffStack(join(out, 'weight_ecv.tif'))).data;
    const wfy = (await readGeoTiffStack(join(out, 'weight_fy.tif'))).data;
    for (let p = 0; p < w.length; p++) {
      if (Number.isNaN(w[p])) continue;
      expect(w[p]).toBeGreaterThanOrEqual(0);
      expect(w[p]).toBeLessThanOrEqual(1);
      expect(w[p] + wfy[p]).toBeCloseTo(1, 5);
    }
    const importance = csv('importance.csv');
    expect(importance.map((r) => r.variable)).toEqual(['LST', 'NDVI', 'albedo', 'DEM']);
    expect(importance.reduce((s, r) => s + Number(r.nrmsei), 0)).toBeCloseTo(1, 6);
    const windows = csv('windows.csv');
    expect(windows).toHaveLength((56 / 4) * (32 / 4) * 3);
    for (const row of windows.filter((r) => r.status === 'ok')) {
      expect(Number(row.sigma)).toBeGreaterThan(0);
      expect(Number(row.test_r)).toBeGreaterThan(0);
    }
    const networks = new Set(csv('validation.csv').map((r) => r.network));
    expect([...networks].sort()).toEqual(['Maqu', 'Naqu', 'all']);
    for (const row of csv('weights_stations.csv')) {
      expect(Math.abs(Number(row.w_ecv))).toBeLessThanOrEqual(1);
    }
  });

  it('run.json records the config, input hashes, seed and backend', () => {
    const r = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8'));
    expect(r.seed).toBe(7);
    const addon = nativeAddon(); // auto = the addon when it built, else js
    expect(r.backend).toBe(addon ? `native-${addon.simd}` : 'js');
    expect(r.inputs.ecv.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(r.config.grnn.windowCells).toBe(4);
  });
});
