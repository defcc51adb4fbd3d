import { FLAG, FLAG_DESCRIPTIONS } from '../../cube/flags.js';
import { nullOutOfRange, warnOutOfRange } from '../../cube/physical-range.js';
import type { Logger } from '../../log.js';
import { formatCsv } from '../../io/csv.js';
import { writeGeoTiff } from '../../io/geotiff-write.js';
import { writeNetcdf, type NetcdfVariable } from '../../io/netcdf-write.js';
import {
  flagAttributes,
  rasterName,
  runGlobalAttributes,
  SM_STANDARD_NAME,
  writesGeoTiff,
  writesNetcdf,
  type RasterOutput,
} from '../../io/netcdf-write-run.js';
import type { Staging } from '../../io/staging.js';
import { cellCenterLat, cellCenterLon, type GridSpec } from '../../grid/gridspec.js';
import type { GrnnResult, WindowReport } from '../../methods/grnn/fuse.js';
import type { GrnnProducts } from './products.js';
import { truthValidationCsv, VALIDATION_COLUMNS, validationCells } from '../../products/validate.js';

const SM_UNITS = 'm3 m-3';

type Write = () => Promise<unknown>;

/**
 * The physical-range rule on GRNN's fused series, in place: pixel-days outside
 * [0, maxSm] become NaN with flag 13 (FLAG.OUT_OF_RANGE), warned as FUSED_OUT_OF_RANGE.
 * Returns the fused values as predicted (fused_raw.tif), or null when all were in range.
 */
export function nullGrnnOutOfRange(result: GrnnResult, maxSm: number, log: Logger): Float32Array | null {
  const fused = result.predictions.fused;
  const check = nullOutOfRange(fused, maxSm);
  if (!check.raw) return null;
  for (let i = 0; i < fused.length; i++) if (Number.isNaN(fused[i]) && !Number.isNaN(check.raw[i])) result.flags[i] = FLAG.OUT_OF_RANGE;
  warnOutOfRange(log, check, maxSm, 'pixel-days', 'fused_raw.tif (flag 13 in flags.tif)');
  return check.raw;
}

/**
 * Writes every GRNN output file (README "Outputs") into the staging folder, reporting
 * each file written; fused_raw.tif only when `fusedRaw` is given (nullGrnnOutOfRange).
 * `output.format` picks the rasters: the GeoTIFFs, one fused.nc holding them all, or both.
 */
export async function writeGrnnOutputs(
  staging: Staging,
  grid: GridSpec,
  dates: readonly string[],
  result: GrnnResult,
  products: GrnnProducts,
  fusedRaw: Float32Array | null,
  output: RasterOutput,
  onWritten?: (done: number, total: number) => void,
): Promise<void> {
  // Listed first, so that progress knows the total.
  const writes = outputWrites(staging, grid, dates, result, products, fusedRaw, output);
  for (const [i, write] of writes.entries()) {
    await write();
    onWritten?.(i + 1, writes.length);
  }
}

function outputWrites(
  staging: Staging,
  grid: GridSpec,
  dates: readonly string[],
  result: GrnnResult,
  products: GrnnProducts,
  fusedRaw: Float32Array | null,
  output: RasterOutput,
): Write[] {
  const tifs = writesGeoTiff(output.format);
  // every raster also becomes a variable of fused.nc (written last), named as its GeoTIFF
  const nc: NetcdfVariable[] = [];
  const raster = (variable: NetcdfVariable, tif: Write): Promise<unknown> => {
    nc.push(variable);
    return tifs ? tif() : Promise.resolve();
  };
  const daily = (name: string, data: Float32Array, what: string, standardName = SM_STANDARD_NAME) =>
    raster({ name: rasterName(name), data, daily: true, attrs: { long_name: what, standard_name: standardName, units: SM_UNITS } }, () =>
      writeGeoTiff(staging.path(name), data, {
        grid,
        bands: dates.length,
        sampleType: 'float32',
        nodata: NaN,
        bandDescriptions: dates,
        metadata: { product: what, units: SM_UNITS, producer: 'smfuse' },
      }),
    );
  const map = (name: string, data: Float32Array, what: string, units: string) =>
    raster({ name: rasterName(name), data, daily: false, attrs: { long_name: what, units } }, () =>
      writeGeoTiff(staging.path(name), data, {
        grid,
        bands: 1,
        sampleType: 'float32',
        nodata: NaN,
        bandDescriptions: [what],
        metadata: { product: what, units, period: `${dates[0]}/${dates[dates.length - 1]}`, producer: 'smfuse' },
      }),
    );

  const writes: Write[] = [];
  const add = (write: Write) => writes.push(write);
  // Text outputs are formatted now: they are small, and the checks above narrow their types here.
  const text = (name: string, content: string) => add(() => staging.writeText(name, content));
  add(() => daily('fused.tif', products.series.fused.data, 'GRNN fused soil moisture (ECV + FY)'));
  if (fusedRaw) add(() => daily('fused_raw.tif', fusedRaw, 'GRNN fused soil moisture as predicted, out-of-range values kept (flag 13)'));
  add(() => daily('ecv_rec.tif', products.series.ecv_rec.data, 'GRNN reconstructed ECV soil moisture'));
  add(() => daily('fy_rec.tif', products.series.fy_rec.data, 'GRNN reconstructed FY soil moisture'));
  for (const [name, sd] of Object.entries(products.sd)) {
    add(() =>
      daily(`${name}_sd.tif`, sd, `standard uncertainty of ${name} (local held-out GRNN error)`, `${SM_STANDARD_NAME} standard_error`),
    );
  }
  add(() =>
    raster(
      {
        name: 'flags',
        data: result.flags,
        daily: true,
        attrs: { long_name: 'GRNN fusion flags', ...flagAttributes(FLAG, FLAG_DESCRIPTIONS) },
      },
      () =>
        writeGeoTiff(staging.path('flags.tif'), result.flags, {
          grid,
          bands: dates.length,
          sampleType: 'uint8',
          nodata: 0,
          bandDescriptions: dates,
          metadata: { product: 'fusion flags', ...Object.fromEntries(Object.entries(FLAG_DESCRIPTIONS).map(([c, d]) => [`flag_${c}`, d])) },
        }),
    ),
  );
  add(() => map('weight_ecv.tif', products.weightMap.ecv, 'mean W_ECV in [0,1]', '1'));
  add(() => map('weight_fy.tif', products.weightMap.fy, 'mean W_FY in [0,1]', '1'));
  for (const [name, fraction] of Object.entries(products.coverage.perPixel)) {
    add(() => map(`coverage_${name}.tif`, fraction, `fraction of days with valid ${name}`, '1'));
  }
  for (const product of ['ecv', 'fy'] as const) {
    const a = products.agreement[product];
    add(() => map(`agreement_r_${product}.tif`, a.r, `R of fused against ${product}`, '1'));
    add(() => map(`agreement_rmse_${product}.tif`, a.rmse, `RMSE of fused against ${product}`, SM_UNITS));
  }

  text('coverage.json', `${JSON.stringify({ domain: 'cells with a valid DEM', ...products.coverage.fractions }, null, 2)}\n`);
  const names = Object.keys(products.coverage.fractions);
  text(
    'coverage_daily.csv',
    formatCsv(
      ['date', ...names],
      products.coverage.daily.map((d) => [d.date, ...names.map((n) => d.values[n])]),
    ),
  );
  text(
    'importance.csv',
    formatCsv(
      ['variable', 'rmse', 'nrmsei'],
      products.importance.map((r) => [r.variable, r.rmse, r.nrmsei]),
    ),
  );
  text('windows.csv', windowsCsv(grid, result.windows));
  if (products.validation) {
    text('validation.csv', formatCsv(VALIDATION_COLUMNS, products.validation.map(validationCells)));
  }
  if (products.stationWeights) {
    text(
      'weights_stations.csv',
      formatCsv(
        ['network', 'row', 'col', 'lat', 'lon', 'date', 'ecv', 'fy', 'fused', 'w_ecv', 'w_fy'],
        products.stationWeights.map((w) => [
          w.network,
          w.row,
          w.col,
          cellCenterLat(grid, w.row),
          cellCenterLon(grid, w.col),
          w.date,
          w.ecv,
          w.fy,
          w.fused,
          w.wEcv,
          w.wFy,
        ]),
      ),
    );
  }
  if (products.truthStats) {
    text('truth_validation.csv', truthValidationCsv(products.truthStats));
  }
  if (products.uncertaintyChecks) text('truth_uncertainty.csv', uncertaintyCsv(products.uncertaintyChecks));
  if (writesNetcdf(output.format)) {
    add(() => writeNetcdf(staging.path('fused.nc'), { grid, dates, variables: nc, globalAttrs: runGlobalAttributes(output.provenance) }));
  }
  return writes;
}

/** truth_uncertainty.csv: each GRNN series' sd against the truth, overall then per month. */
function uncertaintyCsv(checks: NonNullable<GrnnProducts['uncertaintyChecks']>): string {
  return formatCsv(
    ['product', 'period', 'n', 'coverage95', 'corr_sd_abs_error', 'rms_sd', 'rmse'],
    Object.entries(checks).flatMap(([name, rows]) =>
      rows.map((c) => [name, c.period, c.n, c.coverage95, c.corrSdAbsError, c.rmsSd, c.rmse]),
    ),
  );
}

function windowsCsv(grid: GridSpec, windows: readonly WindowReport[]): string {
  const west = (col: number) => grid.originX + col * grid.resX;
  const north = (row: number) => grid.originY - row * grid.resY;
  return formatCsv(
    [
      'window',
      'model',
      'west',
      'south',
      'east',
      'north',
      'block_west',
      'block_south',
      'block_east',
      'block_north',
      'widen_cells',
      'samples_ecv',
      'samples_fy',
      'queries',
      'sigma',
      'test_r',
      'status',
    ],
    windows.map((w) => [
      w.window,
      w.model,
      west(w.rect.col0),
      north(w.rect.row1),
      west(w.rect.col1),
      north(w.rect.row0),
      west(w.block.col0),
      north(w.block.row1),
      west(w.block.col1),
      north(w.block.row0),
      w.widen,
      w.samplesEcv,
      w.samplesFy,
      w.queries,
      w.sigma,
      w.testR,
      w.status,
    ]),
  );
}
