import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { interpolateBrBG, interpolatePiYG, interpolatePlasma, interpolateRdBu, schemeTableau10 } from 'd3-scale-chromatic';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeGrid } from '../../src/grid/gridspec.js';
import { readGeoTiffStack, type RasterStack } from '../../src/io/geotiff-read.js';
import { silentLogger, type Logger } from '../../src/log.js';
import { PixelStatus } from '../../src/methods/pixel-cube.js';
import { robustMax } from '../../src/report/map-sections.js';
import { NO_DATA_COLOR } from '../../src/report/maps.js';
import { openOutputFolder } from '../../src/report/output-folder.js';
import { spatialMeanSeries, splitDayRange } from '../../src/report/pooled-series.js';
import { buildReport } from '../../src/report/report.js';
import { synthesizePixelGrid, writePixelGridSample } from '../../src/sample/pixel-grid-sample.js';
import { runCli } from '../helpers/run-cli.js';
import { expectColor, pixelAt } from './png-pixels.js';

/**
 * `smfuse enkf --config … --report` on a 6 × 4 synthetic grid (the last column has no
 * observations, the one before few, so 16 pixels are fused and 8 flagged), and
 * `smfuse report` on its output folder.
 */
const dir = mkdtempSync(join(tmpdir(), 'smfuse-grid-report-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const grid = makeGrid({ west: 100, south: 35, east: 101.5, north: 36 }, 0.25);
const out = join(dir, 'out');
const fig = (name: string) => join(out, 'report', 'fig', `${name}.png`);
let stderr = '';
let html = '';

beforeAll(async () => {
  await writePixelGridSample(synthesizePixelGrid(grid, 2017, 5), join(dir, 'in'));
  const r = await runCli('enkf', '--config', join(dir, 'in', 'run.json'), '--out', out, '--backend', 'js', '--threads', '2', '--report');
  expect(r.code, r.stderr).toBe(0);
  stderr = r.stderr;
  html = readFileSync(join(out, 'report', 'index.html'), 'utf8');
}, 120_000);

/** One column of an output CSV, split by hand (the fusion tables quote nothing). */
function column(file: string, name: string): string[] {
  const [header, ...lines] = readFileSync(file, 'utf8').trim().split('\n');
  const k = header.split(',').indexOf(name);
  expect(k, `${file}: ${name}`).toBeGreaterThanOrEqual(0);
  return lines.map((l) => l.split(',')[k]);
}

/** A map figure's PNG and where cell (row, col)'s centre lies in it, from the inline SVG's <image> in index.html. */
function mapPixel(name: string, row: number, col: number): number[] {
  const svg = new RegExp(
    `href="fig/${name}\\.png"><svg[^>]*width="([\\d.]+)"[^>]*>.*?<image x="([\\d.]+)" y="([\\d.]+)" width="([\\d.]+)"`,
  ).exec(html);
  expect(svg, name).not.toBeNull();
  const [svgWidth, x0, y0, mapWidth] = svg!.slice(1).map(Number);
  const png = PNG.sync.read(readFileSync(fig(name)));
  const zoom = png.width / svgWidth;
  const cell = mapWidth / grid.width;
  return pixelAt(png, (x0 + (col + 0.5) * cell) * zoom, (y0 + (row + 0.5) * cell) * zoom);
}

/** Colours of the map PNGs (zoom 2, so resvg smooths a little more than at 1). */
const mapColor = (actual: number[], css: string, what: string) => expectColor(actual, css, 4, what);

const clamp01 = (t: number) => Math.min(1, Math.max(0, t));

describe('the report of a gridded EnKF run', () => {
  it('is told apart from a GRNN run and written by --report', async () => {
    expect((await openOutputFolder(out)).kind).toBe('pixel-grid');
    expect(stderr).toMatch(/^report: .*index\.html \(\d+ figures in/m);
    for (const id of ['pixels', 'maps', 'uncertainty', 'metrics-maps', 'series', 'metrics', 'improvement', 'run'])
      expect(html).toContain(`<section id="${id}">`);
    expect(html).toContain('sd over members of H·τ');
    expect(html).toContain('<title>smfuse enkf 2017 (grid)</title>');
    // Nothing of the GRNN report, whose files this run does not write.
    for (const grnn of ['ECV', 'Coverage', 'GRNN model']) expect(html).not.toContain(`<h2>${grnn}`);
  });

  it('writes a non-empty PNG per figure: maps on the season days beside SMAP and CLM, status, metric maps and histograms, the series', () => {
    const names = readdirSync(join(out, 'report', 'fig'))
      .map((f) => f.replace(/\.png$/, ''))
      .sort();
    const days = names.filter((n) => n.startsWith('sm_fused_')).map((n) => n.slice('sm_fused_'.length));
    expect(days.map((d) => d.slice(5, 7))).toEqual(['01', '04', '07', '10']);
    const expected = [
      ...days.flatMap((d) => ['fused', 'smap', 'clm'].map((k) => `sm_${k}_${d}`)),
      ...days.map((d) => `sd_fused_${d}`),
      'status',
      'pooled_series',
      ...['r', 'rmse', 'bias', 'nse'].flatMap((m) => [`metric_${m}`, `metric_${m}_hist`]),
    ].sort();
    expect(names).toEqual(expected);
    for (const name of names) {
      const png = PNG.sync.read(readFileSync(fig(name)));
      expect(png.width * png.height, name).toBeGreaterThan(10_000);
      // Not one flat colour.
      expect(
        new Set(Array.from({ length: 200 }, (_, k) => png.data.readUInt32BE(4 * Math.floor((k / 200) * png.width * png.height)))).size,
        name,
      ).toBeGreaterThan(2);
    }
  });

  it('colours each metric map cell by its value in metric_*.tif, flagged pixels grey, bias on a symmetric range', async () => {
    const read = (name: string) => readGeoTiffStack(join(out, `${name}.tif`));
    const [r, rmse, bias, nse, flags] = await Promise.all(['metric_r', 'metric_rmse', 'metric_bias', 'metric_nse', 'flags'].map(read));
    const abs = Float32Array.from(bias.data, Math.abs);
    const rmseMax = robustMax([rmse.data], 0.1);
    const biasMax = robustMax([abs], 0.05);
    const expected: [string, RasterStack, (v: number) => string][] = [
      ['metric_r', r, (v) => interpolateRdBu(clamp01((v + 1) / 2))],
      ['metric_rmse', rmse, (v) => interpolatePlasma(1 - clamp01(v / rmseMax))],
      ['metric_bias', bias, (v) => interpolateBrBG(clamp01((v + biasMax) / (2 * biasMax)))],
      ['metric_nse', nse, (v) => interpolatePiYG(clamp01((v + 1) / 2))],
    ];
    for (const [name, stack, color] of expected) {
      for (const [row, col] of [
        [0, 0],
        [1, 2],
        [3, 3],
        [2, 1],
      ]) {
        const v = stack.data[row * grid.width + col];
        expect(Number.isFinite(v), `${name} (${row}, ${col})`).toBe(true);
        mapColor(mapPixel(name, row, col), color(v), `${name} (${row}, ${col}) = ${v}`);
      }
      for (const row of [0, 3]) mapColor(mapPixel(name, row, grid.width - 1), NO_DATA_COLOR, `${name} flagged`);
    }
    // The bias colour bar's tick labels are symmetric about 0.
    const bar = /href="fig\/metric_bias\.png">.*?<g class="colour-bar">(.*?)<\/g>/.exec(html)![1];
    const ticks = [...bar.matchAll(/>(-?[\d.]+)<\/text>/g)].map((m) => Number(m[1]));
    expect(ticks.length).toBeGreaterThanOrEqual(3);
    expect(ticks.map((t) => 0 - t + 0).sort((a, b) => a - b)).toEqual([...ticks].sort((a, b) => a - b));
    // Status: fused (1) and too few observation days (2), each with its key.
    expect(flags.data[0]).toBe(PixelStatus.FUSED);
    expect(flags.data[grid.width - 1]).toBe(PixelStatus.TOO_FEW_OBS);
    mapColor(mapPixel('status', 0, 0), schemeTableau10[4], 'status fused');
    mapColor(mapPixel('status', 0, grid.width - 1), schemeTableau10[2], 'status too few');
    expect(html).toContain('>1 fused<');
    expect(html).toContain('>2 too few observation days<');
    expect(html).not.toContain('>3 initial fit failed<');
  });

  it('holds the pooled metrics, improvement and percentile numbers of the CSVs, and the pixel counts', () => {
    const cell = (text: string) => expect(html).toContain(`>${text}</td>`);
    const metrics = join(out, 'metrics.csv');
    for (const series of column(metrics, 'series')) cell(series);
    for (const [name, digits] of [
      ['r', 3],
      ['rmse', 4],
      ['bias', 4],
      ['nse', 3],
    ] as const)
      for (const v of column(metrics, name)) cell(Number(v).toFixed(digits));
    const [lo, hi] = [column(metrics, 'r_ci_lo'), column(metrics, 'r_ci_hi')];
    lo.forEach((l, i) => cell(`${Number(l).toFixed(3)} … ${Number(hi[i]).toFixed(3)}`));
    for (const v of column(metrics, 'kendall_tau')) cell(Number(v).toFixed(3));
    for (const v of column(join(out, 'improvement.csv'), 'rmse')) cell(v);
    for (const v of column(join(out, 'percentiles.csv'), 'q25')) cell(Number(v).toFixed(3));
    const run = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8'));
    expect(run.pixels).toEqual({ fused: 16, too_few_obs: 8, fit_failed: 0 });
    expect(html).toMatch(/<td>fused<\/td><td class="num">16<\/td>/);
    expect(html).toMatch(/<td>too few obs<\/td><td class="num">8<\/td>/);
    expect(html).toContain('enkf.members');
  });

  it('--report is refused for one shard, which writes no run.json', async () => {
    const r = await runCli('enkf', '--config', join(dir, 'in', 'run.json'), '--out', join(dir, 'shard'), '--report', '--shard', '0/2');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('--report is not for one shard');
  });

  it('smfuse report draws the --days asked for and refuses a day outside the run', async () => {
    expect((await runCli('report', out, '--days', '2017-05-02', '--quiet')).code).toBe(0);
    const names = readdirSync(join(out, 'report', 'fig'));
    expect(names.filter((n) => n.startsWith('sm_'))).toEqual([
      'sm_clm_2017-05-02.png',
      'sm_fused_2017-05-02.png',
      'sm_smap_2017-05-02.png',
    ]);
    const bad = await runCli('report', out, '--days', '2018-01-01');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('not a day of the fused series');
  });

  it('leaves out the panels of an input that moved away, with a note, and draws the rest', async () => {
    const moved = join(dir, 'moved');
    cpSync(out, moved, { recursive: true });
    const run = JSON.parse(readFileSync(join(moved, 'run.json'), 'utf8'));
    run.inputs.smap.path = join(dir, 'gone.tif');
    writeFileSync(join(moved, 'run.json'), JSON.stringify(run));
    const warnings: string[] = [];
    const log: Logger = { ...silentLogger(), warn: (_code: string, m: string) => void warnings.push(m) };
    const report = await buildReport(moved, { log });
    const page = readFileSync(report.index, 'utf8');
    expect(warnings.join('\n')).toContain('smap input recorded in run.json is not there');
    expect(report.figures.some((f) => f.includes('sm_smap_'))).toBe(false);
    expect(report.figures.some((f) => f.includes('sm_clm_'))).toBe(true);
    expect(page).toContain('SMAP not drawn');
    expect(page).toContain('No shading');
  });
});

describe('pooled series', () => {
  /** 2 days × 3 pixels. */
  const stack = { dates: ['2017-01-01', '2017-01-02'], data: Float32Array.from([0.1, 0.3, 0.9, NaN, 0.2, 0.7]) } as RasterStack;

  it('averages each day over the marked pixels that have a value, NaN on days it lacks', () => {
    const means = spatialMeanSeries(stack, ['2017-01-02', '2017-01-01', '2017-01-03'], Uint8Array.from([1, 1, 0]));
    expect(means[0]).toBeCloseTo(0.2, 6);
    expect(means[1]).toBeCloseTo(0.2, 6);
    expect(Number.isNaN(means[2])).toBe(true);
  });

  it('finds the first and last split day of the marked pixels (2/3 of their sample days train)', () => {
    // Sample days: pixel 0 on 0–5 (6 · 2/3 = 4 train, split day 4), pixel 1 on 0, 2, 4 (2 train, day 4), pixel 2 on 0–2 (2 train, day 2).
    const days = 6;
    const obs = new Float32Array(days * 3).fill(NaN);
    for (let d = 0; d < days; d++) obs[d * 3] = 0.2;
    for (const d of [0, 2, 4]) obs[d * 3 + 1] = 0.2;
    for (const d of [0, 1, 2]) obs[d * 3 + 2] = 0.2;
    const full = new Float32Array(days * 3).fill(0.3);
    const cube = { days, pixels: 3, smap: full, clm: full, lst: full, obs };
    expect(splitDayRange(cube, Uint8Array.from([1, 1, 0]), 2 / 3)).toEqual({ first: 4, last: 4 });
    expect(splitDayRange(cube, Uint8Array.from([1, 1, 1]), 2 / 3)).toEqual({ first: 2, last: 4 });
    // A marked pixel with no validation day: nothing to shade.
    expect(splitDayRange(cube, Uint8Array.from([1, 0, 0]), 1)).toBeNull();
  });

  it('robustMax ignores the top 1 % and rounds up to a round number', () => {
    const values = [...Array.from({ length: 100 }, (_, i) => i + 1), 1000];
    expect(robustMax([values], 7)).toBe(100);
    expect(robustMax([[NaN]], 7)).toBe(7);
  });
});
