/**
 * The report's charts as Vega-Lite specs, rendered headless by vega to standalone SVG.
 * Data rows are plain objects; null is a missing value (lines break there).
 */
import { parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { Figure } from './figure.js';
import { FIGURE_FONT } from './svg-png.js';

/** One colour per series across every chart; `obs` is the in-situ reference. */
export const SERIES_COLORS = {
  obs: '#222222',
  ecv: '#4e79a7',
  fy: '#f28e2c',
  union: '#9c755f',
  fused: '#e15759',
  ecv_rec: '#76b7b2',
  fy_rec: '#b07aa1',
} as const;
export type SeriesName = keyof typeof SERIES_COLORS;

type Layers = Extract<TopLevelSpec, { layer: unknown }>['layer'];

/** Width of a full-width chart's plot area, px. */
export const WIDTH = 640;

/** A date axis with one labelled tick per month. */
const MONTH_AXIS = { field: 'date', type: 'temporal', title: null, axis: { format: '%b', tickCount: 'month' } } as const;

const CONFIG = {
  font: FIGURE_FONT,
  background: 'white',
  title: { anchor: 'start', fontSize: 13 },
  axis: { labelFontSize: 11, titleFontSize: 11 },
  legend: { labelFontSize: 11, titleFontSize: 11 },
} as const;

/** A nominal colour encoding with a fixed colour per value, in the order given. */
export function namedColors(field: string, colors: Readonly<Record<string, string>>, title: string | null) {
  return { field, type: 'nominal', title, scale: { domain: Object.keys(colors), range: Object.values(colors) } } as const;
}

function colorEncoding(field: string, series: readonly SeriesName[], title: string) {
  return namedColors(field, Object.fromEntries(series.map((s) => [s, SERIES_COLORS[s]])), title);
}

export async function renderChart(name: string, spec: TopLevelSpec): Promise<Figure> {
  const view = new View(parse(compile({ ...spec, config: CONFIG } as TopLevelSpec).spec), { renderer: 'none' });
  try {
    const svg = await view.toSVG();
    const size = /<svg[^>]*\swidth="([\d.]+)"[^>]*\sheight="([\d.]+)"/.exec(svg);
    if (!size) throw new Error(`chart ${name}: vega wrote an SVG without a size`);
    const title = typeof spec.title === 'string' ? spec.title : name;
    // vega's clip-path ids repeat from chart to chart, so a page shows charts as PNG.
    return { name, title, svg, width: Number(size[1]), height: Number(size[2]), inline: false };
  } finally {
    view.finalize();
  }
}

export interface DailyCoverageRow {
  readonly date: string;
  readonly product: SeriesName;
  readonly coverage: number;
}

/** Share of the domain with a value, per day and product. */
export function coverageSeriesSpec(rows: readonly DailyCoverageRow[], products: readonly SeriesName[]): TopLevelSpec {
  return {
    title: 'Daily coverage of the domain',
    width: WIDTH,
    height: 220,
    data: { values: rows as DailyCoverageRow[] },
    mark: { type: 'line', strokeWidth: 1.5 },
    encoding: {
      x: MONTH_AXIS,
      y: { field: 'coverage', type: 'quantitative', title: 'pixel-days with a value', axis: { format: '%' }, scale: { domain: [0, 1] } },
      color: colorEncoding('product', products, 'product'),
    },
  };
}

export interface StationSeriesRow {
  readonly date: string;
  readonly series: SeriesName;
  readonly sm: number | null;
}

const LINE_SERIES: readonly SeriesName[] = ['fused', 'ecv_rec', 'fy_rec'];
const POINT_SERIES: readonly SeriesName[] = ['obs', 'ecv', 'fy'];

/** In-situ SM and every gridded series at one network's cell: continuous series as lines, sparse ones as dots. */
export function stationSeriesSpec(title: string, rows: readonly StationSeriesRow[]): TopLevelSpec {
  const series = [...POINT_SERIES, ...LINE_SERIES];
  const encoding = {
    x: MONTH_AXIS,
    y: { field: 'sm', type: 'quantitative', title: 'SM (m³/m³)' },
    color: colorEncoding('series', series, 'series'),
  } as const;
  return {
    title,
    width: WIDTH,
    height: 200,
    data: { values: rows as StationSeriesRow[] },
    layer: lineAndDotLayers(encoding, LINE_SERIES, POINT_SERIES, {
      strokeWidth: { condition: { test: "datum.series === 'fused'", value: 2 }, value: 1 },
    }),
  };
}

/** Continuous series (field `series`) as lines, sparse ones as dots where they have a value (field `sm`). */
export function lineAndDotLayers(encoding: object, lines: readonly string[], dots: readonly string[], lineEncoding: object): Layers {
  return [
    { transform: [{ filter: { field: 'series', oneOf: [...lines] } }], mark: 'line', encoding: { ...encoding, ...lineEncoding } },
    {
      transform: [{ filter: { field: 'series', oneOf: [...dots] } }, { filter: 'isValid(datum.sm)' }],
      mark: { type: 'circle', size: 14, opacity: 0.9 },
      encoding,
    },
  ] as Layers;
}

export interface StationWeightRow {
  readonly site: string;
  readonly date: string;
  readonly weight: 'W_ECV' | 'W_FY';
  readonly value: number;
}

/** Daily fusion weights at the station cells, already clipped to [−1, 1] (paper Fig. 7). */
export function stationWeightsSpec(rows: readonly StationWeightRow[]): TopLevelSpec {
  return {
    title: 'Fusion weights at the station cells (clipped to [−1, 1])',
    data: { values: rows as StationWeightRow[] },
    mark: { type: 'circle', size: 18 },
    width: WIDTH,
    height: 120,
    encoding: {
      row: {
        field: 'site',
        type: 'nominal',
        title: null,
        header: { labelAngle: 0, labelAlign: 'left', labelAnchor: 'start', labelOrient: 'top' },
      },
      x: MONTH_AXIS,
      y: { field: 'value', type: 'quantitative', title: 'weight', scale: { domain: [-1, 1] } },
      color: {
        field: 'weight',
        type: 'nominal',
        title: null,
        scale: { domain: ['W_ECV', 'W_FY'], range: [SERIES_COLORS.ecv, SERIES_COLORS.fy] },
      },
    },
  };
}

export interface ImportanceRow {
  readonly variable: string;
  readonly nrmsei: number;
}

/** NRMSEI per reference variable (paper eq. 2, Fig. 9). */
export function importanceSpec(rows: readonly ImportanceRow[]): TopLevelSpec {
  const y = { field: 'variable', type: 'nominal', title: null, sort: null } as const;
  return {
    title: 'Variable importance (NRMSEI)',
    width: 420,
    height: { step: 26 },
    data: { values: rows as ImportanceRow[] },
    layer: [
      {
        mark: { type: 'bar', color: SERIES_COLORS.fused },
        encoding: { y, x: { field: 'nrmsei', type: 'quantitative', title: 'NRMSEI', axis: { format: '.0%' } } },
      },
      {
        mark: { type: 'text', align: 'left', dx: 4 },
        encoding: { y, x: { field: 'nrmsei', type: 'quantitative' }, text: { field: 'nrmsei', type: 'quantitative', format: '.1%' } },
      },
    ],
  };
}

export interface SigmaRow {
  readonly model: string;
  readonly sigma: string;
  readonly windows: number;
}

/** How many windows chose each GRNN spread, per model; `sigmas` orders the axis. */
export function sigmaHistogramSpec(rows: readonly SigmaRow[], sigmas: readonly string[], models: readonly SeriesName[]): TopLevelSpec {
  return {
    title: 'Chosen GRNN spread σ',
    width: 420,
    height: 200,
    data: { values: rows as SigmaRow[] },
    mark: 'bar',
    encoding: {
      x: { field: 'sigma', type: 'ordinal', title: 'σ (features scaled to [0, 1])', sort: [...sigmas], axis: { labelAngle: 0 } },
      xOffset: { field: 'model', type: 'nominal', sort: [...models] },
      y: { field: 'windows', type: 'quantitative', title: 'windows' },
      color: colorEncoding('model', models, 'model'),
    },
  };
}

export interface AgreementValueRow {
  readonly product: SeriesName;
  readonly value: number;
}

/** Histogram of one value per pixel, binned within `extent` (values beyond it belong clamped to it). */
export function histogramSpec(
  title: string,
  axisTitle: string,
  rows: readonly { readonly value: number }[],
  extent: [number, number],
  axisFormat: string,
  width = 300,
) {
  return {
    title,
    data: { values: rows as { value: number }[] },
    width,
    height: 160,
    mark: 'bar',
    encoding: {
      x: { field: 'value', type: 'quantitative', bin: { maxbins: 30, extent }, title: axisTitle, axis: { format: axisFormat } },
      y: { aggregate: 'count', type: 'quantitative', title: 'pixels' },
    },
  } as const;
}

/** Histogram of a per-pixel agreement map (fused against each product), one panel per product. */
export function agreementHistogramSpec(
  title: string,
  axisTitle: string,
  rows: readonly AgreementValueRow[],
  extent: [number, number],
  axisFormat: string,
): TopLevelSpec {
  const spec = histogramSpec(title, axisTitle, rows, extent, axisFormat);
  return {
    ...spec,
    encoding: {
      column: { field: 'product', type: 'nominal', title: null, header: { labelExpr: "'fused vs ' + datum.value" } },
      ...spec.encoding,
      color: colorEncoding('product', ['ecv', 'fy'], 'product'),
    },
  };
}
