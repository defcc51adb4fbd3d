/** Report sections of a gridded BPANN/EnKF run (`smfuse bpann|enkf --config`): pixel status, metric maps, pooled series. */
import type { RasterStack } from '../io/geotiff-read.js';
import { histogramSpec, renderChart, SERIES_COLORS } from './charts.js';
import type { Figure } from './figure.js';
import type { ReportSection } from './html.js';
import { mapOf, robustMax } from './map-sections.js';
import { renderMap } from './maps.js';
import type { PixelGridRunRecord, OutputFolder } from './output-folder.js';
import { biasScale, correlationScale, fusionStatusScale, nseScale, rmseScale, type ContinuousScale } from './palettes.js';
import { siteSeriesSpec, type SiteSeriesRow } from './site-charts.js';
import { isContinuous } from './site-series.js';

type Folder = OutputFolder<PixelGridRunRecord>;

/** Longest edge of a metric map and width of its histogram, px. */
const METRIC_MAP_EDGE = 216;

/** The status map (flags.tif) and the pixel counts of run.json. */
export async function statusSection(folder: Folder): Promise<ReportSection> {
  const flags = await folder.raster('flags.tif');
  const { pixels } = folder.run;
  return {
    id: 'pixels',
    title: 'Pixels',
    notes: [
      'One network (BPANN) or filter (EnKF) per pixel with enough days that have every input and an observation; the other pixels are left nodata in fused.tif and in the metric maps.',
    ],
    figureRows: flags ? [[mapOf('status', 'Pixel status (flags.tif)', flags, flags.data, fusionStatusScale())]] : [],
    tables: [
      {
        caption: 'Pixels per status',
        columns: ['status', 'pixels'],
        rows: Object.entries(pixels ?? {}).map(([k, n]) => [k.replaceAll('_', ' '), String(n)]),
      },
    ],
  };
}

/** How a metric map is drawn: its colour scale and the histogram's range and tick format. */
interface MetricStyle {
  readonly title: string;
  readonly scale: ContinuousScale;
  readonly format: string;
}

function metricStyles(maps: Record<'r' | 'rmse' | 'bias' | 'nse', RasterStack>): Record<keyof typeof maps, MetricStyle> {
  const absBias = Float32Array.from(maps.bias.data, Math.abs);
  return {
    r: { title: 'R', scale: correlationScale(), format: '.1f' },
    rmse: { title: 'RMSE', scale: rmseScale(robustMax([maps.rmse.data], 0.1)), format: '.2f' },
    bias: { title: 'Bias', scale: biasScale(robustMax([absBias], 0.05)), format: '.2f' },
    nse: { title: 'NSE', scale: nseScale(), format: '.1f' },
  };
}

/** Per-pixel R, RMSE, bias and NSE of fused SM against the observations over each pixel's validation period, with histograms. */
export async function metricMapsSection(folder: Folder): Promise<ReportSection | null> {
  const [r, rmse, bias, nse] = await Promise.all(['r', 'rmse', 'bias', 'nse'].map((m) => folder.raster(`metric_${m}.tif`)));
  if (!r || !rmse || !bias || !nse) return null;
  const maps = { r, rmse, bias, nse };
  const styles = metricStyles(maps);
  const figures: Figure[] = [];
  const histograms: Figure[] = [];
  for (const [name, stack] of Object.entries(maps) as [keyof typeof maps, RasterStack][]) {
    const { title, scale, format } = styles[name];
    // A little smaller than the other maps, so that the four fit side by side.
    figures.push(
      renderMap({
        name: `metric_${name}`,
        title: `${title} of fused SM (validation)`,
        grid: stack.grid,
        values: stack.data,
        scale,
        maxEdge: METRIC_MAP_EDGE,
      }),
    );
    // Values beyond the colour bar count in its end bins, as the map shows them at its ends.
    const rows = Array.from(stack.data.filter(Number.isFinite), (v) => ({ value: Math.min(scale.max, Math.max(scale.min, v)) }));
    if (rows.length > 0)
      histograms.push(
        await renderChart(
          `metric_${name}_hist`,
          histogramSpec(`Per-pixel ${title}`, scale.label, rows, [scale.min, scale.max], format, METRIC_MAP_EDGE),
        ),
      );
  }
  return {
    id: 'metrics-maps',
    title: 'Fused SM against the observations, per pixel',
    notes: [
      'Over each pixel’s validation period (from its own split day) on the days with an observation; pixels not fused, or with fewer than 3 such days for R and NSE, are blank. The training period, pooled over the pixels, is in the Metrics tables beside the validation period.',
      'Values beyond a colour bar are shown at its end and counted in the histogram’s end bin: RMSE and |bias| above the bar’s maximum (about the 99th percentile), NSE below −1.',
    ],
    figureRows: [figures, histograms].filter((row) => row.length > 0),
  };
}

/** A daily series pooled over the fused pixels (spatialMeanSeries). */
export interface PooledSeries {
  readonly name: string;
  readonly values: Float64Array;
  readonly color: string;
}

/** The pooled daily series, the days every fused pixel validates on shaded when `validation` is known. */
export async function pooledSeriesSection(
  dates: readonly string[],
  series: readonly PooledSeries[],
  validation: { first: number; last: number } | null,
): Promise<ReportSection> {
  const rows: SiteSeriesRow[] = series.flatMap((s) =>
    dates.map((date, d) => ({ date, series: s.name, sm: Number.isFinite(s.values[d]) ? s.values[d] : null })),
  );
  const style = {
    colors: Object.fromEntries(series.map((s) => [s.name, s.color])),
    lines: series.filter((s) => isContinuous(s.values)).map((s) => s.name),
    validation: validation && { from: dates[validation.last], to: dates[dates.length - 1] },
  };
  const span =
    validation &&
    (validation.first === validation.last
      ? `all from ${dates[validation.first]}`
      : `from ${dates[validation.first]} to ${dates[validation.last]}`);
  return {
    id: 'series',
    title: 'Daily series over the fused pixels',
    notes: [
      'Each day, the mean of each series over the fused pixels that have a value that day (so a sparse series averages fewer pixels); sparse series are drawn as dots.',
      span
        ? `Shaded: the days in every fused pixel’s validation period (the pixels’ validation periods start ${span}).`
        : 'No shading: the split days could not be found (an input is not a GeoTIFF stack any more) or a pixel has no validation period.',
    ],
    figureRows: [[await renderChart('pooled_series', siteSeriesSpec('Mean over the fused pixels', rows, style))]],
  };
}

/** Colours of the pooled series, as in the site report: the two inputs as the GRNN report's two products. */
export const POOLED_COLORS = {
  obs: SERIES_COLORS.obs,
  smap: SERIES_COLORS.ecv,
  clm: SERIES_COLORS.fy,
  fused: SERIES_COLORS.fused,
} as const;
