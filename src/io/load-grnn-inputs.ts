import { datesOfYear } from '../cube/dates.js';
import type { Stack } from '../cube/stack.js';
import { InputError } from '../../core/errors.js';
import { inputRescale, stackPath, type GrnnConfig, type GrnnInput } from '../config/grnn-config.js';
import { enforceInputContract } from '../contracts/input-contract.js';
import { geoTiffUnits } from './geotiff-units.js';
import {
  bandGrid,
  gridMismatch,
  makeGrid,
  outputGridProblem,
  rowBandProblem,
  tibetanPlateauGrid,
  type GridSpec,
  type RowBand,
} from '../grid/gridspec.js';
import type { Logger } from '../log.js';
import type { GrnnInputs } from '../cube/grnn-inputs.js';
import { readGeoTiffGrid, readGeoTiffStack, type RasterStack } from './geotiff-read.js';
import { compositesToDaily } from './composites-to-daily.js';
import { readProductStack } from './product-stack.js';

export type GrnnInputPaths = GrnnConfig['inputs'];

/** An input as read, before the checks: its stack, the files behind it and the units they declare. */
export type ReadInput = RasterStack & { sources: string[]; units?: string };

/** Where a read of some rows sits: the whole target grid and the band of its rows read (all of them for a whole read). */
export interface BandOf {
  readonly fullGrid: GridSpec;
  readonly band: RowBand;
}

/**
 * Read the inputs of one year and check they fit together: one grid (the ECV file's),
 * one band per day of the year dated in order, a one-band DEM, and each input held to its
 * role's contract (src/contracts: scale/offset applied, units and physical range checked).
 * Every problem is an InputError naming the file.
 *
 * With `band`, only those rows of the target grid are read (windowed GeoTIFF reads,
 * product regrids over the source window they need): `grid` is bandGrid(fullGrid, band),
 * each row holds the values a whole read has in it, and the contracts check those rows.
 */
export async function loadGrnnInputs(
  paths: GrnnInputPaths,
  year: number,
  gridConfig: GrnnConfig['grid'] | undefined,
  log: Logger,
  onRead?: (done: number, total: number) => void,
  band?: RowBand,
): Promise<GrnnInputs & BandOf & { dates: string[]; sources: Record<string, string[]>; frozen?: Float32Array }> {
  const dates = datesOfYear(year);
  const fullGrid = await targetGrid(paths.ecv, gridConfig);
  const gridSource = gridConfig ? 'grid (configuration)' : (stackPath(paths.ecv) ?? 'the default Tibetan Plateau grid');
  const bandProblem = band && rowBandProblem(fullGrid, band);
  if (bandProblem) throw new RangeError(`${gridSource}: ${bandProblem}`);
  const grid = band ? bandGrid(fullGrid, band) : fullGrid;
  let done = 0;
  const total = INPUT_KEYS.length + (paths.frozen ? 1 : 0);
  const read = async (i: GrnnInput, daily: boolean) => {
    const stack = await readInput(i, fullGrid, log, daily ? dates : undefined, band);
    onRead?.(++done, total);
    return stack;
  };
  const [ecv, fy, lst, ndvi, albedo, dem, frozen] = await Promise.all([
    read(paths.ecv, true),
    read(paths.fy, true),
    read(paths.lst, true),
    read(paths.ndvi, true),
    read(paths.albedo, true),
    read(paths.dem, false),
    paths.frozen ? read(paths.frozen, true) : undefined,
  ]);
  const stacks = [ecv, fy, lst, ndvi, albedo, dem];
  const daily = [ecv, fy, lst, ndvi, albedo, ...(frozen ? [frozen] : [])];
  for (const s of [...stacks, ...daily.slice(5)]) checkGrid(s, fullGrid, gridSource);
  for (const s of daily) checkDailyDates(s, dates, year);
  if (dem.bands !== 1) throw new InputError(dem.file, `DEM must have 1 band, found ${dem.bands}`);
  stacks.forEach((s, k) => enforceContract(INPUT_KEYS[k], paths[INPUT_KEYS[k]], s, log));
  if (frozen && paths.frozen) enforceContract('frozen', paths.frozen, frozen, log);
  return {
    grid,
    fullGrid,
    band: band ?? { row0: 0, row1: fullGrid.height },
    dates,
    width: grid.width,
    height: grid.height,
    days: dates.length,
    ecv: ecv.data,
    fy: fy.data,
    lst: lst.data,
    ndvi: ndvi.data,
    albedo: albedo.data,
    dem: dem.data,
    ...(frozen && { frozen: frozen.data }),
    sources: { ...Object.fromEntries(stacks.map((st, i) => [INPUT_KEYS[i], st.sources])), ...(frozen && { frozen: frozen.sources }) },
  };
}

/** Input `key`, read from `i`, held to its role's contract (its values converted in place by any scale/offset). */
export function enforceContract(key: string, i: GrnnInput, s: ReadInput, log: Logger): void {
  enforceInputContract(
    {
      key,
      file: s.file,
      data: s.data,
      width: s.grid.width,
      height: s.grid.height,
      firstRow: s.band?.row0,
      dates: s.dates,
      units: s.units,
      ...inputRescale(i),
    },
    log,
  );
}

/** A GeoTIFF stack (with the units it declares) or a product on the target grid; with `band`, only those rows of it. */
export async function readInput(i: GrnnInput, grid: GridSpec, log: Logger, dates?: readonly string[], band?: RowBand): Promise<ReadInput> {
  const path = stackPath(i);
  if (path === null) return readProductInput(i as Extract<GrnnInput, { product: string }>, grid, log, dates, band);
  const [stack, units] = await Promise.all([readStackRows(path, grid, band), geoTiffUnits(path)]);
  return { ...stack, sources: [path], units };
}

const INPUT_KEYS = ['ecv', 'fy', 'lst', 'ndvi', 'albedo', 'dem'] as const;

/** The ECV GeoTIFF's grid, or the configured `grid`, or (ECV being a product) the Tibetan Plateau box. */
export async function targetGrid(ecv: GrnnInput, gridConfig: GrnnConfig['grid']): Promise<GridSpec> {
  if (gridConfig) {
    const [west, south, east, north] = gridConfig.bbox;
    return makeGrid({ west, south, east, north }, gridConfig.res);
  }
  const path = stackPath(ecv);
  if (path === null) return tibetanPlateauGrid();
  const grid = await readGeoTiffGrid(path);
  const problem = outputGridProblem(grid);
  if (problem) throw new InputError(path, `cannot be the target grid: ${problem}`);
  return grid;
}

/** A product input read onto the target grid (`band`: those rows of it), shaped like a GeoTIFF stack for the checks; its units are the reader's (a GeoTIFF's own). */
export async function readProductInput(
  i: Extract<GrnnInput, { product: string }>,
  grid: GridSpec,
  log: Logger,
  dates?: readonly string[],
  band?: RowBand,
): Promise<ReadInput> {
  const composite = i.compositeDays !== undefined && dates !== undefined;
  const st = await readProductStack([i.path], {
    product: i.product,
    variable: i.var,
    target: grid,
    band,
    resampling: i.resampling ?? 'nearest',
    pass: i.pass,
    recommendedQuality: i.allQuality !== true,
    log,
    // Composites just before the first day still shape it, so all of them are read.
    dates: composite ? undefined : dates,
    allowPeriods: composite,
  });
  const daily = composite ? compositesToDaily(datedStack(st, i.path), dates, i.path, i.compositeDays) : { data: st.data, dates: st.dates };
  const units = st.units || (st.files.length > 0 ? await geoTiffUnits(st.files[0]) : undefined);
  return {
    file: i.path,
    grid: st.grid,
    bands: daily.dates.length,
    data: daily.data,
    dates: [...daily.dates],
    nodata: NaN,
    sources: st.files,
    units,
    ...(band && { fullGrid: grid, band }),
  };
}

function datedStack(st: { grid: GridSpec; dates: (string | null)[]; data: Float32Array }, source: string): Stack {
  if (st.dates.includes(null))
    throw new InputError(source, 'a composite has no date (compositeDays needs a date per file: in its name or its metadata)');
  return { grid: st.grid, dates: st.dates as string[], data: st.data };
}

/** A daily input of one year (GeoTIFF stack or product) on `grid` (`band`: those rows of it), checked like GRNN's: on the grid, one dated band per day. */
export async function readDailyInput(
  i: GrnnInput,
  grid: GridSpec,
  year: number,
  gridSource: string,
  log: Logger,
  band?: RowBand,
): Promise<ReadInput> {
  const dates = datesOfYear(year);
  const s = await readInput(i, grid, log, dates, band);
  checkGrid(s, grid, gridSource);
  checkDailyDates(s, dates, year);
  return s;
}

/** A one-year stack (e.g. the synthetic truth) on a known grid (`band`: those rows of it), checked like the inputs. */
export async function loadDailyStack(path: string, grid: GridSpec, year: number, gridSource: string, band?: RowBand): Promise<Stack> {
  const dates = datesOfYear(year);
  const s = await readStackRows(path, grid, band);
  checkGrid(s, grid, gridSource);
  checkDailyDates(s, dates, year);
  return { grid: s.grid, dates, data: s.data };
}

/**
 * A GeoTIFF stack, or (`band`) those rows of it when its header puts it on `grid`. A file
 * off the grid is read whole, for checkGrid to refuse with the message a whole run gives.
 */
async function readStackRows(path: string, grid: GridSpec, band: RowBand | undefined): Promise<RasterStack> {
  const onGrid = band !== undefined && gridMismatch(grid, await readGeoTiffGrid(path)) === null;
  return readGeoTiffStack(path, onGrid ? { rows: band } : {});
}

/** `s` (its whole grid, where only a band of it was read) must be on `grid`. */
function checkGrid(s: RasterStack, grid: GridSpec, reference: string): void {
  const why = gridMismatch(grid, s.fullGrid ?? s.grid);
  if (why) throw new InputError(s.file, `not on the grid of ${reference}: ${why} (regrid it first)`);
}

function checkDailyDates(s: RasterStack, dates: readonly string[], year: number): void {
  if (s.bands !== dates.length) {
    throw new InputError(s.file, `has ${s.bands} bands, expected ${dates.length} (one per day of ${year})`);
  }
  const undated = s.dates.indexOf(null);
  if (undated >= 0) {
    throw new InputError(s.file, `band ${undated + 1} has no date (set its description to YYYY-MM-DD or a time_start metadata item)`);
  }
  const wrong = s.dates.findIndex((d, i) => d !== dates[i]);
  if (wrong >= 0) {
    throw new InputError(
      s.file,
      `band ${wrong + 1} is dated ${s.dates[wrong]}, expected ${dates[wrong]} (bands must be the days of ${year} in order)`,
    );
  }
}
