/** Report sections of a site run: series and scatter charts, metric tables, BPANN/EnKF model state. */
import { renderChart, SERIES_COLORS } from './charts.js';
import { csvTable, fixed } from './csv-table.js';
import type { Figure } from './figure.js';
import type { ReportSection, ReportTable } from './html.js';
import { csvNumber, type CsvRow, type OutputFolder, type SiteRunRecord } from './output-folder.js';
import { siteScatterSpec, siteSeriesSpec, stateSeriesSpec, trainingCurveSpec, type SiteSeriesRow, type StateRow } from './site-charts.js';
import { isContinuous, type SiteSeries } from './site-series.js';
import { VALIDATION_FORMATS } from './table-sections.js';

const METRIC_FORMATS = { ...VALIDATION_FORMATS, cv: fixed(3), rsr: fixed(3), nse: fixed(3), q25: fixed(3), q75: fixed(3) };
type Folder = OutputFolder<SiteRunRecord>;

/**
 * metrics.csv as tables: the training and validation periods side by side with the worse
 * of the two (a method can look good in one period only: the EnKF's spin-up showed in
 * training), then every metric per period. `samples` says which samples were compared
 * (a site's days, a grid's pooled pixel-days).
 */
export async function metricsSection(
  folder: OutputFolder<unknown>,
  samples = 'on the days both have a value',
): Promise<ReportSection | null> {
  const metrics = await folder.csv('metrics.csv');
  if (!metrics) return null;
  const columns = ['series', 'period', 'n', 'r', 'p_value', 'rmse', 'bias', 'ubrmse', 'cv', 'rsr', 'nse'];
  return {
    id: 'metrics',
    title: 'Metrics',
    notes: [
      `Each series against the observations ${samples} (SM in m³/m³; bias = estimate − observation; RSR = RMSE / SD of obs; NSE = Nash–Sutcliffe efficiency).`,
      'The worst period is the one with the lower R (for R) or the higher RMSE (for RMSE).',
    ],
    tables: [
      periodsTable(metrics),
      csvTable('Metrics per period', metrics, columns, METRIC_FORMATS),
      ...(metrics[0] && 'r_ci_lo' in metrics[0] ? [intervalsTable(metrics)] : []),
    ],
  };
}

/** The 95 % intervals and rank correlations metrics.csv appends (pytesmo's definitions; docs/validation.md "Validation metrics"). */
function intervalsTable(metrics: readonly CsvRow[]): ReportTable {
  const f = (digits: number) => (v: string | undefined) =>
    v === undefined || v === '' || !Number.isFinite(Number(v)) ? '–' : Number(v).toFixed(digits);
  const range = (row: CsvRow, name: string, digits: number) => `${f(digits)(row[`${name}_ci_lo`])} … ${f(digits)(row[`${name}_ci_hi`])}`;
  return {
    caption: '95 % intervals (R: Fisher z; RMSE: bootstrap; bias: t; ubRMSE: χ²) and rank correlations, assuming independent days',
    columns: ['series', 'period', 'r 95 %', 'rmse 95 %', 'bias 95 %', 'ubrmse 95 %', 'spearman_rho', 'kendall_tau', 'anomaly_r_short'],
    rows: metrics.map((r) => [
      r.series,
      r.period,
      range(r, 'r', 3),
      range(r, 'rmse', 4),
      range(r, 'bias', 4),
      range(r, 'ubrmse', 4),
      f(3)(r.spearman_rho),
      f(3)(r.kendall_tau),
      f(3)(r.anomaly_r_short),
    ]),
  };
}

/** R and RMSE of each series in the training and validation periods, and the worse of the two. */
export function periodsTable(metrics: readonly CsvRow[]): ReportTable {
  const of = (series: string, period: string) => metrics.find((r) => r.series === series && r.period === period);
  const f3 = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : '–');
  const f4 = (x: number) => (Number.isFinite(x) ? x.toFixed(4) : '–');
  const rows = [...new Set(metrics.map((r) => r.series))].map((series) => {
    const [train, validation] = [of(series, 'train'), of(series, 'validation')];
    const r = [train, validation].map((m) => (m ? csvNumber(m.r) : NaN));
    const rmse = [train, validation].map((m) => (m ? csvNumber(m.rmse) : NaN));
    const worstR = worst(r, (a, b) => a < b);
    const worstRmse = worst(rmse, (a, b) => a > b);
    return [series, f3(r[0]), f3(r[1]), worstR.text(f3), f4(rmse[0]), f4(rmse[1]), worstRmse.text(f4)];
  });
  return {
    caption: 'Training and validation periods, and the worst of the two',
    columns: ['series', 'r_train', 'r_validation', 'r_worst', 'rmse_train', 'rmse_validation', 'rmse_worst'],
    rows,
  };
}

/** The worse of [train, validation] by `worse`, as "value (period)"; a missing period does not count. */
function worst(values: readonly number[], worse: (a: number, b: number) => boolean): { text: (format: (x: number) => string) => string } {
  const names = ['train', 'validation'];
  const present = [0, 1].filter((k) => Number.isFinite(values[k]));
  if (present.length === 0) return { text: () => '–' };
  const k = present.reduce((a, b) => (worse(values[b], values[a]) ? b : a));
  return { text: (format) => `${format(values[k])} (${names[k]})` };
}

/** Observations, inputs and fused series over time, validation period shaded. */
export async function seriesSection(series: SiteSeries): Promise<ReportSection> {
  const all = [{ name: series.obsName, values: series.obs, color: SERIES_COLORS.obs }, ...series.estimates];
  const rows: SiteSeriesRow[] = all.flatMap((s) =>
    series.dates.map((date, d) => ({ date, series: s.name, sm: Number.isFinite(s.values[d]) ? s.values[d] : null })),
  );
  const from = series.dates[series.periods.indexOf('validation')];
  const style = {
    colors: Object.fromEntries(all.map((s) => [s.name, s.color])),
    lines: all.filter((s) => isContinuous(s.values)).map((s) => s.name),
    validation: from === undefined ? null : { from, to: series.dates[series.dates.length - 1] },
  };
  return {
    id: 'series',
    title: 'Time series',
    notes: [
      'Daily series as lines; series with a value on few consecutive days (satellite revisits, and what is fused from them) as dots. The shaded days are the validation period: the methods learn from the days before it only.',
    ],
    figureRows: [[await renderChart('site_series', siteSeriesSpec(`${series.obsName}, inputs and fused SM`, rows, style))]],
  };
}

/** Each input and the fused series against the observations, with the 1:1 line. */
export async function scatterSection(folder: Folder, series: SiteSeries): Promise<ReportSection> {
  const metrics = (await folder.csv('metrics.csv')) ?? [];
  const extent = roundedExtent([series.obs, ...series.estimates.map((s) => s.values)]);
  const figures: Figure[] = [];
  for (const s of series.estimates) {
    const rows = series.dates.flatMap((_, d) =>
      Number.isFinite(s.values[d]) && Number.isFinite(series.obs[d])
        ? [{ obs: series.obs[d], value: s.values[d], period: series.periods[d] }]
        : [],
    );
    figures.push(await renderChart(`scatter_${s.name}`, siteScatterSpec(scatterTitle(s.name, metrics), s.name, rows, extent, s.color)));
  }
  return {
    id: 'scatter',
    title: 'Against the observations',
    notes: ['Dashed: the 1:1 line. Grey dots are training days.'],
    figureRows: [figures],
  };
}

/** The series' R and RMSE in each period, training first. */
function scatterTitle(name: string, metrics: readonly CsvRow[]): string {
  const parts = ['train', 'validation'].flatMap((period) => {
    const m = metrics.find((r) => r.series === name && r.period === period);
    return m ? [`${period} R ${csvNumber(m.r).toFixed(3)}, RMSE ${csvNumber(m.rmse).toFixed(3)}`] : [];
  });
  return parts.length > 0 ? `${name}: ${parts.join('; ')}` : name;
}

/** [min, max] of every finite value, widened to multiples of 0.05 m³/m³. */
function roundedExtent(series: readonly ArrayLike<number>[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of series) for (let i = 0; i < s.length; i++) if (Number.isFinite(s[i])) [lo, hi] = [Math.min(lo, s[i]), Math.max(hi, s[i])];
  return lo <= hi ? [Math.floor(lo / 0.05) * 0.05, Math.ceil(hi / 0.05) * 0.05] : [0, 0.5];
}

export async function improvementSection(folder: OutputFolder<unknown>): Promise<ReportSection | null> {
  const improvement = await folder.csv('improvement.csv');
  const percentiles = await folder.csv('percentiles.csv');
  if (!improvement && !percentiles) return null;
  const columns = ['range', 'q25', 'q75', 'period', 'series', 'n', 'r', 'rmse', 'bias', 'ubrmse', 'nse'];
  return {
    id: 'improvement',
    title: 'Improvement',
    notes: [
      'Improvement = (R_new − R_old) / R_old and (RMSE_old − RMSE_new) / RMSE_old, as in the papers’ Tables 2–3 (old~new in brackets), on the days where the input and the fused series both have a value.',
    ],
    tables: [
      ...(improvement ? [csvTable('Fused against each input', improvement, ['comparison', 'period', 'n', 'r', 'rmse'])] : []),
      ...(percentiles
        ? [
            csvTable(
              'Metrics within the quartile ranges of the observations (quartiles of each period)',
              percentiles,
              columns,
              METRIC_FORMATS,
            ),
          ]
        : []),
    ],
  };
}

/** BPANN: first-layer weights (Table 5) and the training error curve. */
export async function bpannSection(folder: Folder): Promise<ReportSection | null> {
  const weights = await folder.csv('weights.csv');
  const training = await folder.csv('training.csv');
  if (!weights && !training) return null;
  const inputs = folder.run.columns.slice(0, 3);
  const curve = (training ?? []).map((r) => ({ iteration: csvNumber(r.iteration), mse: csvNumber(r.mse_scaled) })).filter((r) => r.mse > 0);
  return {
    id: 'model',
    title: 'BPANN model',
    figureRows: curve.length > 0 ? [[await renderChart('bpann_training', trainingCurveSpec(curve, folder.run.errorGoal ?? null))]] : [],
    notes: folder.run.errorGoal === undefined ? [] : [`Dashed: the error goal (${folder.run.errorGoal}) that stops training.`],
    tables: weights
      ? [
          csvTable(
            'First-layer weights per hidden node and input (paper Table 5)',
            weights,
            ['node', ...inputs],
            Object.fromEntries(inputs.map((c) => [c, fixed(3)])),
          ),
        ]
      : [],
  };
}

/** EnKF: the coefficients a1…a4 of SM = a1·A² + a2·B + a3·LST + a4 over time. */
export async function enkfSection(folder: Folder): Promise<ReportSection | null> {
  const state = await folder.csv('state.csv');
  if (!state || state.length === 0) return null;
  const [a, b, lst] = folder.run.columns;
  const terms = [`a1 (× ${a}²)`, `a2 (× ${b})`, `a3 (× ${lst})`, 'a4 (constant)'];
  const rows: StateRow[] = state.flatMap((r) =>
    terms.map((term, k) => {
      const mean = csvNumber(r[`a${k + 1}`]);
      const sd = csvNumber(r[`a${k + 1}_sd`]);
      return { date: r.date, term, mean, lo: mean - sd, hi: mean + sd };
    }),
  );
  return {
    id: 'model',
    title: 'EnKF state',
    notes: [`SM = a1·${a}² + a2·${b} + a3·${lst} + a4; the band is the ensemble mean ± one standard deviation.`],
    figureRows: [[await renderChart('enkf_state', stateSeriesSpec(rows, terms))]],
  };
}
