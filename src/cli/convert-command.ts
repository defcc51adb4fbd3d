import { Command, InvalidArgumentError, Option } from 'commander';
import { InputError } from '../errors.js';
import { RESAMPLINGS, type Resampling } from '../grid/regrid.js';
import { writeGeoTiff } from '../io/geotiff-write.js';
import { readProductStack } from '../io/product-stack.js';
import { PRODUCTS, type ProductName } from '../io/products/product.js';
import { createLogger } from '../log.js';
import { parseBBox, targetGrid } from './target-grid.js';

function positive(value: string): number {
  const n = Number(value);
  if (!(n > 0)) throw new InvalidArgumentError(`"${value}" is not a positive number`);
  return n;
}

/** `smfuse convert`: product files → one GeoTIFF stack on a target grid, a band per date. */
export function convertCommand(): Command {
  return new Command('convert')
    .description('read product files (NetCDF, HDF5, GeoTIFF) onto a target grid: one float32 GeoTIFF band per date, NaN = missing')
    .argument('<inputs...>', 'files, folders, or patterns like "cci/ESACCI-*-{YYYYMMDD}*.nc" (quote them)')
    .requiredOption('-o, --out <file>', 'output GeoTIFF')
    .option('--var <name>', 'variable (NetCDF name or HDF5 path); default: the product\'s soil moisture')
    .addOption(new Option('--product <name>', 'product reader').choices([...PRODUCTS, 'auto']).default('auto'))
    .option('--bbox <W,S,E,N>', 'target box in degrees (with --res); default the Tibetan Plateau box 70,25,105,40', parseBBox)
    .option('--res <deg>', 'target cell size in degrees (default 0.25)', positive)
    .option('--like <ref.tif>', 'take the target grid from this GeoTIFF')
    .addOption(new Option('--resampling <method>', 'nearest, bilinear (4 cells) or mean (area-weighted)').choices([...RESAMPLINGS]).default('nearest'))
    .addOption(new Option('--pass <am|pm>', 'SMAP overpass / FY-3B pass').choices(['am', 'pm']))
    .option('--all-quality', 'SMAP: keep retrievals that are not of recommended quality')
    .option('-q, --quiet', 'print nothing but errors')
    .action(async (inputs: string[], opts: Record<string, unknown>) => {
      const log = createLogger({ quiet: opts.quiet === true });
      const started = performance.now();
      const target = await targetGrid({ like: opts.like as string | undefined, bbox: opts.bbox as never, res: opts.res as number | undefined });
      const stack = await readProductStack(inputs, {
        product: opts.product as ProductName | 'auto',
        target,
        resampling: opts.resampling as Resampling,
        variable: opts.var as string | undefined,
        pass: opts.pass as 'am' | 'pm' | undefined,
        recommendedQuality: opts.allQuality !== true,
      });
      if (stack.dates.length === 0) throw new InputError(inputs.join(' '), 'no layer to convert');
      const out = opts.out as string;
      await writeGeoTiff(out, stack.data, {
        grid: stack.grid,
        bands: stack.dates.length,
        sampleType: 'float32',
        nodata: NaN,
        bandDescriptions: stack.dates.every((d) => d !== null) ? (stack.dates as string[]) : undefined,
        metadata: { units: stack.units, source_files: String(stack.files.length), resampling: opts.resampling as string },
      });
      log.info(`wrote ${out}: ${stack.dates.length} band(s), ${target.width}×${target.height} cells, ${stack.units || 'units as stored'}, from ${stack.files.length} file(s) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    });
}
