/**
 * Many product files → one stack on a target grid, one band per date. Files are opened
 * one at a time and only the source window the regrid needs is read, so memory is the
 * output stack plus one window.
 */
import { InputError } from '../../core/errors.js';
import { bandGrid, type GridSpec, type RowBand } from '../grid/gridspec.js';
import { PlanCache } from '../grid/plan-cache.js';
import { accumulateRegrid, applyRegrid, finishMosaic, type Resampling } from '../grid/regrid.js';
import { expandInputs } from './daily-files.js';
import { dropHdf5Prefetches, prefetchHdf5, takeSlowHdf5Reads } from './hdf5.js';
import { openProduct } from './products/open-product.js';
import type { ProductName } from '../config/product-names.js';
import { dateInFileName, type ProductOptions } from './products/product.js';

export interface ProductStackOptions extends ProductOptions {
  /** Default 'auto': each file's content says. */
  product?: ProductName | 'auto';
  target: GridSpec;
  /**
   * Only these rows of `target`: the stack is on bandGrid(target, band), with the values a
   * whole read has in those rows, and each file is read over the source window they need.
   */
  band?: RowBand;
  /** Default 'nearest'. */
  resampling?: Resampling;
  /** A fixed date axis (e.g. the days of a year): days without a file are all NaN and layers of other dates are skipped. */
  dates?: readonly string[];
  /**
   * Take layers that stand for more than a day (a monthly or dekadal C3S file, SMOS
   * CLF3M), each on its period's first date. Off by default: a daily stack refuses them
   * rather than pass a month's mean off as one day's value.
   */
  allowPeriods?: boolean;
}

export interface ProductStack {
  grid: GridSpec;
  /** null for one undated (static) layer. */
  dates: (string | null)[];
  /** [band][row][col], NaN = missing. */
  data: Float32Array;
  units: string;
  files: string[];
  /** Files whose grid reaches no cell of the target grid (another region, or a wrong --bbox): nothing of them is in `data`. */
  outside: string[];
}

/** Files opened ahead of the one being read: bounded, since each holds an open HDF5 file. */
const PREFETCH_FILES = 4;

const PERIOD_WORDS: Record<string, string> = { P3D: '3-day mean', P10D: 'dekadal mean', P1M: 'monthly mean' };

/**
 * Product files (or glob patterns) read onto `options.target`, one band per date: data
 * [band][row][col] float32 in the product's physical units (`units`; SM m³/m³), NaN =
 * missing. Files of one date are mosaicked.
 * @throws InputError naming a file that cannot be read or whose layers do not fit the options.
 */
export async function readProductStack(inputs: readonly string[], options: ProductStackOptions): Promise<ProductStack> {
  const files = expandInputs(inputs);
  const grid = options.band ? bandGrid(options.target, options.band) : options.target;
  const plane = grid.width * grid.height;
  const planes = new Map<string | null, Plane>();
  const plans = new PlanCache(options.target, options.resampling ?? 'nearest', undefined, options.band);
  const wanted = options.dates ? new Set(options.dates) : null;
  /** Dated layers outside `options.dates`: skipped, and named if nothing else was read. */
  const offDates: string[] = [];
  const outside: string[] = [];
  let units: string | null = null;
  try {
    for (const [i, f] of files.entries()) {
      // the next files' HDF5 metadata is read on other threads meanwhile
      prefetchHdf5(files.slice(i + 1, i + 1 + PREFETCH_FILES).map((next) => next.path));
      const p = await openProduct(f.path, options.product ?? 'auto', options);
      try {
        if (p.period !== undefined && p.period !== 'P1D' && options.allowPeriods !== true) {
          throw new InputError(
            f.path,
            `each layer is a ${p.period} ${p.product} value (${PERIOD_WORDS[p.period] ?? 'more than one day'}), not a daily one: a daily stack takes the product's daily files`,
          );
        }
        if (units !== null && p.units !== units)
          throw new InputError(f.path, `units ${p.units || '(none)'} differ from ${units || '(none)'} of the other files`);
        units = p.units;
        const key = JSON.stringify(p.grid);
        const plan = plans.plan(p.grid, key);
        if (plan.sourceCells.length === 0) outside.push(f.path);
        for (let layer = 0; layer < p.dates.length; layer++) {
          const date = p.dates[layer] ?? f.date ?? (p.dates.length === 1 ? dateInFileName(f.path) : null);
          if (wanted && (date === null || !wanted.has(date))) {
            if (date !== null) offDates.push(date);
            continue;
          }
          const other = planes.get(date);
          if (other) {
            // Another grid on the same date is a tile of a mosaic; the same grid twice is a duplicate.
            if (other.tiles.has(key))
              throw new InputError(
                f.path,
                date === null
                  ? `layer ${layer + 1} has no date (put the date in the file name or use a date pattern)`
                  : `date ${date} appears twice (also in ${other.file})`,
              );
            if (!other.mosaic) other.mosaic = await startMosaic(other, plans, options, plane);
            accumulateRegrid(plan, p.readLayer(layer, plan.window), other.mosaic.sums, other.mosaic.wsums);
            other.tiles.add(key);
            continue;
          }
          const out = new Float32Array(plane);
          applyRegrid(plan, p.readLayer(layer, plan.window), out);
          planes.set(date, { file: f.path, layer, grid: p.grid, tiles: new Set([key]), data: out });
        }
      } finally {
        p.close();
      }
    }
  } finally {
    dropHdf5Prefetches();
    for (const { reason, files: n } of takeSlowHdf5Reads())
      options.log?.info(`${n} file(s) read through the HDF5 library's own, slower decoder: ${reason}`);
  }
  if (options.dates && planes.size === 0 && offDates.length > 0) {
    offDates.sort();
    const asked = `${options.dates[0]}…${options.dates[options.dates.length - 1]}`;
    throw new InputError(
      inputs.join(' '),
      `none of its ${offDates.length} dated layer(s) falls on the days asked for (${asked}): they are dated ${offDates[0]}…${offDates[offDates.length - 1]} (wrong year, or files of another period?)`,
    );
  }
  for (const pl of planes.values()) if (pl.mosaic) finishMosaic(pl.mosaic.sums, pl.mosaic.wsums, pl.data);
  const dates = options.dates ? [...options.dates] : bandDates(planes);
  const data = new Float32Array(dates.length * plane).fill(NaN);
  dates.forEach((d, b) => {
    const found = planes.get(d);
    if (found) data.set(found.data, b * plane);
  });
  return { grid, dates, data, units: units ?? '', files: files.map((f) => f.path), outside };
}

/** One date's layer on the target grid; a mosaic of tiles adds up weighted sums until the end. */
interface Plane {
  readonly file: string;
  readonly layer: number;
  /** The first file's native grid. */
  readonly grid: GridSpec;
  /** The native grids (JSON) read into this date: one per tile. */
  readonly tiles: Set<string>;
  readonly data: Float32Array;
  mosaic?: { sums: Float64Array; wsums: Float64Array };
}

/** Turns a one-file plane into a mosaic: its first tile is read again, for its weights. */
async function startMosaic(
  first: Plane,
  plans: PlanCache,
  options: ProductStackOptions,
  cells: number,
): Promise<NonNullable<Plane['mosaic']>> {
  const mosaic = { sums: new Float64Array(cells), wsums: new Float64Array(cells) };
  const p = await openProduct(first.file, options.product ?? 'auto', options);
  try {
    const plan = plans.plan(first.grid, [...first.tiles][0]);
    accumulateRegrid(plan, p.readLayer(first.layer, plan.window), mosaic.sums, mosaic.wsums);
  } finally {
    p.close();
  }
  return mosaic;
}

/** Sorted dates; a single undated layer is a static band (a DEM). */
function bandDates(planes: Map<string | null, { file: string }>): (string | null)[] {
  const undated = planes.get(null);
  if (undated && planes.size > 1)
    throw new InputError(undated.file, 'has an undated layer among dated ones (put the date in the file name or use a date pattern)');
  return undated ? [null] : ([...planes.keys()] as string[]).sort();
}
