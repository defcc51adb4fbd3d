/**
 * EASE-Grid 2.0 global (EPSG:6933) as the SMAP and SMOS products use it: the global grids
 * of NSIDC (36, 25, 9 km), windows of them (spatial subsets), and finding where a subset
 * lies from what the file carries: projected cell centres, EASE row/column indices, or
 * cell latitudes/longitudes.
 */
import { InputError } from '../../../core/errors.js';
import { crsTransform, ease2GlobalGrid } from '../../grid/crs.js';
import { makeGrid, type GridSpec } from '../../grid/gridspec.js';

export type Ease2Km = 36 | 25 | 9;
export const EASE2_KMS: readonly Ease2Km[] = [36, 25, 9];

/** NSIDC EASE-Grid 2.0 25 km global: 1388 × 584 cells of 25 025.2600081 m (SMOS CATDS). */
const EASE2_25KM = { cell: 25025.2600081, width: 1388, height: 584 } as const;

/** A coordinate may be off a cell centre by this fraction of a cell (float32 storage). */
const CENTRE_TOLERANCE = 1e-3;

export function ease2Grid(km: Ease2Km): GridSpec {
  if (km !== 25) return ease2GlobalGrid(km);
  const { cell, width, height } = EASE2_25KM;
  return makeGrid(
    { west: (-width / 2) * cell, south: (-height / 2) * cell, east: (width / 2) * cell, north: (height / 2) * cell },
    cell,
    6933,
  );
}

/** The global grid whose size is `rows × cols`, or null. */
export function ease2GlobalOfShape(rows: number, cols: number): { km: Ease2Km; grid: GridSpec } | null {
  for (const km of EASE2_KMS) {
    const grid = ease2Grid(km);
    if (grid.height === rows && grid.width === cols) return { km, grid };
  }
  return null;
}

/** `rows × cols` cells of the global grid from (row0, col0). */
export function ease2Window(km: Ease2Km, row0: number, col0: number, rows: number, cols: number): GridSpec {
  const g = ease2Grid(km);
  return Object.freeze({ ...g, width: cols, height: rows, originX: g.originX + col0 * g.resX, originY: g.originY - row0 * g.resY });
}

/** The grid whose cell size is `res` metres (within float noise), or null. */
export function ease2KmOfCell(res: number): Ease2Km | null {
  return EASE2_KMS.find((km) => Math.abs(ease2Grid(km).resX - res) < 1e-6 * res) ?? null;
}

/**
 * Row and column (fractional, 0 = the first cell's centre) of projected coordinates on a
 * global grid; a cell centre gives integers.
 */
export function ease2Index(km: Ease2Km, x: number, y: number): { row: number; col: number } {
  const g = ease2Grid(km);
  return { col: (x - g.originX) / g.resX - 0.5, row: (g.originY - y) / g.resY - 0.5 };
}

export function isWhole(v: number): boolean {
  return Math.abs(v - Math.round(v)) <= CENTRE_TOLERANCE;
}

/** lon/lat (degrees) → EPSG:6933 metres. */
export const lonLatToEase2 = crsTransform(4326, 6933);

/**
 * Row offset of a subset from its cells' global row (or column) indices: each valid
 * `index[i]` (C order, `stride` values per subset row/column step) must be `offset + i`.
 * Returns null when no cell is valid; fails when the cells disagree (not a window).
 */
export function windowOffset(
  file: string,
  what: string,
  index: ArrayLike<number>,
  rows: number,
  cols: number,
  axis: 'row' | 'col',
  valid: (v: number) => boolean,
): number | null {
  let offset: number | null = null;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const v = index[r * cols + c];
      if (!valid(v)) continue;
      const o = v - (axis === 'row' ? r : c);
      if (offset === null) offset = o;
      else if (o !== offset)
        throw new InputError(
          file,
          `${what} at [${r}, ${c}] is ${v}, not ${offset + (axis === 'row' ? r : c)}: the cells are not a window of the EASE-Grid 2.0`,
        );
    }
  }
  return offset;
}

/**
 * The EASE-Grid 2.0 row centres of a 1-D latitude vector (degrees, any order): the grid
 * of that cell size whose rows the latitudes are, and the first row, or null.
 */
export function ease2RowsOfLatitudes(lat: ArrayLike<number>): { km: Ease2Km; row0: number; step: 1 | -1 } | null {
  if (lat.length < 2) return null;
  for (const km of EASE2_KMS) {
    const rows = Array.from(lat, (phi) => ease2Index(km, 0, lonLatToEase2(0, phi)[1]).row);
    if (!rows.every(isWhole)) continue;
    const step = Math.round(rows[1] - rows[0]);
    if (step !== 1 && step !== -1) continue;
    if (rows.every((r, i) => Math.round(r) === Math.round(rows[0]) + i * step)) return { km, row0: Math.round(rows[0]), step };
  }
  return null;
}

/** The same for a 1-D longitude vector (degrees, west → east). */
export function ease2ColsOfLongitudes(km: Ease2Km, lon: ArrayLike<number>): number | null {
  const cols = Array.from(lon, (lambda) => ease2Index(km, lonLatToEase2(lambda, 0)[0], 0).col);
  if (!cols.every(isWhole) || !cols.every((c, i) => Math.round(c) === Math.round(cols[0]) + i)) return null;
  return Math.round(cols[0]);
}
