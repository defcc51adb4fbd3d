import { formatImprovement, rImprovement, rmseImprovement } from '../../kernels/metrics/improvement.js';
import { addPair, emptyPairMoments, pairStatsFromMoments, type PairMoments } from '../../kernels/metrics/pair-stats.js';
import { coefficientOfVariation, quantile } from '../../kernels/metrics/series-stats.js';
import { formatCsv, type CsvCell } from '../io/csv.js';
import type { Staging } from '../io/staging.js';

/**
 * The tables of a BPANN/EnKF run (metrics, improvement, percentiles). They work on flat
 * arrays of samples: a site's days, or a grid's pixel-days [day][pixel], pooled.
 */

/** A named series of samples compared with the observations (same layout as `obs`). */
export interface NamedSeries {
  readonly name: string;
  readonly values: ArrayLike<number>;
}

/** A period: which samples (flat indices) belong to it. */
export interface Period {
  readonly name: string;
  includes(i: number): boolean;
}

export type Periods = readonly Period[];

/**
 * train / validation / all of a run whose pixel p is trained on its days before
 * splitDay[p], samples laid out [day][pixel]; pixels where `used` is false are left out
 * of every period (no fused series to compare). A period no sample falls in is dropped.
 */
export function splitPeriods(splitDay: ArrayLike<number>, days: number, used: (p: number) => boolean = () => true): Periods {
  const pixels = splitDay.length;
  const dayOf = (i: number) => Math.floor(i / pixels);
  const ps = Array.from({ length: pixels }, (_, p) => p).filter(used);
  const periods = [
    { name: 'train', includes: (i: number) => used(i % pixels) && dayOf(i) < splitDay[i % pixels], any: ps.some((p) => splitDay[p] > 0) },
    { name: 'validation', includes: (i: number) => used(i % pixels) && dayOf(i) >= splitDay[i % pixels], any: ps.some((p) => splitDay[p] < days) },
    { name: 'all', includes: (i: number) => used(i % pixels), any: ps.length > 0 && days > 0 },
  ];
  return periods.filter((p) => p.any).map(({ name, includes }) => ({ name, includes }));
}

const METRIC_HEADER = ['series', 'period', 'n', 'r', 'p_value', 'rmse', 'bias', 'ubrmse', 'cv', 'rsr', 'nse'];

/** One metrics row: the pairs of `s` and `obs` at the samples `keep` accepts. CV is the estimate's, over those pairs. */
function metricRow(s: NamedSeries, obs: ArrayLike<number>, period: string, keep: (i: number) => boolean, m: PairMoments, paired: Float64Array): CsvCell[] {
  accumulate(m, s.values, obs, keep);
  for (let i = 0; i < obs.length; i++) paired[i] = keep(i) && !Number.isNaN(obs[i]) ? s.values[i] : NaN;
  const st = pairStatsFromMoments(m);
  return [s.name, period, st.n, st.r, st.pValue, st.rmse, st.bias, st.ubrmse, coefficientOfVariation(paired), st.rsr, st.nse];
}

function accumulate(m: PairMoments, est: ArrayLike<number>, obs: ArrayLike<number>, keep: (i: number) => boolean): PairMoments {
  Object.assign(m, emptyPairMoments());
  for (let i = 0; i < obs.length; i++) if (keep(i)) addPair(m, est[i], obs[i]);
  return m;
}

/** metrics.csv: every series per period. */
export function metricsTable(series: readonly NamedSeries[], obs: ArrayLike<number>, periods: Periods): string {
  const m = emptyPairMoments();
  const paired = new Float64Array(obs.length);
  const rows = periods.flatMap((p) => series.map((s) => metricRow(s, obs, p.name, (i) => p.includes(i), m, paired)));
  return formatCsv(METRIC_HEADER, rows);
}

/** improvement.csv (Tables 2–3): the fused series against each input, per period. */
export function improvementTable(inputs: readonly NamedSeries[], fused: NamedSeries, obs: ArrayLike<number>, periods: Periods): string {
  const rows: CsvCell[][] = [];
  const mOld = emptyPairMoments();
  const mNew = emptyPairMoments();
  for (const p of periods) {
    // compare on the samples where the fused series and the input both exist, as the tables do
    for (const input of inputs) {
      const keep = (i: number) => p.includes(i) && !Number.isNaN(input.values[i]) && !Number.isNaN(fused.values[i]);
      const old = pairStatsFromMoments(accumulate(mOld, input.values, obs, keep));
      const neu = pairStatsFromMoments(accumulate(mNew, fused.values, obs, keep));
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
  const m = emptyPairMoments();
  const paired = new Float64Array(obs.length);
  for (const p of periods) {
    const inPeriod = new Float64Array(obs.length);
    for (let i = 0; i < obs.length; i++) inPeriod[i] = p.includes(i) ? obs[i] : NaN;
    const q25 = quantile(inPeriod, 0.25);
    const q75 = quantile(inPeriod, 0.75);
    const ranges = [
      { name: '<Q25', test: (v: number) => v < q25 },
      { name: 'Q25-Q75', test: (v: number) => v >= q25 && v < q75 },
      { name: '>=Q75', test: (v: number) => v >= q75 },
    ];
    for (const r of ranges) {
      for (const s of series) {
        const row = metricRow(s, obs, p.name, (i) => p.includes(i) && r.test(obs[i]), m, paired);
        rows.push([r.name, q25, q75, ...row]);
      }
    }
  }
  return formatCsv(['range', 'q25', 'q75', ...METRIC_HEADER], rows);
}

/** Stages metrics.csv, improvement.csv and percentiles.csv of the inputs and the fused series. */
export async function writeFusionTables(staging: Staging, inputs: readonly NamedSeries[], fused: NamedSeries, obs: ArrayLike<number>, periods: Periods): Promise<void> {
  await staging.writeText('metrics.csv', metricsTable([...inputs, fused], obs, periods));
  await staging.writeText('improvement.csv', improvementTable(inputs, fused, obs, periods));
  await staging.writeText('percentiles.csv', percentileTable([...inputs, fused], obs, periods));
}
