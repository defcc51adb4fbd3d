/** Vega-Lite specs of a site run's charts (`smfuse bpann|enkf --site`); rendered by renderChart. */
import type { TopLevelSpec } from 'vega-lite';
import { lineAndDotLayers, namedColors, WIDTH } from './charts.js';

/** Two years of days: vega's multi-scale date labels (year, then months) read best. */
const DATE_AXIS = { field: 'date', type: 'temporal', title: null } as const;
const SM_UNITS = 'm³/m³';

export interface SiteSeriesRow {
  readonly date: string;
  readonly series: string;
  readonly sm: number | null;
}

export interface SiteSeriesStyle {
  /** Series name → colour, in legend order. */
  readonly colors: Readonly<Record<string, string>>;
  /** Drawn as lines; the others (sparse, e.g. satellite revisits) as dots. */
  readonly lines: readonly string[];
  /** First and last day of the validation period, shaded; null when the run has none. */
  readonly validation: { readonly from: string; readonly to: string } | null;
}

/** Observations, the inputs and the fused series over the run, the validation period shaded. */
export function siteSeriesSpec(title: string, rows: readonly SiteSeriesRow[], style: SiteSeriesStyle): TopLevelSpec {
  const encoding = {
    x: DATE_AXIS,
    y: { field: 'sm', type: 'quantitative', title: `SM (${SM_UNITS})` },
    color: namedColors('series', style.colors, 'series'),
  } as const;
  const points = Object.keys(style.colors).filter((s) => !style.lines.includes(s));
  const period = style.validation && [
    {
      data: { values: [style.validation] },
      mark: { type: 'rect', color: '#ececec' },
      encoding: { x: { field: 'from', type: 'temporal', title: null }, x2: { field: 'to' } },
    },
    {
      data: { values: [{ date: style.validation.from, label: 'validation →' }] },
      mark: { type: 'text', align: 'left', baseline: 'top', dx: 4, dy: 4, color: '#555' },
      encoding: { x: { field: 'date', type: 'temporal', title: null }, y: { value: 0 }, text: { field: 'label' } },
    },
  ];
  return {
    title,
    width: WIDTH,
    height: 240,
    data: { values: rows as SiteSeriesRow[] },
    layer: [...(period ?? []), ...lineAndDotLayers(encoding, style.lines, points, { strokeWidth: { value: 1.2 } })],
  } as TopLevelSpec;
}

export interface ScatterRow {
  readonly obs: number;
  readonly value: number;
  readonly period: string;
}

/** One series against the observations on a square plot with the 1:1 line; training days grey. */
export function siteScatterSpec(
  title: string,
  series: string,
  rows: readonly ScatterRow[],
  extent: readonly [number, number],
  color: string,
): TopLevelSpec {
  const axis = (field: string, name: string) => ({
    field,
    type: 'quantitative' as const,
    title: `${name} (${SM_UNITS})`,
    scale: { domain: [...extent], nice: false },
  });
  return {
    title,
    width: 240,
    height: 240,
    layer: [
      {
        data: { values: extent.map((v) => ({ obs: v, value: v })) },
        mark: { type: 'line', color: '#888', strokeDash: [4, 3], clip: true },
        encoding: { x: axis('obs', 'observed'), y: axis('value', series) },
      },
      {
        data: { values: rows as ScatterRow[] },
        mark: { type: 'circle', size: 14, opacity: 0.7, clip: true },
        encoding: {
          x: axis('obs', 'observed'),
          y: axis('value', series),
          color: namedColors('period', { train: '#b5b5b5', validation: color }, 'period'),
        },
      },
    ],
  } as TopLevelSpec;
}

export interface TrainingRow {
  readonly iteration: number;
  readonly mse: number;
}

/** BPANN training error per full-batch step (log scale) and the error goal that stops training. */
export function trainingCurveSpec(rows: readonly TrainingRow[], goal: number | null): TopLevelSpec {
  const y = { field: 'mse', type: 'quantitative', title: 'training MSE (scaled)', scale: { type: 'log' } } as const;
  return {
    title: 'BPANN training error',
    width: 420,
    height: 220,
    layer: [
      {
        data: { values: rows as TrainingRow[] },
        mark: { type: 'line', color: '#e15759' },
        encoding: { x: { field: 'iteration', type: 'quantitative', title: 'step', axis: { format: 'd', tickMinStep: 1 } }, y },
      },
      ...(goal === null
        ? []
        : [{ data: { values: [{ mse: goal }] }, mark: { type: 'rule', strokeDash: [4, 3], color: '#555' }, encoding: { y } }]),
    ],
  } as TopLevelSpec;
}

export interface StateRow {
  readonly date: string;
  readonly term: string;
  readonly mean: number;
  readonly lo: number;
  readonly hi: number;
}

/** EnKF coefficients: ensemble mean with a ± one-spread band, one panel per term (own y scale). */
export function stateSeriesSpec(rows: readonly StateRow[], terms: readonly string[]): TopLevelSpec {
  return {
    title: 'EnKF coefficients: ensemble mean ± spread',
    data: { values: rows as StateRow[] },
    facet: {
      row: {
        field: 'term',
        type: 'nominal',
        title: null,
        sort: [...terms],
        header: { labelAngle: 0, labelAlign: 'left', labelAnchor: 'start', labelOrient: 'top' },
      },
    },
    spec: {
      width: WIDTH,
      height: 90,
      layer: [
        {
          mark: { type: 'area', opacity: 0.3, color: '#4e79a7' },
          encoding: { x: DATE_AXIS, y: { field: 'lo', type: 'quantitative', title: null, scale: { zero: false } }, y2: { field: 'hi' } },
        },
        {
          mark: { type: 'line', color: '#4e79a7', strokeWidth: 1.2 },
          encoding: { x: DATE_AXIS, y: { field: 'mean', type: 'quantitative' } },
        },
      ],
    },
    resolve: { scale: { y: 'independent' } },
  } as TopLevelSpec;
}
