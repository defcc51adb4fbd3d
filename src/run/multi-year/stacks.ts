/** Reading the years of a multi-year run back, and joining them along time. */
import { join } from 'node:path';
import { datesOfYear } from '../../cube/dates.js';
import { InputError } from '../../../core/errors.js';
import { gridMismatch, type GridSpec } from '../../grid/gridspec.js';
import { readGeoTiffStack, type RasterStack } from '../../io/geotiff-read.js';

/** Output `name` of a year's folder, checked to hold that year's days on `grid` (the first year's, when given). */
export async function readYearOutput(dir: string, name: string, year: number, grid?: GridSpec): Promise<RasterStack> {
  const file = join(dir, name);
  const stack = await readGeoTiffStack(file);
  const why = grid && gridMismatch(grid, stack.grid);
  if (why) throw new InputError(file, `not on the grid of the first year: ${why} (every year of a multi-year run must be on one grid)`);
  const dates = datesOfYear(year);
  if (stack.bands !== 1 && (stack.bands !== dates.length || stack.dates.some((d, i) => d !== dates[i]))) {
    throw new InputError(file, `does not hold the days of ${year}: the folder is not that year's run`);
  }
  return stack;
}

/** The years' arrays one after another (cubes [day][pixel] become one cube over all days). */
export function joinYears<T extends Float32Array | Uint8Array>(parts: readonly T[], make: (length: number) => T): T {
  const out = make(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}
