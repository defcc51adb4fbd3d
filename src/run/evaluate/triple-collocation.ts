import { basename, extname } from 'node:path';
import { tripleCollocationMaps, type TripleCollocationMaps } from '../../../kernels/metrics/triple-collocation.js';
import { quantile } from '../../../kernels/metrics/series-stats.js';
import { InputError } from '../../../core/errors.js';
import { cellCenterLat, cellCenterLon, gridMismatch, type GridSpec } from '../../grid/gridspec.js';
import { formatCsv } from '../../io/csv.js';
import type { RasterStack } from '../../io/geotiff-read.js';
import { writeGeoTiff } from '../../io/geotiff-write.js';
import { isFolder } from '../../io/ismn.js';
import { sniffFormat } from '../../io/sniff.js';
import { writeRunOutputs } from '../../io/staging.js';
import type { StationSelection } from '../../config/stations-config.js';
import { silentLogger, type Logger } from '../../log.js';
import { VERSION } from '../../version.js';
import { joinStacks, readDatedColumn, readDatedStack } from './run.js';
import { stationCube } from '../pixel-grid/inputs.js';

/** Fewest common days for a TC estimate of a pixel or series (pytesmo's min_obs for its metric calculators). */
export const TC_MIN_DAYS = 10;

export interface TripleCollocationOptions {
  /** Three products: CSV series, or GeoTIFF stacks on one grid where any may instead be stations. */
  files: [string, string, string];
  period?: { from: string; to: string };
  out?: string;
  stations?: StationSelection;
}

/** One product's TC figures, the median over the pixels (or the one series) with an estimate. */
export interface TripleCollocationSummary {
  product: string;
  /** Pixels (1 for series) with at least TC_MIN_DAYS common days. */
  cells: number;
  nMedian: number;
  errVar: number;
  errSd: number;
  snrDb: number;
  beta: number;
  errSdScaled: number;
}

export interface TripleCollocationResult {
  summaries: TripleCollocationSummary[];
  dates: number;
  pixels: number;
  outputs: string[];
}

interface Collocated {
  names: [string, string, string];
  dates: string[];
  pixels: number;
  cubes: [Float32Array, Float32Array, Float32Array];
  grid?: GridSpec;
  /** Which members are station cell means (then a per-cell table is written). */
  stations: boolean;
}

/**
 * `smfuse evaluate --tc A B C`: triple collocation (Gruber et al. 2016, as pytesmo
 * tcol_metrics) of three collocated products, the first the reference for the scaling.
 * Three CSV series give one estimate each; GeoTIFF stacks give maps per pixel
 * (tc_err_<product>.tif = error variance, tc_snr_<product>.tif = SNR in dB); a station
 * input among stacks gives the TC of each station cell (tc_cells.csv). TC assumes the three
 * errors independent of each other and of the signal: two products that share an input
 * (a fused product and what it fused) break that.
 */
export async function runTripleCollocation(o: TripleCollocationOptions, log: Logger = silentLogger()): Promise<TripleCollocationResult> {
  const c = await collocate(o, log);
  const inPeriod = c.dates.map((d) => !o.period || (d >= o.period.from && d <= o.period.to));
  const first = inPeriod.indexOf(true);
  if (first < 0)
    throw new InputError(o.files[0], `no date common to the three products${o.period ? ` in ${o.period.from}…${o.period.to}` : ''}`);
  const last = inPeriod.lastIndexOf(true) + 1;
  const cubes = c.cubes.map((x) => x.subarray(first * c.pixels, last * c.pixels)) as Collocated['cubes'];
  const maps = tripleCollocationMaps(cubes, c.pixels, TC_MIN_DAYS);
  const summaries = c.names.map((product, k) => summary(product, maps, k));
  if (summaries[0].cells === 0) {
    log.warn(
      'TC_TOO_FEW_DAYS',
      `triple collocation: no ${c.pixels > 1 ? 'pixel' : 'series'} has ${TC_MIN_DAYS} days on which all three products have a value`,
    );
  } else {
    const negative = c.names.filter((_, k) => maps.errVar[k].some((v) => v < 0));
    if (negative.length > 0)
      log.warn(
        'TC_NEGATIVE_ERROR_VARIANCE',
        `triple collocation: negative error variance (sampling error, or errors that are not independent) for ${negative.join(', ')}: error sd left empty there`,
      );
  }
  let outputs: string[] = [];
  if (o.out) {
    outputs = await writeRunOutputs(o.out, async (staging) => {
      await staging.writeText('tc.csv', tcTable(summaries));
      if (c.grid) {
        const period = `${c.dates[first]}..${c.dates[last - 1]}`;
        for (const [k, name] of c.names.entries()) {
          const metadata = { metric: 'triple collocation', period, triplet: c.names.join(','), reference: c.names[0] };
          await writeGeoTiff(staging.path(`tc_err_${name}.tif`), maps.errVar[k], {
            grid: c.grid,
            bands: 1,
            sampleType: 'float32',
            nodata: NaN,
            bandDescriptions: ['error variance'],
            metadata,
          });
          await writeGeoTiff(staging.path(`tc_snr_${name}.tif`), maps.snrDb[k], {
            grid: c.grid,
            bands: 1,
            sampleType: 'float32',
            nodata: NaN,
            bandDescriptions: ['snr_db'],
            metadata,
          });
        }
        if (c.stations) await staging.writeText('tc_cells.csv', cellsTable(c.names, maps, c.grid));
      }
      const run = {
        smfuse: VERSION,
        command: 'evaluate --tc',
        products: o.files,
        names: c.names,
        reference: c.names[0],
        minDays: TC_MIN_DAYS,
        dates: last - first,
        pixels: c.pixels,
        grid: c.grid,
        warnings: log.warnings(),
      };
      return run;
    });
  }
  return { summaries, dates: last - first, pixels: c.pixels, outputs };
}

/** File names (no extension, safe characters) as product names, made unique. */
export function productNames(files: readonly string[]): [string, string, string] {
  const names = files.map((f) => basename(f, extname(f)).replace(/[^A-Za-z0-9_-]+/g, '_') || 'product');
  return names.map((n, i) => (names.indexOf(n) === i ? n : `${n}_${i + 1}`)) as [string, string, string];
}

async function collocate(o: TripleCollocationOptions, log: Logger): Promise<Collocated> {
  const names = productNames(o.files);
  const kinds = await Promise.all(o.files.map(async (f) => ((await isFolder(f)) ? 'stations' : sniffFormat(f))));
  if (kinds.every((k) => k === 'text')) {
    const series: Map<string, number>[] = [];
    for (const f of o.files) series.push(await readDatedColumn(f, undefined));
    const dates = [...series[0].keys()].filter((d) => series.every((s) => s.has(d))).sort();
    const cubes = series.map((s) => Float32Array.from(dates, (d) => s.get(d)!)) as Collocated['cubes'];
    return { names, dates, pixels: 1, cubes, stations: false };
  }
  const tiffs = o.files.filter((_, k) => kinds[k] === 'geotiff');
  if (tiffs.length < 2) {
    const odd = o.files[kinds.findIndex((k) => k !== 'geotiff')];
    throw new InputError(
      odd,
      'triple collocation takes three CSV series, or three GeoTIFF stacks on one grid of which one may be stations instead',
    );
  }
  const stacks: RasterStack[] = [];
  for (const f of tiffs) stacks.push(await readDatedStack(f));
  const grid = stacks[0].grid;
  stacks.forEach((s, k) => {
    const why = gridMismatch(grid, s.grid);
    if (why) throw new InputError(tiffs[k], `not on the grid of ${tiffs[0]}: ${why}`);
  });
  const joined = joinStacks(stacks);
  let t = 0;
  const cubes: Float32Array[] = [];
  for (const [k, f] of o.files.entries()) {
    if (kinds[k] === 'geotiff') cubes.push(joined.cubes[t++]);
    else if (kinds[k] === 'text' || kinds[k] === 'stations')
      cubes.push(await stationCube({ ...o.stations, path: f }, grid, joined.dates, log));
    else throw new InputError(f, `is ${kinds[k]}: expected a GeoTIFF stack or stations`);
  }
  return { names, dates: joined.dates, pixels: joined.pixels, cubes: cubes as Collocated['cubes'], grid, stations: tiffs.length < 3 };
}

function summary(product: string, maps: TripleCollocationMaps, k: number): TripleCollocationSummary {
  const has = (p: number) => maps.n[p] >= TC_MIN_DAYS;
  const median = (a: Float32Array) =>
    quantile(
      a.filter((_, p) => has(p)),
      0.5,
    );
  const errVar = median(maps.errVar[k]);
  return {
    product,
    cells: maps.n.filter((_, p) => has(p)).length,
    nMedian: quantile(
      Float64Array.from(maps.n).filter((_, p) => has(p)),
      0.5,
    ),
    errVar,
    errSd: Math.sqrt(errVar),
    snrDb: median(maps.snrDb[k]),
    beta: median(maps.beta[k]),
    errSdScaled: median(maps.errStd[k]),
  };
}

function tcTable(rows: readonly TripleCollocationSummary[]): string {
  return formatCsv(
    ['product', 'cells', 'n', 'err_var', 'err_sd', 'snr_db', 'beta', 'err_sd_ref'],
    rows.map((r) => [r.product, r.cells, r.nMedian, r.errVar, r.errSd, r.snrDb, r.beta, r.errSdScaled]),
  );
}

/** One row per cell with an estimate: where the stations are. */
function cellsTable(names: readonly string[], maps: TripleCollocationMaps, grid: GridSpec): string {
  const rows = [];
  for (let p = 0; p < maps.n.length; p++) {
    if (maps.n[p] < TC_MIN_DAYS) continue;
    const row = Math.floor(p / grid.width);
    const col = p % grid.width;
    rows.push([
      row,
      col,
      cellCenterLat(grid, row),
      cellCenterLon(grid, col),
      maps.n[p],
      ...[0, 1, 2].flatMap((k) => [maps.errVar[k][p], maps.snrDb[k][p], maps.beta[k][p]]),
    ]);
  }
  return formatCsv(['row', 'col', 'lat', 'lon', 'n', ...names.flatMap((n) => [`err_var_${n}`, `snr_db_${n}`, `beta_${n}`])], rows);
}
