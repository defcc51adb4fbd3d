/** Report sections made of maps: SM on the season days, coverage, fusion weight, agreement. */
import { FLAG_DESCRIPTIONS } from '../cube/flags.js';
import type { GridSpec } from '../grid/gridspec.js';
import type { RasterStack } from '../io/geotiff-read.js';
import {
  agreementHistogramSpec,
  coverageSeriesSpec,
  renderChart,
  type AgreementValueRow,
  type DailyCoverageRow,
  type SeriesName,
} from './charts.js';
import type { Figure } from './figure.js';
import { csvTable, fixed } from './csv-table.js';
import type { ReportSection } from './html.js';
import { renderMap } from './maps.js';
import { csvNumber, type OutputFolder } from './output-folder.js';
import { correlationScale, coverageScale, flagScale, rmseScale, soilMoistureScale, weightScale, type MapScale } from './palettes.js';
import { niceStep } from './ticks.js';

/** One day of a [day][row][col] stack, or null when the stack lacks that date. */
function dayPlane(stack: RasterStack, date: string): Float32Array | null {
  const d = stack.dates.indexOf(date);
  const plane = stack.grid.width * stack.grid.height;
  return d < 0 ? null : stack.data.subarray(d * plane, (d + 1) * plane);
}

/** A colour-scale maximum that ignores the top 1 % of values, rounded up to a round number. */
export function robustMax(planes: readonly ArrayLike<number>[], fallback: number): number {
  const values: number[] = [];
  for (const p of planes) for (let i = 0; i < p.length; i++) if (Number.isFinite(p[i])) values.push(p[i]);
  if (values.length === 0) return fallback;
  values.sort((a, b) => a - b);
  const q = values[Math.min(values.length - 1, Math.floor(0.99 * values.length))];
  if (!(q > 0)) return fallback;
  const step = niceStep(q / 5);
  return Math.ceil(q / step) * step;
}

export function mapOf(name: string, title: string, stack: RasterStack, values: ArrayLike<number>, scale: MapScale): Figure {
  return renderMap({ name, title, grid: stack.grid, values, scale });
}

export interface DayStacks {
  readonly fused: RasterStack;
  readonly ecv: RasterStack | null;
  readonly fy: RasterStack | null;
  readonly flags: RasterStack | null;
}

/** A stack drawn on each map day, e.g. fused SM or one of the products. */
export interface DayPanel {
  readonly key: string;
  readonly title: string;
  readonly stack: RasterStack | null;
}

/** The panels' maps on each day, one row per day, on one SM colour scale; days a stack lacks are left out. */
export function smDayMapRows(grid: GridSpec, panels: readonly DayPanel[], days: readonly string[]): Figure[][] {
  const planes = days.flatMap((day) => panels.map(({ key, title, stack }) => ({ day, key, title, plane: stack && dayPlane(stack, day) })));
  const scale = soilMoistureScale(
    robustMax(
      planes.map((p) => p.plane ?? []),
      0.5,
    ),
  );
  return days.map((day) =>
    planes
      .filter((p) => p.day === day && p.plane)
      .map(({ key, title, plane }) => renderMap({ name: `sm_${key}_${day}`, title: `${title}, ${day}`, grid, values: plane!, scale })),
  );
}

/** Fused SM beside ECV, FY and the flags, one row per day, on one SM colour scale. */
export function seasonMapsSection(stacks: DayStacks, days: readonly string[]): ReportSection | null {
  const panels = [
    { key: 'fused', title: 'Fused SM', stack: stacks.fused },
    { key: 'ecv', title: 'ECV', stack: stacks.ecv },
    { key: 'fy', title: 'FY', stack: stacks.fy },
  ];
  const figureRows = smDayMapRows(stacks.fused.grid, panels, days).map((row, i) => {
    const flags = stacks.flags && dayPlane(stacks.flags, days[i]);
    return flags
      ? [
          ...row,
          renderMap({ name: `flags_${days[i]}`, title: `Flags, ${days[i]}`, grid: stacks.fused.grid, values: flags, scale: flagScale() }),
        ]
      : row;
  });
  if (figureRows.every((r) => r.length === 0)) return null;
  return {
    id: 'maps',
    title: 'Soil moisture on one day per season',
    notes: [
      'Fused SM beside the two products and the flags of the fused series, on one SM colour scale. For each season, the day within a week of the 15th of January, April, July and October with the most fused coverage.',
      `Flags: ${Object.entries(FLAG_DESCRIPTIONS)
        .map(([code, text]) => `${code} ${text}`)
        .join('; ')}.`,
    ],
    figureRows,
  };
}

const COVERAGE_SERIES: readonly SeriesName[] = ['ecv', 'fy', 'union', 'fused'];

/** Daily coverage series and the per-pixel share of days with a value of each product and of fused SM. */
export async function coverageSection(folder: OutputFolder): Promise<ReportSection | null> {
  const figures: Figure[] = [];
  for (const product of COVERAGE_SERIES) {
    const stack = await folder.raster(`coverage_${product}.tif`);
    if (stack) figures.push(mapOf(`coverage_${product}`, `Coverage: ${product}`, stack, stack.data, coverageScale()));
  }
  const daily = await folder.csv('coverage_daily.csv');
  const rows: DailyCoverageRow[] = (daily ?? []).flatMap((r) =>
    COVERAGE_SERIES.map((product) => ({ date: r.date, product, coverage: csvNumber(r[product]) })),
  );
  const chart = daily ? [await renderChart('coverage_daily', coverageSeriesSpec(rows, COVERAGE_SERIES))] : [];
  if (figures.length + chart.length === 0) return null;
  return {
    id: 'coverage',
    title: 'Coverage',
    notes: ['Share of days with a value per pixel (the domain is the cells with a DEM; frozen days count as days).'],
    figureRows: [chart, figures].filter((r) => r.length > 0),
  };
}

/** The map of the mean daily W_ECV in [0, 1] (paper Fig. 8). */
export async function weightMapFigure(folder: OutputFolder): Promise<Figure | null> {
  const stack = await folder.raster('weight_ecv.tif');
  return stack && mapOf('weight_ecv', 'Fusion weight of ECV', stack, stack.data, weightScale());
}

/** Per-pixel R and RMSE of fused SM against each product, with their histograms (paper Fig. 5). */
export async function agreementSection(folder: OutputFolder): Promise<ReportSection | null> {
  const r = { ecv: await folder.raster('agreement_r_ecv.tif'), fy: await folder.raster('agreement_r_fy.tif') };
  const rmse = { ecv: await folder.raster('agreement_rmse_ecv.tif'), fy: await folder.raster('agreement_rmse_fy.tif') };
  const rmseMax = robustMax([rmse.ecv?.data ?? [], rmse.fy?.data ?? []], 0.1);
  const maps: Figure[] = [];
  const rRows: AgreementValueRow[] = [];
  const rmseRows: AgreementValueRow[] = [];
  for (const product of ['ecv', 'fy'] as const) {
    const rs = r[product];
    const es = rmse[product];
    if (rs) maps.push(mapOf(`agreement_r_${product}`, `R of fused vs ${product}`, rs, rs.data, correlationScale()));
    if (es) maps.push(mapOf(`agreement_rmse_${product}`, `RMSE of fused vs ${product}`, es, es.data, rmseScale(rmseMax)));
    for (const v of rs?.data ?? []) if (Number.isFinite(v)) rRows.push({ product, value: v });
    for (const v of es?.data ?? []) if (Number.isFinite(v)) rmseRows.push({ product, value: Math.min(v, rmseMax) });
  }
  if (maps.length === 0) return null;
  const histograms: Figure[] = [];
  if (rRows.length > 0)
    histograms.push(
      await renderChart(
        'agreement_r_hist',
        agreementHistogramSpec('Per-pixel R of fused SM against each product', 'R', rRows, [-1, 1], '.1f'),
      ),
    );
  if (rmseRows.length > 0) {
    const spec = agreementHistogramSpec('Per-pixel RMSE of fused SM against each product', 'RMSE (m³/m³)', rmseRows, [0, rmseMax], '.2f');
    histograms.push(await renderChart('agreement_rmse_hist', spec));
  }
  return {
    id: 'agreement',
    title: 'Agreement of fused SM with each product',
    notes: [
      'Over the days where both fused SM and the product have a value; pixels with fewer days are blank. RMSE above the colour-bar maximum is shown at the maximum.',
    ],
    figureRows: [maps, histograms].filter((row) => row.length > 0),
  };
}

/**
/** What GRNN's fused_sd is (the default description of the uncertainty section). */
const GRNN_SD_METHOD = `Per pixel-day standard uncertainty (fused_sd.tif; ecv_rec_sd.tif and fy_rec_sd.tif for the reconstructions): the local held-out error of the window's GRNN, √(Σ w·r² / Σ w) with w the pixel-day's GRNN weights and r each training sample's residual when its subset was held out in model selection. Large where the window's samples near that pixel-day were badly predicted when held out: sparse or unusual conditions.`;

/**
 * Maps of the fused SM's sd (fused_sd.tif) on the season days, on one colour scale, and
 * with a truth the calibration figures (truth_uncertainty.csv): fused by month, every
 * series over the year.
 */
export async function uncertaintySection(
  folder: OutputFolder<unknown>,
  days: readonly string[],
  method = GRNN_SD_METHOD,
): Promise<ReportSection | null> {
  const sd = await folder.raster('fused_sd.tif');
  if (!sd) return null;
  const planes = days.map((day) => ({ day, plane: dayPlane(sd, day) }));
  const scale = {
    ...rmseScale(
      robustMax(
        planes.map((p) => p.plane ?? []),
        0.1,
      ),
    ),
    label: 'sd (m³/m³)',
  };
  const maps = planes.flatMap(({ day, plane }) => (plane ? [mapOf(`sd_fused_${day}`, `sd of fused SM, ${day}`, sd, plane, scale)] : []));
  const checks = await folder.csv('truth_uncertainty.csv');
  const rows = checks?.filter((r) => r.product === 'fused' || r.period === 'all') ?? [];
  return {
    id: 'uncertainty',
    title: 'Uncertainty of fused SM',
    notes: [
      method,
      ...(checks
        ? [
            'Against the known truth: coverage95 is the share of pixel-days whose truth lies inside value ± 1.96·sd (0.95 for a calibrated sd); corr_sd_abs_error the correlation of sd with |value − truth|.',
          ]
        : []),
    ],
    figureRows: maps.length > 0 ? [maps] : [],
    tables: checks
      ? [
          csvTable('sd against the truth', rows, ['product', 'period', 'n', 'coverage95', 'corr_sd_abs_error', 'rms_sd', 'rmse'], {
            coverage95: fixed(3),
            corr_sd_abs_error: fixed(3),
            rms_sd: fixed(4),
            rmse: fixed(4),
          }),
        ]
      : [],
  };
}
