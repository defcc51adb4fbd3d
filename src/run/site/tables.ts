import { anomalyCube, spansYears, type AnomalyKind } from '../../../kernels/metrics/anomaly.js';
import { EXTENDED_COLUMNS, extendedCells, extendedStats, pushPair } from '../../../kernels/metrics/extended-stats.js';
import { formatImprovement, rImprovement, rmseImprovement } from '../../../kernels/metrics/improvement.js';
import {
  addPair,
  correlationOf,
  emptyPairMoments,
  pairStatsFromMoments,
  resetPairMoments,
  type PairMoments,
} from '../../../kernels/metrics/pair-stats.js';
import { coefficientOfVariation, quantile } from '../../../kernels/metrics/series-stats.js';
import { formatCsv, type CsvCell } from '../../io/csv.js';
import type { Staging } from '../../io/staging.js';

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
    {
      name: 'validation',
      includes: (i: number) => used(i % pixels) && dayOf(i) >= splitDay[i % pixels],
      any: ps.some((p) => splitDay[p] < days),
    },
    { name: 'all', includes: (i: number) => used(i % pixels), any: ps.length > 0 && days > 0 },
  ];
  return periods.filter((p) => p.any).map(({ name, includes }) => ({ name, includes }));
}

const METRIC_HEADER = ['series', 'period', 'n', 'r', 'p_value', 'rmse', 'bias', 'ubrmse', 'cv', 'rsr', 'nse'];
/** Appended to metrics.csv after the paper's columns, so readers by position keep working. */
const ANOMALY_COLUMNS = ['anomaly_r', 'anomaly_r_short'];

/** How the flat samples lie: [day][pixel] over `dates`. Needed for the anomaly columns. */
export interface SampleLayout {
  readonly dates: readonly string[];
  readonly pixels: number;
}

/**
 * The samples of each period that have an observation, ascending. Every table compares
 * a series with the observations (a pair with no observation counts nowhere), so these
 * are all it reads: one pass over `obs`, the periods asked about observed samples only.
 */
function observedSamples(obs: ArrayLike<number>, periods: Periods): Int32Array[] {
  let count = 0;
  for (let i = 0; i < obs.length; i++) if (!Number.isNaN(obs[i])) count++;
  const observed = new Int32Array(count);
  for (let i = 0, k = 0; i < obs.length; i++) if (!Number.isNaN(obs[i])) observed[k++] = i;
  const kept = new Int32Array(count);
  return periods.map((p) => {
    let n = 0;
    for (let k = 0; k < count; k++) if (p.includes(observed[k])) kept[n++] = observed[k];
    return kept.slice(0, n);
  });
}

const longest = (lists: readonly Int32Array[]) => lists.reduce((a, l) => Math.max(a, l.length), 0);

/** One metrics row: the pairs of `s` and `obs` at `samples`. CV is the estimate's, over those pairs. */
function metricRow(
  s: NamedSeries,
  obs: ArrayLike<number>,
  period: string,
  samples: Int32Array,
  m: PairMoments,
  paired: Float64Array,
): CsvCell[] {
  accumulate(m, s.values, obs, samples);
  for (let k = 0; k < samples.length; k++) paired[k] = s.values[samples[k]];
  const st = pairStatsFromMoments(m);
  const cv = coefficientOfVariation(paired.subarray(0, samples.length));
  return [s.name, period, st.n, st.r, st.pValue, st.rmse, st.bias, st.ubrmse, cv, st.rsr, st.nse];
}

/** Resets `m` to the moments of the pairs at the first `count` of `samples` (ascending). */
function accumulate(
  m: PairMoments,
  est: ArrayLike<number>,
  obs: ArrayLike<number>,
  samples: Int32Array,
  count = samples.length,
): PairMoments {
  resetPairMoments(m);
  for (let k = 0; k < count; k++) addPair(m, est[samples[k]], obs[samples[k]]);
  return m;
}

/**
 * metrics.csv: every series per period, the paper's metrics, then their 95 % intervals and
 * the rank correlations (EXTENDED_COLUMNS) and the anomaly correlations: R of climatology
 * anomalies (only when the dates span two years) and of short-term (35-day) anomalies, each
 * series' anomalies taken over all of `layout`'s dates. Without a layout the anomaly
 * columns are empty.
 */
export function metricsTable(series: readonly NamedSeries[], obs: ArrayLike<number>, periods: Periods, layout?: SampleLayout): string {
  const samples = observedSamples(obs, periods);
  const m = emptyPairMoments();
  const paired = new Float64Array(longest(samples));
  const est = new Float64Array(paired.length);
  const ref = new Float64Array(paired.length);
  const kinds: AnomalyKind[] = ['climatology', 'short-term'];
  const usable = (k: AnomalyKind) =>
    layout !== undefined && layout.dates.length * layout.pixels === obs.length && (k === 'short-term' || spansYears(layout.dates));
  const anomalies = (values: ArrayLike<number>) =>
    kinds.map((k) => (usable(k) ? anomalyCube(values, layout!.pixels, layout!.dates, k) : null));
  // an anomaly is NaN where its value is, so the observed samples hold every anomaly pair too
  const obsAnomalies = anomalies(obs);
  const rows = series.flatMap((s) => {
    const sAnomalies = anomalies(s.values);
    return periods.map((p, period) => {
      const at = samples[period];
      const row = metricRow(s, obs, p.name, at, m, paired);
      let n = 0;
      for (let k = 0; k < at.length; k++) n = pushPair(est, ref, n, s.values[at[k]], obs[at[k]]);
      const extended = extendedCells(extendedStats(est, ref, n, pairStatsFromMoments(m)));
      const anomalyR = kinds.map((_, k) =>
        sAnomalies[k] && obsAnomalies[k] ? correlationOf(accumulate(m, sAnomalies[k]!, obsAnomalies[k]!, at)) : NaN,
      );
      return { period, cells: [...row, ...extended, ...anomalyR] };
    });
  });
  // period-major, as before: every series of the first period, then the next
  rows.sort((a, b) => a.period - b.period);
  return formatCsv(
    [...METRIC_HEADER, ...EXTENDED_COLUMNS, ...ANOMALY_COLUMNS],
    rows.map((r) => r.cells),
  );
}

/** improvement.csv (Tables 2–3): the fused series against each input, per period. */
export function improvementTable(inputs: readonly NamedSeries[], fused: NamedSeries, obs: ArrayLike<number>, periods: Periods): string {
  const samples = observedSamples(obs, periods);
  const both = new Int32Array(longest(samples));
  const rows: CsvCell[][] = [];
  const mOld = emptyPairMoments();
  const mNew = emptyPairMoments();
  for (const [period, p] of periods.entries()) {
    const at = samples[period];
    // compare on the samples where the fused series and the input both exist, as the tables do
    for (const input of inputs) {
      let n = 0;
      for (let k = 0; k < at.length; k++) {
        if (!Number.isNaN(input.values[at[k]]) && !Number.isNaN(fused.values[at[k]])) both[n++] = at[k];
      }
      const old = pairStatsFromMoments(accumulate(mOld, input.values, obs, both, n));
      const neu = pairStatsFromMoments(accumulate(mNew, fused.values, obs, both, n));
      const dr = rImprovement(old.r, neu.r);
      const drmse = rmseImprovement(old.rmse, neu.rmse);
      rows.push([
        `${input.name}~${fused.name}`,
        p.name,
        old.n,
        formatImprovement(dr, old.r, neu.r),
        formatImprovement(drmse, old.rmse, neu.rmse),
        old.r,
        neu.r,
        dr,
        old.rmse,
        neu.rmse,
        drmse,
      ]);
    }
  }
  return formatCsv(
    ['comparison', 'period', 'n', 'r', 'rmse', 'r_old', 'r_new', 'r_improvement', 'rmse_old', 'rmse_new', 'rmse_improvement'],
    rows,
  );
}

/** percentiles.csv: metrics within obs < Q25, Q25–Q75, ≥ Q75 (quartiles of the period's obs). */
export function percentileTable(series: readonly NamedSeries[], obs: ArrayLike<number>, periods: Periods): string {
  const samples = observedSamples(obs, periods);
  const rows: CsvCell[][] = [];
  const m = emptyPairMoments();
  const paired = new Float64Array(longest(samples));
  const inRange = new Int32Array(paired.length);
  for (const [period, p] of periods.entries()) {
    const at = samples[period];
    const inPeriod = new Float64Array(at.length);
    for (let k = 0; k < at.length; k++) inPeriod[k] = obs[at[k]];
    const q25 = quantile(inPeriod, 0.25);
    const q75 = quantile(inPeriod, 0.75);
    const ranges = [
      { name: '<Q25', test: (v: number) => v < q25 },
      { name: 'Q25-Q75', test: (v: number) => v >= q25 && v < q75 },
      { name: '>=Q75', test: (v: number) => v >= q75 },
    ];
    for (const r of ranges) {
      let n = 0;
      for (let k = 0; k < at.length; k++) if (r.test(inPeriod[k])) inRange[n++] = at[k];
      const kept = inRange.subarray(0, n);
      for (const s of series) rows.push([r.name, q25, q75, ...metricRow(s, obs, p.name, kept, m, paired)]);
    }
  }
  return formatCsv(['range', 'q25', 'q75', ...METRIC_HEADER], rows);
}

/** Stages metrics.csv, improvement.csv and percentiles.csv of the inputs and the fused series. */
export async function writePixelMethodTables(
  staging: Staging,
  inputs: readonly NamedSeries[],
  fused: NamedSeries,
  obs: ArrayLike<number>,
  periods: Periods,
  layout?: SampleLayout,
): Promise<void> {
  await staging.writeText('metrics.csv', metricsTable([...inputs, fused], obs, periods, layout));
  await staging.writeText('improvement.csv', improvementTable(inputs, fused, obs, periods));
  await staging.writeText('percentiles.csv', percentileTable([...inputs, fused], obs, periods));
}
