/** The report page of a gridded BPANN/EnKF run (`smfuse bpann|enkf --config`): maps, pooled series and tables. */
import { InputError } from '../../core/errors.js';
import type { RasterStack } from '../io/geotiff-read.js';
import type { Logger } from '../log.js';
import { PixelStatus } from '../methods/pixel-cube.js';
import { metricMapsSection, pooledSeriesSection, POOLED_COLORS, statusSection, type PooledSeries } from './pixel-grid-sections.js';
import type { ReportPage, ReportSection } from './html.js';
import { readInputStack } from './input-stacks.js';
import { smDayMapRows, uncertaintySection } from './map-sections.js';

/** What fused_sd.tif of each gridded method is. */
const GRID_SD_METHOD = {
  bpann:
    "Per pixel-day spread of the BPANN ensemble (fused_sd.tif): the sample sd of the kept members' outputs (none with members: 1). Against synthetic truths it is under-dispersed (fused ± 1.96·sd holds the truth on 55–72 % of pixel-days, not 95 %): read it as relative confidence between pixel-days, not as an interval.",
  enkf: 'Per pixel-day spread of the EnKF ensemble (fused_sd.tif): the sd over members of H·τ, state noise since the last analysis included. Against synthetic truths it is under-dispersed (fused ± 1.96·sd holds the truth on 34–46 % of pixel-days, not 95 %): read it as relative confidence between pixel-days, not as an interval.',
} as const;
import type { PixelGridRunRecord, OutputFolder } from './output-folder.js';
import { splitDayRange, spatialMeanSeries } from './pooled-series.js';
import { checkDays, seasonDays } from './season-days.js';
import { improvementSection, metricsSection } from './site-sections.js';
import { runSection } from './table-sections.js';

type Folder = OutputFolder<PixelGridRunRecord>;
type InputKey = 'smap' | 'clm' | 'lst' | 'obs';

export async function pixelGridReportPage(folder: Folder, log: Logger, requestedDays?: readonly string[]): Promise<ReportPage> {
  const { run } = folder;
  const fused = await folder.raster('fused.tif');
  if (!fused) throw new InputError(`${folder.dir}/fused.tif`, 'is missing: the gridded run did not finish');
  const flags = await folder.raster('flags.tif');
  const dates = fused.dates.filter((d): d is string => d !== null);
  const days = requestedDays ?? seasonDays(dates, dailyCoverage(fused));
  checkDays(days, dates);
  const inputs = {} as Record<InputKey, RasterStack | null>;
  for (const key of ['smap', 'clm', 'lst', 'obs'] as const) inputs[key] = await readInputStack(folder, key, log);
  const mask = Uint8Array.from(flags?.data ?? [], (s) => (s === PixelStatus.FUSED ? 1 : 0));

  const sections: ReportSection[] = [await statusSection(folder)];
  const add = (section: ReportSection | null) => section && sections.push(section);
  add(seasonSection(fused, inputs, days));
  add(await uncertaintySection(folder, days, GRID_SD_METHOD[run.command]));
  add(await metricMapsSection(folder));
  if (flags) {
    const series: PooledSeries[] = [
      { name: 'obs', values: inputs.obs, color: POOLED_COLORS.obs },
      { name: 'smap', values: inputs.smap, color: POOLED_COLORS.smap },
      { name: 'clm', values: inputs.clm, color: POOLED_COLORS.clm },
      { name: `fused_${run.command}`, values: fused, color: POOLED_COLORS.fused },
    ].flatMap((s) => (s.values ? [{ ...s, values: spatialMeanSeries(s.values, dates, mask) }] : []));
    add(await pooledSeriesSection(dates, series, validationDays(folder, inputs, dates, mask)));
  }
  add(
    await metricsSection(
      folder,
      'on the pixel-days where both have a value, pooled over the fused pixels, each split into periods at its own day',
    ),
  );
  add(await improvementSection(folder));
  add(runSection(folder));
  return {
    title: `smfuse ${run.command} ${run.config.year} (grid)`,
    subtitle: `${run.grid.width} × ${run.grid.height} cells, ${run.pixels?.fused ?? '?'} fused · backend ${run.backend} · smfuse ${run.smfuse}`,
    sections,
  };
}

/** Share of the grid's pixels with fused SM, per band: picks the best covered season days. */
function dailyCoverage(fused: RasterStack): Float64Array {
  const plane = fused.grid.width * fused.grid.height;
  const shares = new Float64Array(fused.bands);
  for (let b = 0; b < fused.bands; b++) {
    let n = 0;
    for (let o = b * plane; o < (b + 1) * plane; o++) if (Number.isFinite(fused.data[o])) n++;
    shares[b] = n / plane;
  }
  return shares;
}

function seasonSection(fused: RasterStack, inputs: Record<InputKey, RasterStack | null>, days: readonly string[]): ReportSection | null {
  const panels = [
    { key: 'fused', title: 'Fused SM', stack: fused },
    { key: 'smap', title: 'SMAP', stack: inputs.smap },
    { key: 'clm', title: 'CLM', stack: inputs.clm },
  ];
  const figureRows = smDayMapRows(fused.grid, panels, days);
  if (figureRows.every((r) => r.length === 0)) return null;
  const missing = panels.filter((p) => !p.stack).map((p) => p.title);
  return {
    id: 'maps',
    title: 'Soil moisture on one day per season',
    notes: [
      'Fused SM beside the SMAP and CLM inputs of the day, on one SM colour scale. For each season, the day within a week of the 15th of January, April, July and October with the most fused pixels.',
      ...(missing.length > 0
        ? [
            `${missing.join(' and ')} not drawn: the input recorded in run.json is gone or is not one GeoTIFF stack (product files are read through their readers and not kept).`,
          ]
        : []),
    ],
    figureRows,
  };
}

/** The fused pixels' split days from the four inputs, or null when one of them cannot be read as a stack on the fused dates. */
function validationDays(
  folder: Folder,
  inputs: Record<InputKey, RasterStack | null>,
  dates: readonly string[],
  mask: Uint8Array,
): { first: number; last: number } | null {
  const { run } = folder;
  const options = run.config[run.command] as { split?: unknown; trainFraction?: unknown } | undefined;
  // EnKF records the split as `split`, BPANN as the option `trainFraction`.
  const fraction = run.command === 'enkf' ? options?.split : options?.trainFraction;
  const { smap, clm, lst, obs } = inputs;
  const sameDates = (s: RasterStack | null): s is RasterStack =>
    s !== null && s.dates.length === dates.length && s.dates.every((d, i) => d === dates[i]);
  if (typeof fraction !== 'number' || !sameDates(smap) || !sameDates(clm) || !sameDates(lst) || !sameDates(obs)) return null;
  return splitDayRange(
    { days: dates.length, pixels: mask.length, smap: smap.data, clm: clm.data, lst: lst.data, obs: obs.data },
    mask,
    fraction,
  );
}
