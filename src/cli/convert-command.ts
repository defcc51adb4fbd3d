import { Command, InvalidArgumentError, Option } from 'commander';
import { datesOfYear } from '../cube/dates.js';
import { ConfigError, InputError } from '../../core/errors.js';
import { gridBBox } from '../grid/gridspec.js';
import { RESAMPLINGS, type Resampling } from '../grid/regrid.js';
import { writeGeoTiff } from '../io/geotiff-write.js';
import { compositeSpan, compositesToDaily, MODIS_COMPOSITE_DAYS } from '../io/composites-to-daily.js';
import { readProductStack, type ProductStack } from '../io/product-stack.js';
import { PRODUCTS, type ProductName } from '../config/product-names.js';
import type { Logger } from '../log.js';
import { addLogOptions, loggerFromOptions } from './log-options.js';
import { parseBBox, targetGrid } from './target-grid.js';
import { commandDescription } from './command-table.js';

function positive(value: string): number {
  const n = Number(value);
  if (!(n > 0)) throw new InvalidArgumentError(`"${value}" is not a positive number`);
  return n;
}

function wholeNumber(value: string): number {
  const n = Number(value);
  if (!(Number.isInteger(n) && n > 0)) throw new InvalidArgumentError(`"${value}" is not a whole number > 0`);
  return n;
}

/**
 * The composites of `stack` (dated by their first days) interpolated to every day of
 * `year`, or else to every day the composites cover.
 */
function interpolateDaily(stack: ProductStack, source: string, periodDays: number, year: number | undefined): ProductStack {
  if (stack.dates.includes(null))
    throw new InputError(source, 'a composite has no date (band description YYYY-MM-DD or a date in the file name)');
  const dates = stack.dates as string[];
  const days = year === undefined ? compositeSpan(dates, periodDays) : datesOfYear(year);
  const daily = compositesToDaily({ grid: stack.grid, dates, data: stack.data }, days, source, periodDays);
  return { ...stack, dates: days, data: daily.data };
}

function validPercent(data: Float32Array): string {
  let valid = 0;
  for (let i = 0; i < data.length; i++) if (data[i] === data[i]) valid++;
  return ((100 * valid) / data.length).toFixed(1);
}

/**
 * A file whose grid misses the target grid adds nothing: said with the count, and the
 * target box beside the first such file, so a wrong --bbox or a file of another region is
 * not an all-NaN output with exit 0 and no word.
 */
function warnCoverage(stack: ProductStack, log: Logger): void {
  if (stack.outside.length === 0) return;
  const { west, south, east, north } = gridBBox(stack.grid);
  log.warn(
    'INPUT_OUTSIDE_GRID',
    `${stack.outside.length} of ${stack.files.length} file(s) reach no cell of the target grid (${stack.grid.epsg === 4326 ? `${west}…${east}° E, ${south}…${north}° N` : `x ${west}…${east}, y ${south}…${north} in EPSG:${stack.grid.epsg}`}), e.g. ${stack.outside[0]}: nothing of them is in the output (another region, or check --bbox / --like)`,
    stack.outside.length,
  );
}

/** `smfuse convert`: product files → one GeoTIFF stack on a target grid, a band per date. */
export function convertCommand(): Command {
  const cmd = new Command('convert')
    .description(commandDescription('convert'))
    .argument('<inputs...>', 'files, folders, or patterns like "cci/ESACCI-*-{YYYYMMDD}*.nc" (quote them)')
    .requiredOption('-o, --out <file>', 'output GeoTIFF')
    .option('--var <name>', "variable (NetCDF name or HDF5 path); default: the product's soil moisture")
    .addOption(new Option('--product <name>', 'product reader').choices([...PRODUCTS, 'auto']).default('auto'))
    .option('--bbox <W,S,E,N>', 'target box in degrees (with --res); default the Tibetan Plateau box 70,25,105,40', parseBBox)
    .option('--res <deg>', 'target cell size in degrees (default 0.25)', positive)
    .option('--like <ref.tif>', 'take the target grid from this GeoTIFF')
    .addOption(
      new Option('--resampling <method>', 'nearest, bilinear (4 cells) or mean (area-weighted)')
        .choices([...RESAMPLINGS])
        .default('nearest'),
    )
    .addOption(new Option('--pass <am|pm>', 'SMAP overpass / FY-3B pass').choices(['am', 'pm']))
    .option('--all-quality', 'SMAP: keep retrievals that are not of recommended quality')
    .option('--year <year>', 'one band per day of this year (days without data all NaN)', wholeNumber)
    .option(
      '--interpolate-daily',
      'inputs are multi-day composites dated by their first day (MODIS 16-day NDVI): interpolate linearly between composite centres to daily bands',
    )
    .option('--composite-days <n>', `days per composite with --interpolate-daily (default ${MODIS_COMPOSITE_DAYS})`, wholeNumber)
    .option('--overviews', 'add internal overviews (cloud-optimized GeoTIFF layout; 2× means of the valid cells)')
    .option(
      '--allow-periods',
      "take layers that stand for more than a day (monthly or dekadal C3S, SMOS 3-day/10-day/monthly), each dated by its period's first day",
    );
  return addLogOptions(cmd).action(async (inputs: string[], opts: Record<string, unknown>) => {
    const log = loggerFromOptions(opts);
    const started = performance.now();
    const target = await targetGrid({
      like: opts.like as string | undefined,
      bbox: opts.bbox as never,
      res: opts.res as number | undefined,
    });
    const year = opts.year as number | undefined;
    const interpolate = opts.interpolateDaily === true;
    if (opts.compositeDays !== undefined && !interpolate) throw new ConfigError('--composite-days goes with --interpolate-daily');
    const read = await readProductStack(inputs, {
      product: opts.product as ProductName | 'auto',
      target,
      resampling: opts.resampling as Resampling,
      variable: opts.var as string | undefined,
      pass: opts.pass as 'am' | 'pm' | undefined,
      recommendedQuality: opts.allQuality !== true,
      allowPeriods: opts.allowPeriods === true || interpolate,
      log,
      // composites just before the year still shape its first days
      dates: year === undefined || interpolate ? undefined : datesOfYear(year),
    });
    if (read.files.length === 0 || read.dates.length === 0) throw new InputError(inputs.join(' '), 'no layer to convert');
    const stack = interpolate
      ? interpolateDaily(read, inputs.join(' '), (opts.compositeDays as number | undefined) ?? MODIS_COMPOSITE_DAYS, year)
      : read;
    warnCoverage(stack, log);
    const out = opts.out as string;
    await writeGeoTiff(out, stack.data, {
      grid: stack.grid,
      bands: stack.dates.length,
      sampleType: 'float32',
      nodata: NaN,
      overviews: opts.overviews === true,
      bandDescriptions: stack.dates.every((d) => d !== null) ? (stack.dates as string[]) : undefined,
      metadata: { units: stack.units, source_files: String(stack.files.length), resampling: opts.resampling as string },
    });
    log.info(
      `wrote ${out}: ${stack.dates.length} band(s), ${target.width}×${target.height} cells, ${stack.units || 'units as stored'}, ${validPercent(stack.data)} % of cell-days valid, from ${stack.files.length} file(s) in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
  });
}
