import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fastKernel as fastBpann } from '../../kernels/bpann/fast.js';
import { fastKernel as fastEnkf } from '../../kernels/enkf/fast.js';
import { parsePixelMethodConfig } from '../../src/config/pixel-method-config.js';
import { makeGrid } from '../../src/grid/gridspec.js';
import { formatCsv } from '../../src/io/csv.js';
import { readGeoTiffStack } from '../../src/io/geotiff-read.js';
import { bpannFuse } from '../../src/methods/bpann/fuse.js';
import { inProcessTrainer, workerTrainer } from '../../src/methods/bpann/trainer.js';
import { enkfFuse } from '../../src/methods/enkf/fuse.js';
import { silentLogger } from '../../src/log.js';
import { stationCube } from '../../src/run/pixel-grid/inputs.js';
import type { PixelCube } from '../../src/cube/pixel-cube.js';
import { PixelStatus } from '../../src/methods/pixel-cube.js';
import { synthesizePixelGrid, writePixelGridSample, type PixelGridSample } from '../../src/sample/pixel-grid-sample.js';
import { gdal, gdalinfo, hasGdal } from '../helpers/gdal.js';
import { runCli } from '../helpers/run-cli.js';

/**
 * `smfuse bpann|enkf --config` on a 4 × 3 grid of synthetic site series (one year):
 * the last column has no observations and the one before only every 15th day, so 6
 * pixels are fused and 6 flagged.
 */
const dir = mkdtempSync(join(tmpdir(), 'smfuse-grid-fusion-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const grid = makeGrid({ west: 100, south: 35, east: 101, north: 35.75 }, 0.25);
const SEED = 3;
let sample: PixelGridSample;
const config = join(dir, 'run.json');
const out = { bpann: join(dir, 'out-bpann'), enkf: join(dir, 'out-enkf') };
const plane = grid.width * grid.height;
const fusedPixels = Array.from({ length: plane }, (_, p) => p).filter((p) => p % grid.width < grid.width - 2);

beforeAll(async () => {
  sample = synthesizePixelGrid(grid, 2017, 1);
  await writePixelGridSample(sample, dir);
  writeFileSync(
    config,
    JSON.stringify({ year: 2017, seed: SEED, out: 'out', inputs: { smap: 'smap.tif', clm: 'clm.tif', lst: 'lst.tif', obs: 'obs.tif' } }),
  );
  for (const method of ['enkf', 'bpann'] as const) {
    const r = await runCli(method, '--config', config, '--out', out[method], '--backend', 'js', '--threads', '2');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('backend: js (2 threads)');
  }
}, 240_000);

function cube(): PixelCube {
  return { days: sample.dates.length, pixels: plane, smap: sample.smap, clm: sample.clm, lst: sample.lst, obs: sample.obs };
}

/** The cube with every pixel but p without observations: a batch of one network / filter. */
function onlyPixel(c: PixelCube, p: number): PixelCube {
  return { ...c, obs: c.obs.map((v, i) => (i % plane === p ? v : NaN)) };
}

/** Validation days of pixel p, found independently: the last third of its days with every input and an observation. */
function validationDays(p: number): number[] {
  const days: number[] = [];
  for (let d = 0; d < sample.dates.length; d++) {
    const i = d * plane + p;
    if ([sample.smap[i], sample.clm[i], sample.lst[i], sample.obs[i]].every((v) => !Number.isNaN(v))) days.push(d);
  }
  const split = days[Math.round((days.length * 2) / 3)];
  return Array.from({ length: sample.dates.length - split }, (_, k) => split + k);
}

/** Plain two-pass Pearson R and RMSE of the valid pairs. */
function plainStats(est: number[], obs: number[]): { n: number; r: number; rmse: number } {
  const pairs = est.map((e, i) => [e, obs[i]]).filter(([e, o]) => !Number.isNaN(e) && !Number.isNaN(o));
  const n = pairs.length;
  const me = pairs.reduce((s, [e]) => s + e, 0) / n;
  const mo = pairs.reduce((s, [, o]) => s + o, 0) / n;
  let see = 0,
    soo = 0,
    seo = 0,
    sd = 0;
  for (const [e, o] of pairs) {
    see += (e - me) ** 2;
    soo += (o - mo) ** 2;
    seo += (e - me) * (o - mo);
    sd += (e - o) ** 2;
  }
  return { n, r: seo / Math.sqrt(see * soo), rmse: Math.sqrt(sd / n) };
}

function table(file: string): Record<string, string>[] {
  const [header, ...lines] = readFileSync(file, 'utf8').trim().split('\n');
  const keys = header.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [keys[i], v])));
}

/** Raster values as GDAL decodes them (ENVI: raw band-sequential samples, host order). */
function gdalValues(path: string, type: 'float32' | 'uint8'): Float32Array | Uint8Array {
  const raw = join(dir, `envi-${Math.random().toString(36).slice(2)}.bin`);
  gdal('gdal_translate', '-q', '-of', 'ENVI', path, raw);
  const b = readFileSync(raw);
  return type === 'uint8' ? new Uint8Array(b) : new Float32Array(b.buffer, b.byteOffset, b.byteLength / 4);
}

describe.each(['bpann', 'enkf'] as const)('smfuse %s --config (gridded)', (method) => {
  it('writes fused.tif, flags.tif, the metric maps and the pooled tables, run.json last', () => {
    expect(readdirSync(out[method]).sort()).toEqual([
      'flags.tif',
      'fused.tif',
      'fused_sd.tif',
      'improvement.csv',
      'metric_bias.tif',
      'metric_nse.tif',
      'metric_r.tif',
      'metric_rmse.tif',
      'metrics.csv',
      'percentiles.csv',
      'run.json',
    ]);
    const run = JSON.parse(readFileSync(join(out[method], 'run.json'), 'utf8'));
    expect(run).toMatchObject({
      command: method,
      mode: 'grid',
      backend: 'js',
      threads: 2,
      seed: SEED,
      pixels: { fused: 6, too_few_obs: 6, fit_failed: 0 },
    });
    expect(Object.keys(run.inputs).sort()).toEqual(['clm', 'lst', 'obs', 'smap']);
    expect(run.inputs.smap.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it.skipIf(!hasGdal)('GDAL reads fused.tif with one dated band per day and the flags', () => {
    const fused = gdalinfo(join(out[method], 'fused.tif'));
    expect(fused.size).toEqual([grid.width, grid.height]);
    expect(fused.bands).toHaveLength(365);
    expect(fused.bands.map((b) => b.description)).toEqual(sample.dates);
    expect(fused.bands[0].type).toBe('Float32');
    const flagsInfo = gdalinfo(join(out[method], 'flags.tif'));
    expect(flagsInfo.bands.map((b) => b.type)).toEqual(['Byte']);
    const flags = gdalValues(join(out[method], 'flags.tif'), 'uint8');
    const expected = Array.from({ length: plane }, (_, p) => (fusedPixels.includes(p) ? PixelStatus.FUSED : PixelStatus.TOO_FEW_OBS));
    expect(Array.from(flags)).toEqual(expected);
  });

  it.skipIf(!hasGdal)('metric_r.tif holds each pixel’s validation R, computed independently', async () => {
    const fused = (await readGeoTiffStack(join(out[method], 'fused.tif'))).data;
    const rMap = gdalValues(join(out[method], 'metric_r.tif'), 'float32');
    const rmseMap = gdalValues(join(out[method], 'metric_rmse.tif'), 'float32');
    for (const p of fusedPixels) {
      const days = validationDays(p);
      const s = plainStats(
        days.map((d) => fused[d * plane + p]),
        days.map((d) => sample.obs[d * plane + p]),
      );
      expect(rMap[p]).toBeCloseTo(s.r, 5);
      expect(rmseMap[p]).toBeCloseTo(s.rmse, 6);
    }
    for (let p = 0; p < plane; p++) if (!fusedPixels.includes(p)) expect(rMap[p]).toBeNaN();
  });

  it('metrics.csv pools the validation pixel-days of the fused pixels (hand pooling)', async () => {
    const fused = (await readGeoTiffStack(join(out[method], 'fused.tif'))).data;
    const est: number[] = [];
    const obs: number[] = [];
    for (const p of fusedPixels)
      for (const d of validationDays(p)) {
        est.push(fused[d * plane + p]);
        obs.push(sample.obs[d * plane + p]);
      }
    const s = plainStats(est, obs);
    const row = table(join(out[method], 'metrics.csv')).find((r) => r.series === `fused_${method}` && r.period === 'validation')!;
    expect(Number(row.n)).toBe(s.n);
    expect(Number(row.r)).toBeCloseTo(s.r, 6);
    expect(Number(row.rmse)).toBeCloseTo(s.rmse, 7);
  });
});

describe('batched = one by one', () => {
  it('BPANN: networks trained as one batch on worker threads equal each trained alone in this thread', async () => {
    const c = cube();
    const options = { seed: SEED, iterations: 40 };
    const trainer = workerTrainer(2);
    const batched = await bpannFuse(c, trainer, options).finally(() => trainer.close());
    for (const p of fusedPixels.slice(0, 3)) {
      const alone = await bpannFuse(onlyPixel(c, p), inProcessTrainer(fastBpann), options);
      for (let d = 0; d < c.days; d++) expect(alone.fused[d * plane + p]).toBe(batched.fused[d * plane + p]);
    }
  }, 60_000);

  it('the CLI’s fused pixel 0 equals a site run on pixel 0’s series', async () => {
    const series = join(dir, 'pixel0.csv');
    writeFileSync(
      series,
      formatCsv(
        ['date', 'smap', 'clm', 'lst', 'obs'],
        sample.dates.map((date, d) => [date, sample.smap[d * plane], sample.clm[d * plane], sample.lst[d * plane], sample.obs[d * plane]]),
      ),
    );
    // A site has no neighbours: the grid run it is compared with pools none either, with as many members.
    const alike = { bpann: ['--members', '3', '--pool-radius', '0'], enkf: [] };
    const unpooled = join(dir, 'out-bpann-unpooled');
    expect((await runCli('bpann', '--config', config, '--out', unpooled, '--backend', 'js', '--quiet', ...alike.bpann)).code).toBe(0);
    for (const method of ['bpann', 'enkf'] as const) {
      const site = join(dir, `site-${method}`);
      expect(
        (
          await runCli(
            method,
            '--site',
            series,
            '--out',
            site,
            '--seed',
            String(SEED),
            '--backend',
            'js',
            '--quiet',
            ...alike[method].slice(0, 2),
          )
        ).code,
      ).toBe(0);
      const siteFused = table(join(site, 'fused.csv')).map((r) => (r.fused === '' ? NaN : Number(r.fused)));
      const gridFused = (await readGeoTiffStack(join(method === 'bpann' ? unpooled : out[method], 'fused.tif'))).data;
      expect(siteFused).toEqual(Array.from({ length: sample.dates.length }, (_, d) => gridFused[d * plane]));
    }
  }, 60_000);

  it('EnKF: all pixels in one kernel call equal each pixel filtered alone', () => {
    const c = cube();
    const all = enkfFuse(c, fastEnkf, { seed: SEED });
    for (const p of fusedPixels) {
      const alone = enkfFuse(onlyPixel(c, p), fastEnkf, { seed: SEED });
      for (let d = 0; d < c.days; d++) expect(alone.fused[d * plane + p]).toBe(all.fused[d * plane + p]);
    }
  });
});

describe('--backend', () => {
  it('EnKF on tfjs records its backend and agrees with js within float32 rounding; gpu is refused', async () => {
    const tfjsOut = join(dir, 'out-enkf-tfjs');
    const r = await runCli('enkf', '--config', config, '--out', tfjsOut, '--backend', 'tfjs');
    expect(r.code, r.stderr).toBe(0);
    const run = JSON.parse(readFileSync(join(tfjsOut, 'run.json'), 'utf8'));
    expect(run.backend).toMatch(/^tfjs-/);
    expect(r.stderr).toContain(`backend: ${run.backend}`);
    const js = (await readGeoTiffStack(join(out.enkf, 'fused.tif'))).data;
    const tfjs = (await readGeoTiffStack(join(tfjsOut, 'fused.tif'))).data;
    for (let i = 0; i < js.length; i++) {
      if (Number.isNaN(js[i])) expect(tfjs[i]).toBeNaN();
      else expect(Math.abs(tfjs[i] - js[i])).toBeLessThan(1e-5);
    }
    const gpu = await runCli('enkf', '--config', config, '--out', join(dir, 'gpu'), '--backend', 'gpu');
    expect(gpu.code).toBe(1);
    expect(gpu.stderr).toContain('--backend gpu is not available for BPANN and EnKF');
  }, 60_000);
});

describe('on the synthetic truth', () => {
  it('EnKF’s pooled validation R beats both inputs', async () => {
    const fused = (await readGeoTiffStack(join(out.enkf, 'fused.tif'))).data;
    const pooled = (values: Float32Array) => {
      const est: number[] = [];
      const truth: number[] = [];
      // on the days every series exists, so the comparison is like for like
      for (const p of fusedPixels)
        for (const d of validationDays(p)) {
          const i = d * plane + p;
          if (Number.isNaN(fused[i]) || Number.isNaN(sample.smap[i])) continue;
          est.push(values[i]);
          truth.push(sample.truth[i]);
        }
      return plainStats(est, truth).r;
    };
    const r = { fused: pooled(fused), smap: pooled(sample.smap), clm: pooled(sample.clm) };
    expect(r.fused).toBeGreaterThan(r.smap);
    expect(r.fused).toBeGreaterThan(r.clm);
  });
});

describe('physical range and periods', () => {
  it('EnKF is as good in its training period as in validation (a spread scaled per term: no spin-up), and stays in [0, 0.6]', () => {
    const rows = table(join(out.enkf, 'metrics.csv'));
    const of = (series: string, period: string) => rows.find((r) => r.series === series && r.period === period)!;
    for (const period of ['train', 'validation']) {
      const fused = of('fused_enkf', period);
      expect(Number(fused.rmse)).toBeLessThan(Math.min(Number(of('smap', period).rmse), Number(of('clm', period).rmse)));
      expect(Number(fused.r)).toBeGreaterThan(0.85);
    }
    expect(readdirSync(out.enkf)).not.toContain('fused_raw.tif');
    expect(JSON.parse(readFileSync(join(out.enkf, 'run.json'), 'utf8')).warnings.map((w: { code: string }) => w.code)).not.toContain(
      'FUSED_OUT_OF_RANGE',
    );
  });

  it('a fused pixel-day above maxSm is nulled in fused.tif, kept in fused_raw.tif, counted in out_of_range.tif and warned about', async () => {
    const low = join(dir, 'out-enkf-maxsm');
    const r = await runCli('enkf', '--config', config, '--out', low, '--backend', 'js', '--threads', '2', '--max-sm', '0.3');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('FUSED_OUT_OF_RANGE');
    const full = (await readGeoTiffStack(join(out.enkf, 'fused.tif'))).data;
    const raw = (await readGeoTiffStack(join(low, 'fused_raw.tif'))).data;
    const fused = (await readGeoTiffStack(join(low, 'fused.tif'))).data;
    const days = (await readGeoTiffStack(join(low, 'out_of_range.tif'))).data;
    expect(raw).toEqual(full); // the same filter: only the output rule differs
    const counted = new Array<number>(plane).fill(0);
    let above = 0;
    full.forEach((v, i) => {
      if (v > 0.3) {
        expect(fused[i]).toBeNaN();
        counted[i % plane]++;
        above++;
      } else if (Number.isNaN(v)) expect(fused[i]).toBeNaN();
      else expect(fused[i]).toBe(v);
    });
    expect(above).toBeGreaterThan(0);
    for (let p = 0; p < plane; p++) fusedPixels.includes(p) ? expect(days[p]).toBe(counted[p]) : expect(days[p]).toBeNaN();
    const run = JSON.parse(readFileSync(join(low, 'run.json'), 'utf8'));
    expect(run.config.enkf.maxSm).toBe(0.3);
    expect(run.warnings).toContainEqual(expect.objectContaining({ code: 'FUSED_OUT_OF_RANGE', count: above }));
  }, 120_000);
});

describe('configuration errors', () => {
  it('--site and --config together, or neither, are refused', async () => {
    const both = await runCli('enkf', '--config', config, '--site', 'x.csv');
    expect(both.code).toBe(1);
    expect(both.stderr).toContain('not both');
    const neither = await runCli('bpann');
    expect(neither.code).toBe(1);
    expect(neither.stderr).toContain('not neither');
  });

  it('an unknown key, a bad value or a product SMAP without grid names the file and the key', async () => {
    const bad = (name: string, body: unknown) => {
      const f = join(dir, name);
      writeFileSync(f, JSON.stringify(body));
      return f;
    };
    const base = { year: 2017, inputs: { smap: 'smap.tif', clm: 'clm.tif', lst: 'lst.tif', obs: 'obs.tif' } };
    const unknown = bad('unknown.json', { ...base, bpann: { layers: 3 } });
    let r = await runCli('bpann', '--config', unknown);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(unknown);
    expect(r.stderr).toContain('bpann');
    r = await runCli('enkf', '--config', bad('split.json', { ...base, enkf: { split: 1.5 } }));
    expect(r.stderr).toContain('enkf.split');
    r = await runCli(
      'enkf',
      '--config',
      bad('product.json', { ...base, inputs: { ...base.inputs, smap: { product: 'smap', path: 'x/*.h5' } } }),
    );
    expect(r.stderr).toContain('give grid');
    r = await runCli('enkf', '--config', config, '--report', '--shard', '0/2');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('--report is not for one shard');
  });

  it.each(['bpann-grid.json', 'enkf-grid.json'])('examples/%s is a valid configuration', (name) => {
    const examples = fileURLToPath(new URL('../../examples', import.meta.url));
    const c = parsePixelMethodConfig(JSON.parse(readFileSync(join(examples, name), 'utf8')), name, examples);
    expect(c.inputs.lst).toBe(join(examples, typeof c.inputs.smap === 'string' ? 'fusion/lst.tif' : 'tp/lst.tif'));
  });

  it('an input on another grid or of another year is an error naming the file', async () => {
    const other = join(dir, 'other');
    await writePixelGridSample(
      synthesizePixelGrid(makeGrid({ west: 100.25, south: 35, east: 101.25, north: 35.75 }, 0.25), 2017, 1),
      other,
    );
    const shifted = join(dir, 'shifted.json');
    writeFileSync(
      shifted,
      JSON.stringify({ year: 2017, inputs: { smap: 'smap.tif', clm: 'clm.tif', lst: 'lst.tif', obs: 'other/obs.tif' } }),
    );
    let r = await runCli('enkf', '--config', shifted, '--out', join(dir, 'shifted-out'));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${join(other, 'obs.tif')}: not on the grid of ${join(dir, 'smap.tif')}`);
    r = await runCli('enkf', '--config', config, '--year', '2016', '--out', join(dir, 'year-out'));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('has 365 bands, expected 366 (one per day of 2016)');
  });

  it('LST in °C or SM in percent is an error naming the file, as in smfuse grnn', async () => {
    const units = join(dir, 'units');
    const s = synthesizePixelGrid(grid, 2017, 1);
    await writePixelGridSample({ ...s, lst: s.lst.map((k) => k - 273.15), clm: s.clm.map((v) => 100 * v) }, units);
    const unitsConfig = join(units, 'units.json');
    writeFileSync(
      unitsConfig,
      JSON.stringify({ year: 2017, inputs: { smap: 'smap.tif', clm: 'clm.tif', lst: 'lst.tif', obs: 'obs.tif' } }),
    );
    const r = await runCli('enkf', '--config', unitsConfig, '--out', join(dir, 'units-out'));
    expect(r.code).toBe(1);
    // CLM is checked before LST: the first problem found is the one reported
    expect(r.stderr).toContain(`${join(units, 'clm.tif')}: values range`);
    expect(r.stderr).toContain('soil moisture looks like percent: divide by 100, or set `scale: 0.01` on this input');
  });

  it('a station target is averaged into its cells', async () => {
    const stations = join(dir, 'stations.csv');
    // two networks in cell (row 0, col 0) on one day; one station elsewhere
    const lat = 35.75 - 0.125;
    writeFileSync(
      stations,
      'network,station,lat,lon,date,sm\nA,a1,' +
        lat +
        ',100.1,2017-03-01,0.2\nA,a2,' +
        lat +
        ',100.2,2017-03-01,0.4\nB,b1,' +
        lat +
        ',100.15,2017-03-01,0.1\n',
    );
    const obs = await stationCube({ path: stations }, grid, sample.dates, silentLogger());
    const day = sample.dates.indexOf('2017-03-01');
    // network A: mean(0.2, 0.4) = 0.3; network B: 0.1; the cell: mean of the networks = 0.2
    expect(obs[day * plane]).toBeCloseTo(0.2, 7);
    expect(obs.filter((v) => !Number.isNaN(v))).toHaveLength(1);
  });
});
