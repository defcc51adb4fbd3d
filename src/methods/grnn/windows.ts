import { crsTransform, isGeographic } from '../../grid/crs.js';
import type { GridSpec } from '../../grid/gridspec.js';

/** A rectangle of cells, rows [row0, row1) × cols [col0, col1). */
export interface CellRect {
  readonly row0: number;
  readonly row1: number;
  readonly col0: number;
  readonly col1: number;
}

/** A moving window: its model trains on `window` and predicts the cells of `block`. */
export interface GrnnWindow {
  readonly index: number;
  readonly blockRow: number;
  readonly blockCol: number;
  readonly block: CellRect;
  readonly window: CellRect;
}

export interface WindowLayoutOptions {
  /** Training window edge in cells. */
  readonly windowCells: number;
  /** Predicted block edge in cells (≤ windowCells); blocks tile the grid. */
  readonly blockCells: number;
}

/**
 * Blocks tile the grid (the last row/column of blocks may be narrower), so every cell is
 * predicted by exactly one window. Each window is centred on its block and shifted to
 * stay inside the grid; a grid smaller than a window gives a window equal to the grid.
 */
export function windowLayout(grid: GridSpec, { windowCells, blockCells }: WindowLayoutOptions): GrnnWindow[] {
  if (!(blockCells >= 1 && windowCells >= blockCells)) {
    throw new RangeError(`need 1 ≤ block (${blockCells}) ≤ window (${windowCells}) cells`);
  }
  const windows: GrnnWindow[] = [];
  const blockRows = Math.ceil(grid.height / blockCells);
  const blockCols = Math.ceil(grid.width / blockCells);
  for (let br = 0; br < blockRows; br++) {
    for (let bc = 0; bc < blockCols; bc++) {
      const block = {
        row0: br * blockCells,
        row1: Math.min(grid.height, (br + 1) * blockCells),
        col0: bc * blockCells,
        col1: Math.min(grid.width, (bc + 1) * blockCells),
      };
      windows.push({ index: windows.length, blockRow: br, blockCol: bc, block, window: enclosingWindow(grid, block, windowCells, 0) });
    }
  }
  return windows;
}

/**
 * The window of `size` cells centred on `block`, grown by `widen` cells on each side,
 * clamped so it stays inside the grid (shifted, not cut, where the grid is big enough).
 */
export function enclosingWindow(grid: GridSpec, block: CellRect, size: number, widen: number): CellRect {
  const [row0, row1] = centredSpan(block.row0, block.row1, size + 2 * widen, grid.height);
  const [col0, col1] = centredSpan(block.col0, block.col1, size + 2 * widen, grid.width);
  return { row0, row1, col0, col1 };
}

function centredSpan(start: number, end: number, size: number, limit: number): [number, number] {
  const span = Math.min(Math.max(size, end - start), limit);
  let lo = start - Math.floor((span - (end - start)) / 2);
  lo = Math.max(0, Math.min(lo, limit - span));
  return [lo, lo + span];
}

/**
 * Cells per window edge for a size in degrees on this grid (at least one cell). Windows
 * are squares of cells: on a geographic grid `degrees` wide; on a projected grid (map
 * units, metres) the square of the same area as a `degrees` × `degrees` box at the grid's
 * centre (degreeBoxEdge), so that a window means the same ground on either grid.
 */
export function degreesToCells(grid: GridSpec, degrees: number): number {
  const edge = isGeographic(grid.epsg) ? degrees : degreeBoxEdge(grid, degrees).edge;
  return Math.max(1, Math.round(edge / Math.min(grid.resX, grid.resY)));
}

/**
 * The edge, in the grid's map units, of the square with the area of a `degrees` ×
 * `degrees` box centred on the grid's centre, and that centre's latitude: the box's
 * projected west–east and south–north extents through the centre, multiplied.
 */
export function degreeBoxEdge(grid: GridSpec, degrees: number): { edge: number; lat: number } {
  const cx = grid.originX + (grid.width * grid.resX) / 2;
  const cy = grid.originY - (grid.height * grid.resY) / 2;
  const [lon, lat] = crsTransform(grid.epsg, 4326)(cx, cy);
  const project = crsTransform(4326, grid.epsg);
  const half = degrees / 2;
  const clampLat = (v: number) => Math.max(-90, Math.min(90, v));
  const width = Math.abs(project(lon + half, lat)[0] - project(lon - half, lat)[0]);
  const height = Math.abs(project(lon, clampLat(lat + half))[1] - project(lon, clampLat(lat - half))[1]);
  return { edge: Math.sqrt(width * height), lat };
}
