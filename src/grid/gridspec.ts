/**
 * A regular grid, north-up, described by its upper-left corner and cell size.
 * For EPSG:4326 x is longitude and y is latitude, in degrees.
 */
export interface GridSpec {
  readonly width: number;
  readonly height: number;
  /** x of the west edge of column 0. */
  readonly originX: number;
  /** y of the north edge of row 0. */
  readonly originY: number;
  /** Cell width (> 0). */
  readonly resX: number;
  /** Cell height (> 0; rows run north to south). */
  readonly resY: number;
  readonly epsg: number;
}

export interface BBox {
  readonly west: number;
  readonly south: number;
  readonly east: number;
  readonly north: number;
}

/** Tolerance for comparing grid coordinates, as a fraction of a cell. */
const GRID_TOLERANCE = 1e-6;

/**
 * The grid covering `bbox` (west, south, east, north in the CRS's units: degrees for
 * EPSG:4326) with square cells of `res`, upper-left corner at (west, north).
 * @throws RangeError when the box holds no whole cell.
 */
export function makeGrid(bbox: BBox, res: number, epsg = 4326): GridSpec {
  const width = Math.round((bbox.east - bbox.west) / res);
  const height = Math.round((bbox.north - bbox.south) / res);
  if (!(width > 0 && height > 0)) {
    throw new RangeError(`empty grid for bbox ${JSON.stringify(bbox)} at resolution ${res}`);
  }
  return Object.freeze({ width, height, originX: bbox.west, originY: bbox.north, resX: res, resY: res, epsg });
}

/** The default target grid: the Tibetan Plateau box of the GRNN paper, 0.25°. */
export function tibetanPlateauGrid(): GridSpec {
  return makeGrid({ west: 70, south: 25, east: 105, north: 40 }, 0.25);
}

/** Rows [row0, row1) of a grid: what one shard of a tiled run reads. */
export interface RowBand {
  readonly row0: number;
  readonly row1: number;
}

/**
 * The sub-grid of `band`'s rows: same columns, CRS and cell size, its origin moved down
 * row0 cells. Its cell coordinates can differ from the full grid's in the last bits, so
 * code that must match a whole run bit for bit places cells by the full grid's row.
 */
export function bandGrid(grid: GridSpec, band: RowBand): GridSpec {
  const problem = rowBandProblem(grid, band);
  if (problem) throw new RangeError(problem);
  return Object.freeze({ ...grid, height: band.row1 - band.row0, originY: grid.originY - band.row0 * grid.resY });
}

/** Why `band` is not a non-empty band of `grid`'s rows, or null. */
export function rowBandProblem(grid: GridSpec, band: RowBand): string | null {
  const { row0, row1 } = band;
  return Number.isInteger(row0) && Number.isInteger(row1) && row0 >= 0 && row0 < row1 && row1 <= grid.height
    ? null
    : `rows [${row0}, ${row1}) are not a band of a grid of ${grid.height} rows`;
}

export function cellCount(grid: GridSpec): number {
  return grid.width * grid.height;
}

export function cellCenterLon(grid: GridSpec, col: number): number {
  return grid.originX + (col + 0.5) * grid.resX;
}

export function cellCenterLat(grid: GridSpec, row: number): number {
  return grid.originY - (row + 0.5) * grid.resY;
}

/** Row/column of the cell containing (lon, lat), or null outside the grid. */
export function cellOf(grid: GridSpec, lon: number, lat: number): { row: number; col: number } | null {
  const col = Math.floor((lon - grid.originX) / grid.resX);
  const row = Math.floor((grid.originY - lat) / grid.resY);
  if (col < 0 || row < 0 || col >= grid.width || row >= grid.height) return null;
  return { row, col };
}

export function gridBBox(grid: GridSpec): BBox {
  return {
    west: grid.originX,
    north: grid.originY,
    east: grid.originX + grid.width * grid.resX,
    south: grid.originY - grid.height * grid.resY,
  };
}

/** Why two grids differ, in words, or null when they are the same grid. */
export function gridMismatch(a: GridSpec, b: GridSpec): string | null {
  if (a.width !== b.width || a.height !== b.height) {
    return `size ${b.width}×${b.height} differs from ${a.width}×${a.height}`;
  }
  if (a.epsg !== b.epsg) return `CRS ${epsgLabel(b.epsg)} differs from ${epsgLabel(a.epsg)}`;
  const tol = GRID_TOLERANCE * Math.min(a.resX, a.resY);
  if (Math.abs(a.resX - b.resX) > tol || Math.abs(a.resY - b.resY) > tol) {
    return `cell size ${b.resX}×${b.resY} differs from ${a.resX}×${a.resY}`;
  }
  if (Math.abs(a.originX - b.originX) > tol || Math.abs(a.originY - b.originY) > tol) {
    return `origin (${b.originX}, ${b.originY}) differs from (${a.originX}, ${a.originY})`;
  }
  return null;
}

/** Codes below 1 stand for CRSs a file defines itself (crs.ts fileDefinedCrs), not EPSG codes. */
function epsgLabel(code: number): string {
  return code >= 1 ? `EPSG:${code}` : 'a CRS defined in the file (no EPSG code)';
}

/** Why outputs cannot be written on `grid` (GeoTIFF GeoKeys carry EPSG codes only), or null. */
export function outputGridProblem(grid: GridSpec): string | null {
  return grid.epsg >= 1
    ? null
    : 'its CRS is defined in the file, with no EPSG code, and outputs are written with EPSG codes: regrid it onto an EPSG grid first (smfuse convert), or give grid {bbox, res} in the configuration';
}
