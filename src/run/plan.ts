/**
 * `smfuse plan CONFIG`: what a GRNN or gridded BPANN/EnKF configuration resolves to,
 * without fusing. Each input is read and checked exactly as the run would read it (same
 * readers, regridding and input contracts), then summarised: the files behind it, the
 * product, native grid and units of its first file, the days it has data for, and its gaps.
 * For GRNN the reference data's gaps are counted as the pixel-days the run will flag
 * reference-missing (no prediction there).
 */
import { basename } from 'node:path';
import type { PixelMethodConfig } from '../config/pixel-method-config.js';
import { stackPath, type GrnnConfig, type GrnnInput } from '../config/grnn-config.js';
import { referenceStatus } from '../cube/masks.js';
import { referenceGaps, type ReferenceGaps } from '../cube/reference-gaps.js';
import { crsName } from '../grid/crs.js';
import type { GridSpec } from '../grid/gridspec.js';
import { loadGrnnInputs } from '../io/load-grnn-inputs.js';
import { openProduct } from '../io/products/open-product.js';
import type { Logger } from '../log.js';
import { loadPixelGridInputs } from './pixel-grid/inputs.js';

export interface InputPlan {
  readonly key: string;
  /** A GeoTIFF stack on the target grid, or a product read and regridded onto it. */
  readonly kind: 'stack' | 'product' | 'stations';
  readonly path: string;
  readonly files: number;
  readonly firstFile: string | null;
  /** Products: what the first file is, as its reader sees it. */
  readonly product?: {
    name: string;
    variable: string;
    nativeGrid: string;
    units: string;
    period?: string;
    resampling: string;
    compositeDays?: number;
  };
  readonly scale?: number;
  readonly offset?: number;
  /** Daily inputs: days of the year with at least one valid cell, and the runs of days with none. */
  readonly daysWithData?: number;
  readonly days?: number;
  readonly emptyDays?: string[];
  /** Valid share of the cell-days (static inputs: of the cells). */
  readonly validShare: number;
}

export interface RunPlan {
  readonly command: 'grnn' | 'bpann|enkf';
  readonly year: number;
  readonly grid: { width: number; height: number; bbox: [number, number, number, number]; res: number; crs: string };
  readonly inputs: InputPlan[];
  /** GRNN: what the reference data leave out. */
  readonly reference?: ReferenceGaps;
}

export async function planGrnn(config: GrnnConfig, log: Logger): Promise<RunPlan> {
  const inputs = await loadGrnnInputs(config.inputs, config.year, config.grid, log);
  const daily = { ecv: inputs.ecv, fy: inputs.fy, lst: inputs.lst, ndvi: inputs.ndvi, albedo: inputs.albedo };
  const plans: InputPlan[] = [];
  for (const [key, data] of Object.entries(daily))
    plans.push(await inputPlan(key, config.inputs[key as keyof typeof daily], inputs.sources[key], data, inputs.grid, inputs.dates));
  if (config.inputs.frozen && inputs.frozen)
    plans.push(await inputPlan('frozen', config.inputs.frozen, inputs.sources.frozen, inputs.frozen, inputs.grid, inputs.dates));
  plans.push(await inputPlan('dem', config.inputs.dem, inputs.sources.dem, inputs.dem, inputs.grid, null));
  return {
    command: 'grnn',
    year: config.year,
    grid: gridSummary(inputs.grid),
    inputs: plans,
    reference: referenceGaps(referenceStatus(inputs), inputs.dem, inputs.days),
  };
}

export async function planPixelGrid(config: PixelMethodConfig, log: Logger): Promise<RunPlan> {
  const inputs = await loadPixelGridInputs(config, log);
  const plans: InputPlan[] = [];
  for (const key of ['smap', 'clm', 'lst'] as const)
    plans.push(await inputPlan(key, config.inputs[key], inputs.sources[key], inputs.cube[key], inputs.grid, inputs.dates));
  const obs = config.inputs.obs;
  const obsInput: GrnnInput | null = typeof obs === 'string' || !('stations' in obs) ? obs : null;
  plans.push(
    obsInput
      ? await inputPlan('obs', obsInput, inputs.sources.obs, inputs.cube.obs, inputs.grid, inputs.dates)
      : {
          ...dailyCoverage(inputs.cube.obs, inputs.grid, inputs.dates),
          key: 'obs',
          kind: 'stations',
          path: (obs as { stations: { path: string } }).stations.path,
          files: inputs.sources.obs.length,
          firstFile: inputs.sources.obs[0] ?? null,
        },
  );
  return { command: 'bpann|enkf', year: config.year, grid: gridSummary(inputs.grid), inputs: plans };
}

async function inputPlan(
  key: string,
  input: GrnnInput,
  sources: string[],
  data: Float32Array,
  grid: GridSpec,
  dates: readonly string[] | null,
): Promise<InputPlan> {
  const rescale = typeof input === 'string' ? {} : { scale: input.scale, offset: input.offset };
  const coverage = dates ? dailyCoverage(data, grid, dates) : { validShare: validShare(data) };
  const common = { key, files: sources.length, firstFile: sources[0] ?? null, ...rescale, ...coverage };
  const stack = stackPath(input);
  if (stack !== null || typeof input === 'string' || !('product' in input))
    return { ...common, kind: 'stack', path: stack ?? String(input) };
  const product = sources[0] ? await productSummary(sources[0], input) : undefined;
  return { ...common, kind: 'product', path: input.path, ...(product && { product }) };
}

async function productSummary(file: string, input: Extract<GrnnInput, { product: string }>): Promise<InputPlan['product']> {
  const p = await openProduct(file, input.product, {
    variable: input.var,
    pass: input.pass,
    recommendedQuality: input.allQuality !== true,
  });
  try {
    const g = p.grid;
    return {
      name: p.product,
      variable: p.variable,
      nativeGrid: `${g.width}×${g.height} cells of ${+g.resX.toPrecision(10)}, ${crsName(g.epsg)}`,
      units: p.units || '(as stored)',
      ...(p.period && { period: p.period }),
      resampling: input.resampling ?? 'nearest',
      ...(input.compositeDays && { compositeDays: input.compositeDays }),
    };
  } finally {
    p.close();
  }
}

function dailyCoverage(
  data: Float32Array,
  grid: GridSpec,
  dates: readonly string[],
): Pick<InputPlan, 'daysWithData' | 'days' | 'emptyDays' | 'validShare'> {
  const plane = grid.width * grid.height;
  const empty: boolean[] = [];
  for (let d = 0; d < dates.length; d++) {
    let any = false;
    for (let c = d * plane; c < (d + 1) * plane && !any; c++) any = data[c] === data[c];
    empty.push(!any);
  }
  return {
    days: dates.length,
    daysWithData: empty.filter((e) => !e).length,
    emptyDays: dayRuns(dates, empty),
    validShare: validShare(data),
  };
}

function validShare(data: Float32Array): number {
  let n = 0;
  for (let i = 0; i < data.length; i++) if (data[i] === data[i]) n++;
  return data.length === 0 ? 0 : n / data.length;
}

/** Runs of flagged days as "first…last" (or one date). */
function dayRuns(dates: readonly string[], flagged: readonly boolean[]): string[] {
  const runs: string[] = [];
  for (let d = 0; d < dates.length; d++) {
    if (!flagged[d]) continue;
    let e = d;
    while (e + 1 < dates.length && flagged[e + 1]) e++;
    runs.push(e === d ? dates[d] : `${dates[d]}…${dates[e]}`);
    d = e;
  }
  return runs;
}

function gridSummary(g: GridSpec): RunPlan['grid'] {
  const round = (v: number) => +v.toPrecision(12);
  return {
    width: g.width,
    height: g.height,
    bbox: [round(g.originX), round(g.originY - g.height * g.resY), round(g.originX + g.width * g.resX), round(g.originY)],
    res: round(g.resX),
    crs: crsName(g.epsg),
  };
}

/** The plan as a person reads it. */
export function formatPlan(plan: RunPlan): string {
  const pct = (v: number) => `${(100 * v).toFixed(1)} %`;
  const g = plan.grid;
  const lines = [
    `smfuse ${plan.command}, year ${plan.year}: target grid ${g.width}×${g.height} cells of ${g.res}, ${g.crs}, bbox ${g.bbox.join(',')}`,
  ];
  for (const i of plan.inputs) {
    const source =
      i.kind === 'stack'
        ? `GeoTIFF stack ${i.path}`
        : i.kind === 'stations'
          ? `stations ${i.path} (${i.files} file${i.files === 1 ? '' : 's'})`
          : `${i.product?.name ?? 'product'} from ${i.files} file${i.files === 1 ? '' : 's'} (${i.path}; first ${i.firstFile ? basename(i.firstFile) : 'none'})`;
    lines.push(`${i.key}: ${source}`);
    if (i.product) {
      const p = i.product;
      lines.push(
        `  variable ${p.variable}, ${p.units}${p.period ? `, each layer ${p.period}` : ''}; native grid ${p.nativeGrid}; resampling ${p.resampling}${p.compositeDays ? `; ${p.compositeDays}-day composites interpolated to daily` : ''}`,
      );
    }
    if (i.scale !== undefined || i.offset !== undefined) lines.push(`  converted at load: value × ${i.scale ?? 1} + ${i.offset ?? 0}`);
    if (i.days !== undefined) {
      const gaps = i.validShare === 1 ? 'gap-free' : `valid on ${pct(i.validShare)} of the cell-days`;
      lines.push(
        `  ${i.daysWithData} of ${i.days} days with data, ${gaps}${i.emptyDays && i.emptyDays.length > 0 ? `; days without any: ${i.emptyDays.join(', ')}` : ''}`,
      );
    } else lines.push(`  static, valid on ${pct(i.validShare)} of the cells`);
  }
  const r = plan.reference;
  if (r) {
    lines.push(
      r.missingPixelDays === 0
        ? `reference data (LST, NDVI, albedo, DEM): gap-free over the domain; ${pct(r.frozenPixelDays / r.pixelDays)} of its pixel-days frozen or snow (flag 10, no prediction)`
        : `reference data: ${r.missingPixelDays} pixel-days (${pct(r.missingPixelDays / r.pixelDays)} of the domain's, on ${r.daysWithMissing} days) will be flagged reference-missing (flag 11, no prediction); ${pct(r.frozenPixelDays / r.pixelDays)} frozen or snow (flag 10)`,
    );
  }
  return `${lines.join('\n')}\n`;
}
