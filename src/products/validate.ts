import { cellCenterLat, cellCenterLon, cellOf, gridBBox, type GridSpec } from '../grid/gridspec.js';
import { crsName, isGeographic, lonLatCellOf } from '../grid/crs.js';
import { planeSize, type Stack } from '../cube/stack.js';
import { formatCsv } from '../io/csv.js';
import type { StationObservation } from '../cube/station-observation.js';
import { listed } from '../io/station-input.js';
import type { Logger } from '../log.js';
import { addPair, emptyPairMoments, pairStatsFromMoments, type PairMoments, type PairStats } from '../../kernels/metrics/pair-stats.js';
import { EXTENDED_COLUMNS, extendedCells, extendedStats, pushPair, type ExtendedStats } from '../../kernels/metrics/extended-stats.js';
import { sameDates } from './same-layout.js';

/**
 * One network's in-situ SM in one grid cell: the daily mean of its stations there,
 * which is what a 0.25° cell can be compared with (GRNN paper Table IV).
 */
export interface NetworkCellSeries {
  network: string;
  row: number;
  col: number;
  /** Centre of the cell (not of the stations), so it locates the cell on any grid. */
  lat: number;
  lon: number;
  /** Station ids, sorted. */
  stations: string[];
  /** The date axis of `values`, shared by every series of one call. */
  dates: readonly string[];
  /** Per date: mean of the stations' daily means; NaN when no station has a value. */
  values: Float32Array;
}

export interface NetworkCells {
  /** Sorted by network, row, col. */
  series: NetworkCellSeries[];
  /** "network/station" of the stations outside the grid, dropped. */
  outsideStations: string[];
  /** Observations whose date is not on the date axis, dropped. */
  offDates: number;
}

interface StationDays {
  network: string;
  station: string;
  row: number;
  col: number;
  sum: Float64Array;
  count: Int32Array;
}

/**
 * Groups station observations by network and grid cell. A station is placed by its
 * first observation's coordinates; several readings of one station on one day are
 * averaged first, so a station that reports more often does not weigh more in the
 * network mean. NaN readings are ignored.
 */
export function networkCellSeries(obs: readonly StationObservation[], grid: GridSpec, dates: readonly string[]): NetworkCells {
  const dayOf = new Map(dates.map((d, i) => [d, i]));
  const locate = lonLatCellOf(grid);
  const stations = new Map<string, StationDays | null>();
  const outsideStations: string[] = [];
  let offDates = 0;
  for (const o of obs) {
    const key = `${o.network}\u0000${o.station}`;
    let st = stations.get(key);
    if (st === undefined) {
      st = stationDays(o, locate, dates.length);
      if (!st) outsideStations.push(`${o.network}/${o.station}`);
      stations.set(key, st);
    }
    if (!st) continue;
    const day = dayOf.get(o.date);
    if (day === undefined) {
      offDates++;
      continue;
    }
    if (Number.isNaN(o.sm)) continue;
    st.sum[day] += o.sm;
    st.count[day]++;
  }

  const cells = new Map<string, StationDays[]>();
  for (const st of stations.values()) {
    if (!st) continue;
    const key = `${st.network}\u0000${st.row}\u0000${st.col}`;
    const group = cells.get(key);
    if (group) group.push(st);
    else cells.set(key, [st]);
  }
  const series = [...cells.values()].map((group) => networkMean(group, grid, dates));
  series.sort((a, b) => compare(a.network, b.network) || a.row - b.row || a.col - b.col);
  return { series, outsideStations, offDates };
}

/**
 * networkCellSeries, telling the user (coded warnings, with counts) about every station
 * and reading it drops: stations off the grid (STATIONS_OFF_GRID), readings outside the
 * run's dates (STATIONS_OFF_DATES), and nothing left to validate against (NO_STATIONS_LEFT).
 */
export function stationCellsWarned(
  obs: readonly StationObservation[],
  grid: GridSpec,
  dates: readonly string[],
  source: string,
  log: Logger,
): NetworkCells {
  const cells = networkCellSeries(obs, grid, dates);
  const period = dates.length > 0 ? `${dates[0]}…${dates[dates.length - 1]}` : '(no dates)';
  if (cells.outsideStations.length > 0) {
    const b = gridBBox(grid);
    const box = isGeographic(grid.epsg)
      ? `lon ${b.west}…${b.east}, lat ${b.south}…${b.north}`
      : `x ${b.west}…${b.east}, y ${b.south}…${b.north} in ${crsName(grid.epsg)}`;
    log.warn(
      'STATIONS_OFF_GRID',
      `${source}: ${cells.outsideStations.length} station(s) outside the grid (${box}), dropped: ${listed(cells.outsideStations)}`,
      cells.outsideStations.length,
    );
  }
  if (cells.offDates > 0) {
    const inDates = new Set(dates);
    const stations = new Map<string, boolean>();
    let first = '';
    let last = '';
    for (const o of obs) {
      const key = `${o.network}/${o.station}`;
      stations.set(key, (stations.get(key) ?? false) || inDates.has(o.date));
      if (first === '' || o.date < first) first = o.date;
      if (o.date > last) last = o.date;
    }
    const none = [...stations].filter(([k, any]) => !any && !cells.outsideStations.includes(k)).map(([k]) => k);
    log.warn(
      'STATIONS_OFF_DATES',
      `${source}: ${cells.offDates} daily reading(s) fall outside the run's dates ${period} (the readings span ${first}…${last}), dropped` +
        (none.length > 0 ? `; ${none.length} station(s) have no reading inside: ${listed(none)}` : ''),
      cells.offDates,
    );
  }
  if (!cells.series.some((s) => s.values.some((v) => !Number.isNaN(v)))) {
    log.warn('NO_STATIONS_LEFT', `${source}: no station reading lies on the grid within ${period}: nothing to validate against (n = 0)`);
  }
  return cells;
}

/** Empty daily sums for the station of `o`, or null when it lies outside the grid (`locate`: lon/lat → cell, projected on a projected grid). */
function stationDays(o: StationObservation, locate: ReturnType<typeof lonLatCellOf>, days: number): StationDays | null {
  const cell = locate(o.lon, o.lat);
  if (!cell) return null;
  const { network, station } = o;
  return { network, station, ...cell, sum: new Float64Array(days), count: new Int32Array(days) };
}

function networkMean(group: StationDays[], grid: GridSpec, dates: readonly string[]): NetworkCellSeries {
  const values = new Float32Array(dates.length);
  for (let d = 0; d < dates.length; d++) {
    let sum = 0;
    let k = 0;
    for (const st of group) {
      if (st.count[d] > 0) {
        sum += st.sum[d] / st.count[d];
        k++;
      }
    }
    values[d] = k > 0 ? sum / k : NaN;
  }
  const { network, row, col } = group[0];
  return {
    network,
    row,
    col,
    lat: cellCenterLat(grid, row),
    lon: cellCenterLon(grid, col),
    stations: group.map((st) => st.station).sort(compare),
    dates,
    values,
  };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Pixel index of a series' cell on `grid`; a RangeError when the series was built on
 * another grid (its cell centre falls in a different cell or outside).
 */
export function seriesPixel(s: NetworkCellSeries, grid: GridSpec): number {
  const cell = cellOf(grid, s.lon, s.lat);
  if (!cell || cell.row !== s.row || cell.col !== s.col) {
    throw new RangeError(`network ${s.network} cell (${s.row}, ${s.col}) is not on the product grid`);
  }
  return s.row * grid.width + s.col;
}

/** Network name of the validation rows that pool every network. */
export const ALL_NETWORKS = 'all';

/**
 * One row of validation.csv: the pair statistics of a product against a network, where
 * n counts the cell-days with both the network mean and the product valid.
 */
export interface ValidationRow extends Pick<PairStats, 'n' | 'r' | 'pValue' | 'rmse' | 'bias' | 'ubrmse'> {
  network: string;
  product: string;
  /** 95 % intervals and rank correlations of the same pairs. */
  extended: ExtendedStats;
}

/** validation.csv's header: the paper's columns, then the extended ones (appended, so readers by position keep working). */
export const VALIDATION_COLUMNS = ['network', 'product', 'n', 'r', 'p_value', 'rmse', 'bias', 'ubrmse', ...EXTENDED_COLUMNS];

/** One validation.csv line, in VALIDATION_COLUMNS order. */
export function validationCells(v: ValidationRow): (string | number)[] {
  return [v.network, v.product, v.n, v.r, v.pValue, v.rmse, v.bias, v.ubrmse, ...extendedCells(v.extended)];
}

/** truth_validation.csv: each series against a known truth, one row per series (one-year and multi-year runs). */
export function truthValidationCsv(stats: Readonly<Record<string, PairStats>>): string {
  return formatCsv(
    ['product', 'n', 'r', 'rmse', 'bias', 'ubrmse'],
    Object.entries(stats).map(([name, s]) => [name, s.n, s.r, s.rmse, s.bias, s.ubrmse]),
  );
}

/** The valid pairs of one group, compacted for the rank statistics and the bootstrap. */
interface PairBuffer {
  moments: PairMoments;
  est: Float64Array;
  obs: Float64Array;
  n: number;
}

function pairBuffer(capacity: number): PairBuffer {
  return { moments: emptyPairMoments(), est: new Float64Array(capacity), obs: new Float64Array(capacity), n: 0 };
}

function push(b: PairBuffer, est: number, obs: number): void {
  addPair(b.moments, est, obs);
  b.n = pushPair(b.est, b.obs, b.n, est, obs);
}

/**
 * Validation table (GRNN paper Table IV): for each product, one row per network
 * pooling all its cells and days, then one row pooling every network ("all").
 * Products must have the series' dates and grid.
 */
export function validateAgainstStations(series: readonly NetworkCellSeries[], products: Record<string, Stack>): ValidationRow[] {
  const networks = [...new Set(series.map((s) => s.network))].sort(compare);
  const rows: ValidationRow[] = [];
  const days = series.length > 0 ? series[0].values.length : 0;
  const cellsOf = (nw: string | null) => series.filter((s) => nw === null || s.network === nw).length;
  for (const [product, stack] of Object.entries(products)) {
    const byNetwork = new Map<string, PairBuffer>(networks.map((nw) => [nw, pairBuffer(cellsOf(nw) * days)]));
    const all = pairBuffer(cellsOf(null) * days);
    const plane = planeSize(stack);
    for (const s of series) {
      if (!sameDates(s.dates, stack.dates)) {
        throw new RangeError(`product "${product}" does not have the dates of the station series`);
      }
      const pixel = seriesPixel(s, stack.grid);
      const m = byNetwork.get(s.network)!;
      for (let d = 0; d < s.values.length; d++) {
        const est = stack.data[d * plane + pixel];
        push(m, est, s.values[d]);
        push(all, est, s.values[d]);
      }
    }
    for (const [network, m] of byNetwork) rows.push(validationRow(network, product, m));
    rows.push(validationRow(ALL_NETWORKS, product, all));
  }
  return rows;
}

function validationRow(network: string, product: string, b: PairBuffer): ValidationRow {
  const st = pairStatsFromMoments(b.moments);
  const { n, r, pValue, rmse, bias, ubrmse } = st;
  return { network, product, n, r, pValue, rmse, bias, ubrmse, extended: extendedStats(b.est, b.obs, b.n, st) };
}
