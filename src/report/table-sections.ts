/** Report sections built from the CSV/JSON outputs: coverage, weights, validation, model, run. */
import { existsSync } from 'node:fs';
import { recordedStationInput } from '../io/station-input.js';
import { readStations } from '../io/stations.js';
import type { RasterStack } from '../io/geotiff-read.js';
import {
  importanceSpec,
  renderChart,
  sigmaHistogramSpec,
  stationSeriesSpec,
  stationWeightsSpec,
  type SeriesName,
  type SigmaRow,
  type StationWeightRow,
} from './charts.js';
import { csvTable, fixed, flatten, scientific } from './csv-table.js';
import type { Figure } from './figure.js';
import type { ReportSection, ReportTable } from './html.js';
import { weightMapFigure } from './map-sections.js';
import { csvNumber, type CsvRow, type OutputFolder } from './output-folder.js';
import { stationCellSeries, MAX_STATION_CELLS } from './station-series.js';
import { formatDegrees } from './ticks.js';

const percent = (x: number) => (Number.isFinite(x) ? `${(100 * x).toFixed(1)} %` : '–');

export function summarySection(folder: OutputFolder): ReportSection {
  const rows = Object.entries(folder.run.coverage ?? {}).map(([product, share]) => [product, percent(share)]);
  return {
    id: 'summary',
    title: 'Summary',
    notes: [`Output folder ${folder.dir}.`],
    tables: [{ caption: 'Share of the domain’s pixel-days with a value', columns: ['series', 'coverage'], rows }],
  };
}

/** The W_ECV map and the daily weights at the station cells. */
export async function weightsSection(folder: OutputFolder): Promise<ReportSection | null> {
  const map = await weightMapFigure(folder);
  const csv = await folder.csv('weights_stations.csv');
  const figures: Figure[] = map ? [map] : [];
  if (csv && csv.length > 0) {
    const rows: StationWeightRow[] = csv.flatMap((r) => {
      const site = `${r.network} (${formatDegrees(csvNumber(r.lat), 'lat', 3)}, ${formatDegrees(csvNumber(r.lon), 'lon', 3)})`;
      return (['W_ECV', 'W_FY'] as const)
        .map((weight) => ({ site, date: r.date, weight, value: csvNumber(weight === 'W_ECV' ? r.w_ecv : r.w_fy) }))
        .filter((row) => Number.isFinite(row.value));
    });
    figures.push(await renderChart('weights_stations', stationWeightsSpec(rows)));
  }
  if (figures.length === 0) return null;
  return {
    id: 'weights',
    title: 'Fusion weights',
    notes: [
      'W_ECV = (fused − FY) / (ECV − FY) on days where both products have a value and differ by at least the configured minimum; W_FY = 1 − W_ECV. The map is the per-pixel mean of the daily W_ECV in [0, 1].',
    ],
    figureRows: [figures],
  };
}

export const VALIDATION_FORMATS = { r: fixed(3), p_value: scientific, rmse: fixed(4), bias: fixed(4), ubrmse: fixed(4) };

/** Station time series per network cell, and the validation tables. */
export async function validationSection(
  folder: OutputFolder,
  stacks: Partial<Record<Exclude<SeriesName, 'obs' | 'union'>, RasterStack | null>>,
  dates: readonly string[],
): Promise<ReportSection | null> {
  const validation = await folder.csv('validation.csv');
  const truth = await folder.csv('truth_validation.csv');
  // the stations as the run selected them (depth, flags, names)
  const stations = recordedStationInput(folder.run.config.stations);
  const charts: Figure[] = [];
  if (stations && existsSync(stations.path)) {
    const data = Object.fromEntries(Object.entries(stacks).flatMap(([k, s]) => (s ? [[k, s.data]] : [])));
    const cells = stationCellSeries(await readStations(stations.path, stations), folder.run.grid, dates, data);
    for (const [i, cell] of cells.entries()) charts.push(await renderChart(`stations_${i + 1}`, stationSeriesSpec(cell.title, cell.rows)));
  }
  const tables: ReportTable[] = [];
  if (validation) {
    const columns = ['network', 'product', 'n', 'r', 'p_value', 'rmse', 'bias', 'ubrmse'];
    tables.push(csvTable('Against in-situ SM (m³/m³; bias = estimate − observation)', validation, columns, VALIDATION_FORMATS));
  }
  if (truth)
    tables.push(
      csvTable(
        'Against the known truth, all pixel-days (synthetic run)',
        truth,
        ['product', 'n', 'r', 'rmse', 'bias', 'ubrmse'],
        VALIDATION_FORMATS,
      ),
    );
  if (charts.length + tables.length === 0) return null;
  return {
    id: 'validation',
    title: 'Validation',
    notes: [
      `In-situ SM is each network's daily mean of its stations in a cell; dots are days with a value, lines break where the fused and reconstructed series have none. At most ${MAX_STATION_CELLS} network cells are drawn.`,
    ],
    figureRows: charts.map((c) => [c]),
    tables,
  };
}

/** Variable importance, the σ chosen per window, window status and the windows that had too few samples. */
export async function modelSection(folder: OutputFolder): Promise<ReportSection | null> {
  const importance = await folder.csv('importance.csv');
  const windows = await folder.csv('windows.csv');
  const figures: Figure[] = [];
  const tables: ReportTable[] = [];
  if (importance && importance.length > 0) {
    figures.push(
      await renderChart('importance', importanceSpec(importance.map((r) => ({ variable: r.variable, nrmsei: csvNumber(r.nrmsei) })))),
    );
    tables.push(
      csvTable('Variable importance (paper eq. 2)', importance, ['variable', 'rmse', 'nrmsei'], { rmse: fixed(4), nrmsei: fixed(3) }),
    );
  }
  if (windows && windows.length > 0) {
    const models = [...new Set(windows.map((w) => w.model))] as SeriesName[];
    figures.push(await renderChart('sigma_histogram', sigmaHistogramSpec(sigmaCounts(windows), sigmaOrder(folder, windows), models)));
    tables.push(statusTable(windows, models));
    const tooFew = windows.filter((w) => w.status === 'too-few-samples');
    const columns = ['window', 'model', 'west', 'south', 'east', 'north', 'samples_ecv', 'samples_fy'];
    tables.push(
      csvTable(`Windows with too few samples, left nodata with flag 12: ${tooFew.length === 0 ? 'none' : tooFew.length}`, tooFew, columns),
    );
  }
  if (figures.length + tables.length === 0) return null;
  return { id: 'model', title: 'GRNN model', figureRows: [figures], tables };
}

function sigmaCounts(windows: readonly CsvRow[]): SigmaRow[] {
  const counts = new Map<string, SigmaRow>();
  for (const w of windows) {
    if (w.sigma.trim() === '') continue;
    const key = `${w.model}\u0000${w.sigma}`;
    const row = counts.get(key) ?? { model: w.model, sigma: w.sigma, windows: 0 };
    counts.set(key, { ...row, windows: row.windows + 1 });
  }
  return [...counts.values()];
}

/** The σ candidates of the run in order, so that the axis shows unchosen ones too. */
function sigmaOrder(folder: OutputFolder, windows: readonly CsvRow[]): string[] {
  const grnn = folder.run.config.grnn as { sigmas?: unknown } | undefined;
  const candidates = Array.isArray(grnn?.sigmas) ? grnn.sigmas.map(String) : [];
  const chosen = windows.map((w) => w.sigma).filter((s) => s.trim() !== '');
  return [...new Set([...candidates, ...chosen])].sort((a, b) => Number(a) - Number(b));
}

function statusTable(windows: readonly CsvRow[], models: readonly string[]): ReportTable {
  const statuses = ['ok', 'widened', 'too-few-samples'];
  const rows = models.map((m) => [m, ...statuses.map((s) => String(windows.filter((w) => w.model === m && w.status === s).length))]);
  return { caption: 'Windows per status', columns: ['model', ...statuses], rows };
}

/** The run's configuration, inputs and timings from run.json. */
export function runSection(folder: OutputFolder): ReportSection {
  const { run } = folder;
  const facts: [string, string][] = [
    ['smfuse', run.smfuse],
    ['command', run.command],
    ['backend', `${run.backend} (${run.threads} thread${run.threads === 1 ? '' : 's'})`],
    [
      'grid',
      `${run.grid.width} × ${run.grid.height} cells of ${run.grid.resX}° from (${run.grid.originX}, ${run.grid.originY}), EPSG:${run.grid.epsg}`,
    ],
    ...flatten(run.config).filter(([key]) => !key.startsWith('inputs.')),
    ...Object.entries(run.timings ?? {}).map(([k, v]): [string, string] => [`timings.${k}`, `${v} s`]),
  ];
  // An input read from many files (daily products) takes one row; run.json lists them all.
  const inputs = Object.entries(run.inputs ?? {}).map(([k, v]) =>
    Array.isArray(v)
      ? [k, `${v[0]?.path ?? ''} and ${v.length - 1} more files`, '(in run.json)']
      : [k, v.path, `${v.sha256.slice(0, 16)}…`],
  );
  return {
    id: 'run',
    title: 'Run',
    tables: [
      { caption: 'Configuration (after defaults) and backend', columns: ['key', 'value'], rows: facts },
      { caption: 'Inputs', columns: ['input', 'path', 'SHA-256'], rows: inputs },
    ],
  };
}
