import { extendedStats, pushPair, type ExtendedStats } from '../../../kernels/metrics/extended-stats.js';
import { pairStats, type PairStats } from '../../../kernels/metrics/pair-stats.js';
import { isIsoDate } from '../../cube/dates.js';
import { InputError } from '../../../core/errors.js';
import { gridMismatch, type GridSpec } from '../../grid/gridspec.js';
import { readCsvText } from '../../io/csv.js';
import { readGeoTiffStack, type RasterStack } from '../../io/geotiff-read.js';
import { isFolder } from '../../io/ismn.js';
import { sniffFormat } from '../../io/sniff.js';
import { writeRunOutputs } from '../../io/staging.js';
import type { StationSelection } from '../../config/stations-config.js';
import { silentLogger, type Logger } from '../../log.js';
import { VERSION } from '../../version.js';
import { stationCube } from '../pixel-grid/inputs.js';
import { metricMaps, writeMetricMaps } from '../pixel-grid/metric-maps.js';
import { metricsTable } from '../site/tables.js';

export interface EvaluateOptions {
  est: string;
  obs: string;
  /** Value columns of CSV series; default the first column that is not `date`. */
  estCol?: string;
  obsCol?: string;
  /** Inclusive ISO dates; default every common date. */
  period?: { from: string; to: string };
  /** Where metrics.csv (and, for grids, the metric maps) go; nothing is written without it. */
  out?: string;
  /** Which readings of station observations count (depth, flags, names). */
  stations?: StationSelection;
}

/** Estimate and observations on one date axis: series (pixels = 1) or cubes [day][pixel]. */
interface Aligned {
  dates: string[];
  pixels: number;
  est: Float32Array;
  obs: Float32Array;
  /** For grids: where the maps go. */
  grid?: GridSpec;
}

export interface EvaluateResult {
  /** Pooled over every pixel-day (or day) of the period where both are valid. */
  stats: PairStats;
  /** Intervals and rank correlations of the same pairs. */
  extended: ExtendedStats;
  dates: number;
  pixels: number;
  outputs: string[];
}

/**
 * `smfuse evaluate`: the metric suite of an estimate against observations. Two CSV
 * series (joined on date), two GeoTIFF stacks on one grid (joined on band dates), or a
 * GeoTIFF estimate and a station CSV (network means per cell, as in GRNN validation).
 */
export async function runEvaluate(o: EvaluateOptions, log: Logger = silentLogger()): Promise<EvaluateResult> {
  const a = await align(o, log);
  const inPeriod = a.dates.map((d) => !o.period || (d >= o.period.from && d <= o.period.to));
  const firstDay = inPeriod.indexOf(true);
  if (firstDay < 0) throw new InputError(o.est, `no common date${o.period ? ` in ${o.period.from}…${o.period.to}` : ''} with ${o.obs}`);
  const lastDay = inPeriod.lastIndexOf(true) + 1;
  const est = a.est.subarray(firstDay * a.pixels, lastDay * a.pixels);
  const obs = a.obs.subarray(firstDay * a.pixels, lastDay * a.pixels);
  const periodName = o.period ? `${o.period.from}..${o.period.to}` : 'all';
  const stats = pairStats(est, obs);
  const e = new Float64Array(est.length);
  const b = new Float64Array(est.length);
  let n = 0;
  for (let i = 0; i < est.length; i++) n = pushPair(e, b, n, est[i], obs[i]);
  const extended = extendedStats(e, b, n, stats);
  let outputs: string[] = [];
  if (o.out) {
    outputs = await writeRunOutputs(o.out, async (staging) => {
      const layout = { dates: a.dates.slice(firstDay, lastDay), pixels: a.pixels };
      await staging.writeText(
        'metrics.csv',
        metricsTable([{ name: 'estimate', values: est }], obs, [{ name: periodName, includes: () => true }], layout),
      );
      if (a.grid) await writeMetricMaps(staging, a.grid, metricMaps(est, obs, lastDay - firstDay, new Int32Array(a.pixels)), periodName);
      const run = {
        smfuse: VERSION,
        command: 'evaluate',
        est: o.est,
        obs: o.obs,
        estCol: o.estCol,
        obsCol: o.obsCol,
        period: periodName,
        dates: lastDay - firstDay,
        pixels: a.pixels,
        grid: a.grid,
        warnings: log.warnings(),
      };
      return run;
    });
  }
  return { stats, extended, dates: lastDay - firstDay, pixels: a.pixels, outputs };
}

async function align(o: EvaluateOptions, log: Logger): Promise<Aligned> {
  // an ISMN download folder is station observations
  const [estKind, obsKind] = await Promise.all([
    sniffFormat(o.est),
    isFolder(o.obs).then((dir) => (dir ? 'stations' : sniffFormat(o.obs))),
  ]);
  if (estKind === 'text' && obsKind === 'text') {
    // one after the other: with two bad files, the error always names the estimate's first
    const e = await readDatedColumn(o.est, o.estCol);
    const b = await readDatedColumn(o.obs, o.obsCol);
    const dates = [...e.keys()].filter((d) => b.has(d)).sort();
    return { dates, pixels: 1, est: Float32Array.from(dates, (d) => e.get(d)!), obs: Float32Array.from(dates, (d) => b.get(d)!) };
  }
  if (estKind !== 'geotiff')
    throw new InputError(o.est, `is ${estKind}: evaluate takes two CSV series, two GeoTIFF stacks, or a GeoTIFF and a station CSV`);
  const est = await readDatedStack(o.est);
  if (obsKind === 'text' || obsKind === 'stations') {
    const dates = est.dates as string[];
    return {
      dates,
      pixels: est.grid.width * est.grid.height,
      est: est.data,
      obs: await stationCube({ ...o.stations, path: o.obs }, est.grid, dates, log),
      grid: est.grid,
    };
  }
  if (obsKind !== 'geotiff') throw new InputError(o.obs, `is ${obsKind}: expected a GeoTIFF stack or a station CSV`);
  const obs = await readDatedStack(o.obs);
  const why = gridMismatch(est.grid, obs.grid);
  if (why) throw new InputError(o.obs, `not on the grid of ${o.est}: ${why}`);
  const joined = joinStacks([est, obs]);
  return { dates: joined.dates, pixels: joined.pixels, est: joined.cubes[0], obs: joined.cubes[1], grid: est.grid };
}

export async function readDatedStack(file: string): Promise<RasterStack> {
  const s = await readGeoTiffStack(file);
  const undated = s.dates.indexOf(null);
  if (undated >= 0) throw new InputError(file, `band ${undated + 1} has no date (set its description to YYYY-MM-DD)`);
  return s;
}

/** The bands of stacks on one grid at the dates they all have, in date order: one cube [day][pixel] each. */
export function joinStacks(stacks: readonly RasterStack[]): { dates: string[]; pixels: number; cubes: Float32Array[] } {
  const plane = stacks[0].grid.width * stacks[0].grid.height;
  const bands = stacks.map((s) => new Map(s.dates.map((d, i) => [d as string, i])));
  const dates = [...bands[0].keys()].filter((d) => bands.every((b) => b.has(d))).sort();
  const cubes = stacks.map((s, k) => {
    const cube = new Float32Array(dates.length * plane);
    dates.forEach((d, day) => {
      const i = bands[k].get(d)!;
      cube.set(s.data.subarray(i * plane, (i + 1) * plane), day * plane);
    });
    return cube;
  });
  return { dates, pixels: plane, cubes };
}

/** date → value of one column of a CSV with a `date` column; empty or NaN = missing. */
export async function readDatedColumn(file: string, column: string | undefined): Promise<Map<string, number>> {
  const text = await readCsvText(file, 'the series');
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const header = (lines[0] ?? '').split(',').map((h) => h.trim());
  const dateCol = header.indexOf('date');
  if (dateCol < 0) throw new InputError(file, `has no "date" column (header: ${header.join(',')})`);
  const valueCol = column === undefined ? header.findIndex((_, i) => i !== dateCol) : header.indexOf(column);
  if (valueCol < 0)
    throw new InputError(
      file,
      column === undefined ? 'has no value column besides date' : `has no column "${column}" (header: ${header.join(',')})`,
    );
  const values = new Map<string, number>();
  lines.slice(1).forEach((line, r) => {
    const cells = line.split(',');
    const date = (cells[dateCol] ?? '').trim();
    if (!isIsoDate(date)) throw new InputError(file, `line ${r + 2}: "${date}" is not a YYYY-MM-DD date`);
    if (values.has(date)) throw new InputError(file, `line ${r + 2}: date ${date} appears twice`);
    const cell = (cells[valueCol] ?? '').trim();
    const v = cell === '' || cell.toLowerCase() === 'nan' ? NaN : Number(cell);
    if (Number.isNaN(v) && cell !== '' && cell.toLowerCase() !== 'nan')
      throw new InputError(file, `line ${r + 2}: ${header[valueCol]} "${cell}" is not a number`);
    values.set(date, v);
  });
  return values;
}
