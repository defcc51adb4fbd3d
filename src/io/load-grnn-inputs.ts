import { datesOfYear } from '../cube/dates.js';
import type { Stack } from '../cube/stack.js';
import { InputError } from '../errors.js';
import type { GrnnConfig, GrnnInput } from '../config/grnn-config.js';
import { gridMismatch, makeGrid, tibetanPlateauGrid, type GridSpec } from '../grid/gridspec.js';
import type { GrnnInputs } from '../methods/grnn/fuse.js';
import { readGeoTiffStack, type RasterStack } from './geotiff-read.js';
import { readProductStack } from './product-stack.js';

export type GrnnInputPaths = GrnnConfig['inputs'];

/** Plausible physical ranges: values outside mean wrong units or a wrong file. */
/** What an input's values must lie in, and how to say so when they do not. */
export const VALUE_RANGES = {
  sm: { lo: 0, hi: 1, what: 'soil moisture (m³/m³; divide percent by 100)' },
  lst: { lo: 150, hi: 400, what: 'LST in kelvin' },
} as const;

/**
 * Read the GeoTIFF stacks of one year and check they fit together: one grid (the ECV
 * file's), one band per day of the year dated in order, a one-band DEM, SM in m³/m³
 * and LST in kelvin. Every problem is an InputError naming the file.
 */
export async function loadGrnnInputs(
  paths: GrnnInputPaths, year: number, gridConfig?: GrnnConfig['grid'], onRead?: (done: number, total: number) => void,
): Promise<GrnnInputs & { dates: string[]; sources: Record<string, string[]> }> {
  const dates = datesOfYear(year);
  const grid = await targetGrid(paths.ecv, gridConfig);
  const gridSource = gridConfig ? 'grid (configuration)' : typeof paths.ecv === 'string' ? paths.ecv : 'the default Tibetan Plateau grid';
  let done = 0;
  const read = async (i: GrnnInput, daily: boolean) => {
    const stack = typeof i === 'string' ? { ...(await readGeoTiffStack(i)), sources: [i] } : await readProductInput(i, grid, daily ? dates : undefined);
    onRead?.(++done, INPUT_KEYS.length);
    return stack;
  };
  const [ecv, fy, lst, ndvi, albedo, dem] = await Promise.all([
    read(paths.ecv, true), read(paths.fy, true), read(paths.lst, true), read(paths.ndvi, true), read(paths.albedo, true), read(paths.dem, false),
  ]);
  for (const s of [ecv, fy, lst, ndvi, albedo, dem]) checkGrid(s, grid, gridSource);
  for (const s of [ecv, fy, lst, ndvi, albedo]) checkDailyDates(s, dates, year);
  if (dem.bands !== 1) throw new InputError(dem.file, `DEM must have 1 band, found ${dem.bands}`);
  checkValueRange(ecv.data, ecv.file, 'sm');
  checkValueRange(fy.data, fy.file, 'sm');
  checkValueRange(lst.data, lst.file, 'lst');
  return {
    grid,
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
    sources: Object.fromEntries([ecv, fy, lst, ndvi, albedo, dem].map((st, i) => [INPUT_KEYS[i], st.sources])),
  };
}

const INPUT_KEYS = ['ecv', 'fy', 'lst', 'ndvi', 'albedo', 'dem'] as const;

/** The ECV GeoTIFF's grid, or the configured `grid`, or (ECV being a product) the Tibetan Plateau box. */
async function targetGrid(ecv: GrnnInput, gridConfig: GrnnConfig['grid']): Promise<GridSpec> {
  if (gridConfig) {
    const [west, south, east, north] = gridConfig.bbox;
    return makeGrid({ west, south, east, north }, gridConfig.res);
  }
  return typeof ecv === 'string' ? (await readGeoTiffStack(ecv)).grid : tibetanPlateauGrid();
}

/** A product input read onto the target grid, shaped like a GeoTIFF stack for the checks below. */
export async function readProductInput(i: Exclude<GrnnInput, string>, grid: GridSpec, dates?: readonly string[]): Promise<RasterStack & { sources: string[] }> {
  const st = await readProductStack([i.path], { product: i.product, variable: i.var, target: grid, resampling: i.resampling ?? 'nearest', dates });
  if (st.units.includes('%')) {
    throw new InputError(i.path, `values are in ${st.units}, not m³/m³: it cannot be fused as soil moisture`);
  }
  return { file: i.path, grid: st.grid, bands: st.dates.length, data: st.data, dates: st.dates, nodata: NaN, sources: st.files };
}
/** A one-year stack (e.g. the synthetic truth) on a known grid, checked like the inputs. */
export async function loadDailyStack(path: string, grid: GridSpec, year: number, gridSource: string): Promise<Stack> {
  const dates = datesOfYear(year);
  const s = await readGeoTiffStack(path);
  checkGrid(s, grid, gridSource);
  checkDailyDates(s, dates, year);
  return { grid, dates, data: s.data };
}

function checkGrid(s: RasterStack, grid: GridSpec, reference: string): void {
  const why = gridMismatch(grid, s.grid);
  if (why) throw new InputError(s.file, `not on the grid of ${reference}: ${why} (regrid it first)`);
}

function checkDailyDates(s: RasterStack, dates: readonly string[], year: number): void {
  if (s.bands !== dates.length) {
    throw new InputError(s.file, `has ${s.bands} bands, expected ${dates.length} (one per day of ${year})`);
  }
  const undated = s.dates.findIndex((d) => d === null);
  if (undated >= 0) {
    throw new InputError(s.file, `band ${undated + 1} has no date (set its description to YYYY-MM-DD or a time_start metadata item)`);
  }
  const wrong = s.dates.findIndex((d, i) => d !== dates[i]);
  if (wrong >= 0) {
    throw new InputError(s.file, `band ${wrong + 1} is dated ${s.dates[wrong]}, expected ${dates[wrong]} (bands must be the days of ${year} in order)`);
  }
}

/** An InputError naming `file` when a valid value of `data` lies outside the input kind's range (NaN = missing). */
export function checkValueRange(data: Float32Array, file: string, kind: keyof typeof VALUE_RANGES): void {
  const { lo, hi, what } = VALUE_RANGES[kind];
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (min < lo || max > hi) throw new InputError(file, `values range ${min}…${max}, outside [${lo}, ${hi}] expected for ${what}`);
}
