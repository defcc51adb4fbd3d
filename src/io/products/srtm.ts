/**
 * SRTM elevation tiles as NASA ships them (SRTMGL1/SRTMGL3, `N28E086.hgt` or zipped
 * `N28E086.SRTMGL1.hgt.zip`): raw big-endian int16 metres, 3601 × 3601 (1″) or
 * 1201 × 1201 (3″), void = −32768. The name gives the south-west corner; cells are
 * centred on whole degrees at the edges (pixel-is-point), so the grid's upper-left corner
 * is half a cell west of the tile's longitude and half a cell north of its latitude + 1,
 * as GDAL's SRTMHGT driver places it. Neighbouring tiles share their edge row / column.
 */
import { basename } from 'node:path';
import { readFile, stat } from 'node:fs/promises';
import { InputError } from '../../../core/errors.js';
import type { GridSpec } from '../../grid/gridspec.js';
import type { PixelWindow } from '../../grid/regrid.js';
import { readOnlyZipEntry } from '../zip-entry.js';
import type { ProductFile } from './product.js';

/** Cells per side: 3″ (SRTMGL3) and 1″ (SRTMGL1). */
const SIDES = [1201, 3601] as const;
/** The stored value of a void (no data) cell. */
export const SRTM_VOID = -32768;
const TILE_NAME = /^([NS])(\d{2})([EW])(\d{3})/i;
const HGT = /\.hgt$/i;
const HGT_ZIP = /\.hgt\.zip$/i;

/**
 * Whether a file is an SRTM tile by what it can be told from: its name (a tile name, `.hgt`
 * or `.hgt.zip`) and, having no magic bytes, a `.hgt` by its exact size (2 · N² bytes);
 * a `.hgt.zip` by the zip signature `head` starts with.
 */
export async function looksLikeSrtm(path: string, head: Buffer): Promise<boolean> {
  const name = basename(path);
  if (!TILE_NAME.test(name)) return false;
  if (HGT_ZIP.test(name)) return head.subarray(0, 4).toString('latin1') === 'PK\x03\x04';
  if (!HGT.test(name)) return false;
  const { size } = await stat(path);
  return SIDES.some((n) => size === 2 * n * n);
}

export async function srtmFile(path: string): Promise<ProductFile> {
  let entry = '';
  let bytes: Buffer;
  let tileName = basename(path);
  if (HGT_ZIP.test(path)) {
    const e = await readOnlyZipEntry(path, (n) => HGT.test(n), 'SRTM .hgt file');
    entry = `entry ${e.name}: `;
    bytes = e.data;
    // the entry (N28E086.hgt) names the tile; the archive's name may only start with it
    if (TILE_NAME.test(basename(e.name))) tileName = basename(e.name);
  } else {
    bytes = await readFile(path);
  }
  const side = SIDES.find((n) => bytes.length === 2 * n * n);
  if (side === undefined) {
    throw new InputError(
      path,
      `${entry}has ${bytes.length} bytes; an SRTM tile has ${SIDES.map((n) => `${2 * n * n} (${n} × ${n})`).join(' or ')}`,
    );
  }
  const grid = tileGrid(path, tileName, side);
  const heights = new Float32Array(side * side);
  for (let i = 0; i < heights.length; i++) {
    const v = bytes.readInt16BE(2 * i);
    heights[i] = v === SRTM_VOID ? NaN : v;
  }
  return {
    file: path,
    product: 'srtm',
    variable: 'elevation',
    grid,
    units: 'm',
    dates: [null],
    readLayer(_layer: number, w: PixelWindow) {
      const out = new Float32Array(w.rows * w.cols);
      for (let r = 0; r < w.rows; r++) {
        const from = (w.row0 + r) * side + w.col0;
        out.set(heights.subarray(from, from + w.cols), r * w.cols);
      }
      return out;
    },
    close: () => undefined,
  };
}

/** The tile's grid from its name: the south-west corner. */
function tileGrid(file: string, tileName: string, side: number): GridSpec {
  const m = TILE_NAME.exec(tileName);
  if (!m) throw new InputError(file, 'is not named like an SRTM tile (N28E086.hgt: the south-west corner): its place is unknown');
  const lat = Number(m[2]) * (m[1].toUpperCase() === 'S' ? -1 : 1);
  const lon = Number(m[4]) * (m[3].toUpperCase() === 'W' ? -1 : 1);
  if (lat < -90 || lat > 89 || lon < -180 || lon > 179) throw new InputError(file, `tile corner ${m[0]} is off the globe`);
  const res = 1 / (side - 1);
  return Object.freeze({ width: side, height: side, originX: lon - res / 2, originY: lat + 1 + res / 2, resX: res, resY: res, epsg: 4326 });
}
