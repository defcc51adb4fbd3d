/**
 * Regridding from any proj4-known grid onto a target grid, as a sparse weight matrix built
 * once per (source grid, target grid, method) and applied to every day. The three methods
 * follow gdalwarp's kernels so that the tests can compare cell by cell:
 * - `nearest`: the source cell containing the target cell's centre;
 * - `bilinear`: the 4 source cells around the centre (GDAL's 4-sample formula, meant for
 *   upsampling or equal resolutions; use `mean` to aggregate). gdalwarp itself swaps it
 *   for a widened triangle kernel where the target is over 5 % coarser than the source
 *   (its size ratio < 0.95), so compare with `-wo XSCALE=1 -wo YSCALE=1` there;
 * - `mean`: the source cells overlapping the target cell, weighted by the overlap of the
 *   target cell's corner-to-corner box in source pixel space (gdalwarp `-r average`). For
 *   aligned grids this is the plain mean of the source cells inside the target cell.
 * - `centres`: the plain mean of the source cells whose centres fall in the target cell
 *   (SPEC §2's aggregation of 1 km MODIS / 90 m DEM cells). Unlike `mean` it stays exact
 *   on sheared grids such as MODIS sinusoidal far from its central meridian, where the
 *   target cell's box in source pixel space is a parallelogram, not a rectangle.
 * Missing source cells (NaN) drop out and the weights of the rest are renormalised; a
 * target cell with no valid source cell is NaN.
 */
import { crsTransform, isGeographic } from './crs.js';
import { bandGrid, type GridSpec, type RowBand } from './gridspec.js';

export type Resampling = 'nearest' | 'bilinear' | 'mean' | 'centres';
export const RESAMPLINGS: readonly Resampling[] = ['nearest', 'bilinear', 'mean', 'centres'];

/** A block of source cells: what a reader must load for a plan. */
export interface PixelWindow {
  readonly row0: number;
  readonly col0: number;
  readonly rows: number;
  readonly cols: number;
}

export interface RegridPlan {
  /** The cells the plan fills: the target grid, or the band of its rows it was made for. */
  readonly target: GridSpec;
  readonly method: Resampling;
  /** The source cells the plan reads; indices below are relative to it. */
  readonly window: PixelWindow;
  /** Target cell t uses entries starts[t] … starts[t+1]−1. */
  readonly starts: Uint32Array;
  readonly sourceCells: Uint32Array;
  readonly weights: Float64Array;
}

/** gdalwarp's guard against floating-point noise at cell edges. */
const EDGE_EPS = 1e-10;

/**
 * With `band`, the plan fills only the target rows [row0, row1) (cell t = (row − row0)·width
 * + col), each placed by its row in the whole target, so its weights are those of a whole
 * plan bit for bit, and its window holds only the source cells those rows need.
 */
export function planRegrid(
  source: GridSpec,
  target: GridSpec,
  method: Resampling,
  band: RowBand = { row0: 0, row1: target.height },
): RegridPlan {
  const filled = band.row0 === 0 && band.row1 === target.height ? target : bandGrid(target, band);
  if (method === 'centres') return planCentres(source, target, band, filled);
  const toSourcePixel = sourcePixelMapper(source, target);
  // A global lon/lat source (e.g. CLM's 0…360°) is periodic in longitude.
  const periodic = isGeographic(source.epsg) && Math.abs(source.width * source.resX - 360) < 1e-9;
  const starts = new Uint32Array(target.width * filled.height + 1);
  const rows: number[] = [];
  const cols: number[] = [];
  const weights: number[] = [];
  const add = (r: number, col: number, w: number) => {
    const c = periodic ? ((col % source.width) + source.width) % source.width : col;
    if (w > 0 && r >= 0 && c >= 0 && r < source.height && c < source.width) {
      rows.push(r);
      cols.push(c);
      weights.push(w);
    }
  };
  for (let tr = band.row0; tr < band.row1; tr++) {
    for (let tc = 0; tc < target.width; tc++) {
      if (method === 'mean') addOverlaps(toSourcePixel, target, tr, tc, add, source.height, periodic ? Infinity : source.width);
      else addPointKernel(toSourcePixel, target, tr, tc, method, add);
      starts[(tr - band.row0) * target.width + tc + 1] = weights.length;
    }
  }
  return packPlan(filled, method, starts, rows, cols, weights);
}

/** Target cell t of `out` (from `outOffset`) = the plan applied to `windowData`. */
export function applyRegrid(plan: RegridPlan, windowData: Float32Array, out: Float32Array, outOffset = 0): void {
  const { starts, sourceCells, weights } = plan;
  const cells = starts.length - 1;
  const centreMustBeValid = plan.method === 'bilinear';
  for (let t = 0; t < cells; t++) {
    if (centreMustBeValid && !(windowData[sourceCells[starts[t]]] === windowData[sourceCells[starts[t]]])) {
      out[outOffset + t] = NaN;
      continue;
    }
    let sum = 0;
    let wsum = 0;
    for (let k = starts[t]; k < starts[t + 1]; k++) {
      const v = windowData[sourceCells[k]];
      if (v === v) {
        sum += v * weights[k];
        wsum += weights[k];
      }
    }
    out[outOffset + t] = wsum > 0 ? sum / wsum : NaN;
  }
}

/**
 * A mosaic of several source grids (MODIS or SRTM tiles of one day): each tile's weighted
 * sums and weights add into `sums`/`wsums`, so a target cell straddling two tiles is the
 * mean over the valid source cells of both, as one plan over their union would give.
 * A bilinear cell whose centre cell is missing in its tile becomes NaN (sum poisoned).
 */
export function accumulateRegrid(plan: RegridPlan, windowData: Float32Array, sums: Float64Array, wsums: Float64Array): void {
  const { starts, sourceCells, weights } = plan;
  const cells = starts.length - 1;
  const centreMustBeValid = plan.method === 'bilinear';
  for (let t = 0; t < cells; t++) {
    if (starts[t] === starts[t + 1]) continue;
    if (centreMustBeValid && !(windowData[sourceCells[starts[t]]] === windowData[sourceCells[starts[t]]])) {
      sums[t] = NaN;
      continue;
    }
    for (let k = starts[t]; k < starts[t + 1]; k++) {
      const v = windowData[sourceCells[k]];
      if (v === v) {
        sums[t] += v * weights[k];
        wsums[t] += weights[k];
      }
    }
  }
}

/** The mosaic's means from accumulateRegrid (NaN where no tile had a valid cell). */
export function finishMosaic(sums: Float64Array, wsums: Float64Array, out: Float32Array): void {
  for (let t = 0; t < out.length; t++) out[t] = wsums[t] > 0 ? sums[t] / wsums[t] : NaN;
}

type PixelMapper = (x: number, y: number) => [number, number];

/** Target CRS coordinates → fractional source pixel (column, row). */
function sourcePixelMapper(source: GridSpec, target: GridSpec): PixelMapper {
  const project = crsTransform(target.epsg, source.epsg);
  return (x, y) => {
    const [sx, sy] = project(x, y);
    return [(sx - source.originX) / source.resX, (source.originY - sy) / source.resY];
  };
}

function addPointKernel(
  toPixel: PixelMapper,
  target: GridSpec,
  tr: number,
  tc: number,
  method: 'nearest' | 'bilinear',
  add: (r: number, c: number, w: number) => void,
): void {
  const [px, py] = toPixel(target.originX + (tc + 0.5) * target.resX, target.originY - (tr + 0.5) * target.resY);
  if (!Number.isFinite(px) || !Number.isFinite(py)) return;
  if (method === 'nearest') {
    add(Math.floor(py + EDGE_EPS), Math.floor(px + EDGE_EPS), 1);
    return;
  }
  const x = px - 0.5;
  const y = py - 0.5;
  const c0 = Math.floor(x);
  const r0 = Math.floor(y);
  const fx = x - c0;
  const fy = y - r0;
  // The cell under the centre goes first: gdalwarp leaves a target cell empty when it is missing.
  const cr = Math.floor(py + EDGE_EPS);
  const cc = Math.floor(px + EDGE_EPS);
  const corners: [number, number, number][] = [
    [r0, c0, (1 - fx) * (1 - fy)],
    [r0, c0 + 1, fx * (1 - fy)],
    [r0 + 1, c0, (1 - fx) * fy],
    [r0 + 1, c0 + 1, fx * fy],
  ];
  corners.sort((a, b) => Number(b[0] === cr && b[1] === cc) - Number(a[0] === cr && a[1] === cc));
  for (const [r, c, w] of corners) add(r, c, w);
}

function addOverlaps(
  toPixel: PixelMapper,
  target: GridSpec,
  tr: number,
  tc: number,
  add: (r: number, c: number, w: number) => void,
  sourceRows: number,
  sourceCols: number,
): void {
  const west = target.originX + tc * target.resX;
  const north = target.originY - tr * target.resY;
  const [ax, ay] = toPixel(west, north);
  const [bx, by] = toPixel(west + target.resX, north - target.resY);
  if (![ax, ay, bx, by].every(Number.isFinite)) return;
  const x0 = Math.min(ax, bx);
  const x1 = Math.max(ax, bx);
  const y0 = Math.min(ay, by);
  const y1 = Math.max(ay, by);
  // only the part of the box on the source: a small tile under a large target would
  // otherwise walk every target cell's whole box (sourceCols is Infinity when periodic)
  const rEnd = Math.min(Math.ceil(y1 - EDGE_EPS), sourceRows);
  const cStart = sourceCols === Infinity ? Math.floor(x0 + EDGE_EPS) : Math.max(Math.floor(x0 + EDGE_EPS), 0);
  const cEnd = Math.min(Math.ceil(x1 - EDGE_EPS), sourceCols);
  for (let r = Math.max(Math.floor(y0 + EDGE_EPS), 0); r < rEnd; r++) {
    const wy = Math.min(r + 1, y1) - Math.max(r, y0);
    for (let c = cStart; c < cEnd; c++) {
      add(r, c, wy * (Math.min(c + 1, x1) - Math.max(c, x0)));
    }
  }
}

/**
 * Bins every source cell of the window that can reach the target by its centre: one
 * projection per source cell, then a counting sort into target order.
 */
function planCentres(source: GridSpec, target: GridSpec, band: RowBand, filled: GridSpec): RegridPlan {
  const win = centresWindow(source, target, band);
  const toTarget = crsTransform(source.epsg, target.epsg);
  const wrapLon = isGeographic(target.epsg);
  const cells = target.width * filled.height;
  const binOf = new Int32Array(win.rows * win.cols).fill(-1);
  const counts = new Uint32Array(cells + 1);
  for (let r = 0; r < win.rows; r++) {
    const y = source.originY - (win.row0 + r + 0.5) * source.resY;
    for (let c = 0; c < win.cols; c++) {
      let [tx, ty] = toTarget(source.originX + (win.col0 + c + 0.5) * source.resX, y);
      if (!Number.isFinite(tx) || !Number.isFinite(ty)) continue;
      if (wrapLon) tx = target.originX + ((((tx - target.originX) % 360) + 360) % 360);
      const tc = Math.floor((tx - target.originX) / target.resX);
      const tr = Math.floor((target.originY - ty) / target.resY);
      if (tc < 0 || tr < band.row0 || tc >= target.width || tr >= band.row1) continue;
      const t = (tr - band.row0) * target.width + tc;
      binOf[r * win.cols + c] = t;
      counts[t + 1]++;
    }
  }
  const starts = new Uint32Array(cells + 1);
  for (let t = 0; t < cells; t++) starts[t + 1] = starts[t] + counts[t + 1];
  const next = starts.slice(0, cells);
  const n = starts[cells];
  const rows = new Array<number>(n);
  const cols = new Array<number>(n);
  for (let k = 0; k < binOf.length; k++) {
    const t = binOf[k];
    if (t < 0) continue;
    const at = next[t]++;
    rows[at] = win.row0 + Math.floor(k / win.cols);
    cols[at] = win.col0 + (k % win.cols);
  }
  return packPlan(filled, 'centres', starts, rows, cols, new Array<number>(n).fill(1));
}

/**
 * The source cells that can lie in the target band: the bounding box, in source pixels, of
 * the target's boundary (every cell corner along its edges), one cell wider, clipped; the
 * whole source where the boundary leaves the source projection's domain.
 */
function centresWindow(source: GridSpec, target: GridSpec, band: RowBand): PixelWindow {
  const toPixel = sourcePixelMapper(source, target);
  let x0 = Infinity,
    x1 = -Infinity,
    y0 = Infinity,
    y1 = -Infinity;
  const visit = (x: number, y: number) => {
    const [px, py] = toPixel(x, y);
    x0 = Math.min(x0, px);
    x1 = Math.max(x1, px);
    y0 = Math.min(y0, py);
    y1 = Math.max(y1, py);
  };
  for (let c = 0; c <= target.width; c++) {
    visit(target.originX + c * target.resX, target.originY - band.row0 * target.resY);
    visit(target.originX + c * target.resX, target.originY - band.row1 * target.resY);
  }
  for (let r = band.row0; r <= band.row1; r++) {
    visit(target.originX, target.originY - r * target.resY);
    visit(target.originX + target.width * target.resX, target.originY - r * target.resY);
  }
  const periodic = isGeographic(source.epsg) && Math.abs(source.width * source.resX - 360) < 1e-9;
  if (![x0, x1, y0, y1].every(Number.isFinite) || periodic) return { row0: 0, col0: 0, rows: source.height, cols: source.width };
  const col0 = Math.max(0, Math.floor(x0) - 1);
  const row0 = Math.max(0, Math.floor(y0) - 1);
  const col1 = Math.min(source.width, Math.ceil(x1) + 1);
  const row1 = Math.min(source.height, Math.ceil(y1) + 1);
  return col1 > col0 && row1 > row0 ? { row0, col0, rows: row1 - row0, cols: col1 - col0 } : { row0: 0, col0: 0, rows: 0, cols: 0 };
}

function packPlan(
  target: GridSpec,
  method: Resampling,
  starts: Uint32Array,
  rows: number[],
  cols: number[],
  weights: number[],
): RegridPlan {
  let row0 = Infinity,
    col0 = Infinity,
    row1 = -1,
    col1 = -1;
  for (let k = 0; k < rows.length; k++) {
    row0 = Math.min(row0, rows[k]);
    row1 = Math.max(row1, rows[k]);
    col0 = Math.min(col0, cols[k]);
    col1 = Math.max(col1, cols[k]);
  }
  const window: PixelWindow =
    rows.length === 0 ? { row0: 0, col0: 0, rows: 0, cols: 0 } : { row0, col0, rows: row1 - row0 + 1, cols: col1 - col0 + 1 };
  const sourceCells = new Uint32Array(rows.length);
  for (let k = 0; k < rows.length; k++) sourceCells[k] = (rows[k] - window.row0) * window.cols + (cols[k] - window.col0);
  return Object.freeze({ target, method, window: Object.freeze(window), starts, sourceCells, weights: Float64Array.from(weights) });
}
