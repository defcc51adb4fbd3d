import { formatImprovement, rImprovement, rmseImprovement } from '../../kernels/metrics/improvement.js';
import { pairStats } from '../../kernels/metrics/pair-stats.js';
import { coefficientOfVariation, quantile } from '../../kernels/metrics/series-stats.js';
import { formatCsv, type CsvCell } from '../io/csv.js';

/** A named daily series compared with the observations. */
export interface NamedSeries {
  readonly name: string;
  readonly values: ArrayLike<number>;
}

/** Periods of a site run: day ranges [from, to). */
export type Periods = readonly { name: string; from: number; to: number }[];

const METRIC_HEADER = ['series', 'period', 'n', 'r', 'p_value', 'rmse', 'bias', 'ubrmse', 'cv', 'rsr', 'nse'];

function metricRow(s: NamedSeries, obs: ArrayLike<number>, period: string, keep: (d: number) => boolean): CsvCell[] {
  const est: number[] = [];
  const ob: number[] = [];
  for (let d = 0; d < obs.length; d++) {
    if (!keep(d)) continue;
    est.push(s.values[d]);
    ob.push(obs[d]);
  }
  const m = pairStats(est, ob);
  const paired = est.map((v, i) => (Number.isNaN(ob[i]) ? NaN : v));
  return [s.name, period, m.n, m.r, m.pValue, m.rmse, m.bias, m.ubrmse, coefficientOfVariation(paired), m.rsr, m.nse];
}

/** metrics.csv: every series (and the observations' own CV) per period. */
export function metricsTable(series: readonly NamedSeries[], obs: ArrayLike<number>, periods: Periods): string {
  const rows = periods.flatMap((p) => series.map((s) => metricRow(s, obs, p.name, (d) => d >= p.from && d < p.to)));
  return formatCsv(METRIC_HEADER, rows);
}

/** improvement.csv (Tables 2–3): the fused series against each input, per period. */
export function improvementTable(inputs: readonly NamedSeries[], fused: NamedSeries, obs: ArrayLike<number>, periods: Periods): string {
  const rows: CsvCell[][] = [];
  for (const p of periods) {
    // compare on the days where the fused series and the input both exist, as the tables do
    for (const input of inputs) {
      const keep = (d: number) => d >= p.from && d < p.to && !Number.isNaN(input.values[d]) && !Number.isNaN(fused.values[d]);
      const old = pairStats(...pick(input.values, obs, keep));
      const neu = pairStats(...pick(fused.values, obs, keep));
      const dr = rImprovement(old.r, neu.r);
      const drmse = rmseImprovement(old.rmse, neu.rmse);
      rows.push([`${input.name}~${fused.name}`, p.name, old.n, formatImprovement(dr, old.r, neu.r), formatImprovement(drmse, old.rmse, neu.rmse), old.r, neu.r, dr, old.rmse, neu.rmse, drmse]);
    }
  }
  return formatCsv(['comparison', 'period', 'n', 'r', 'rmse', 'r_old', 'r_new', 'r_improvement', 'rmse_old', 'rmse_new', 'rmse_improvement'], rows);
}

/** percentiles.csv: metrics within obs < Q25, Q25–Q75, ≥ Q75 (quartiles of the period's obs). */
export function percentileTable(series: readonly NamedSeries[], obs: ArrayLike<number>, periods: Periods): string {
  const rows: CsvCell[][] = [];
  for (const p of periods) {
    const inPeriod = Array.from(obs).slice(p.from, p.to);
    const q25 = quantile(inPeriod, 0.25);
    const q75 = quantile(inPeriod, 0.75);
    const ranges = [
      { name: '<Q25', test: (v: number) => v < q25 },
      { name: 'Q25-Q75', test: (v: number) => v >= q25 && v < q75 },
      { name: '>=Q75', test: (v: number) => v >= q75 },
    ];
    for (const r of ranges) {
      for (const s of series) {
        const row = metricRow(s, obs, p.name, (d) => d >= p.from && d < p.to && r.test(obs[d]));
        rows.push([r.name, q25, q75, ...row]);
      }
    }
  }
  return formatCsv(['range', 'q25', 'q75', ...METRIC_HEADER], rows);
}

function pick(est: ArrayLike<number>, obs: ArrayLike<number>, keep: (d: number) => boolean): [number[], number[]] {
  const a: number[] = [];
  const b: number[] = [];
  for (let d = 0; d < obs.length; d++) if (keep(d)) { a.push(est[d]); b.push(obs[d]); }
  return [a, b];
}
