/**
 * SMAP soil moisture and freeze/thaw HDF5 files as NSIDC and Harmony ship them, following
 * the NSIDC data-field descriptions:
 * - L3 SPL3SMP (36 km) / SPL3SMP_E (9 km): `/Soil_Moisture_Retrieval_Data_AM/soil_moisture`,
 *   `/Soil_Moisture_Retrieval_Data_PM/soil_moisture_pm` [row][col], `retrieval_qual_flag(_pm)`
 *   bit 0 set = not recommended quality, `EASE_row_index(_pm)` / `EASE_column_index(_pm)`,
 *   `latitude(_pm)` / `longitude(_pm)`.
 * - L4 SPL4SMGP `/Geophysical_Data/sm_surface`, SPL4SMAU `/Analysis_Data/sm_surface_analysis`
 *   (9 km), `cell_row` / `cell_column`, `cell_lat` / `cell_lon`, a CF `time`.
 * - L2 SPL2SMP(_E): `/Soil_Moisture_Retrieval_Data/soil_moisture` as 1-D swath-grid arrays
 *   with `EASE_row_index` / `EASE_column_index`: each retrieval goes to its EASE-Grid 2.0
 *   cell (the mean where several fall in one).
 * - L3 SPL3FTP `/Freeze_Thaw_Retrieval_Data_Global/freeze_thaw` [am_pm][row][col]
 *   (0 thawed, 1 frozen): a 0/1 mask layer, frozen = 1.
 * Global grids, spatial subsets (placed from x/y in metres, EASE row/column indices or
 * cell latitudes/longitudes) and Harmony-reprojected files with a CF grid are read.
 * Fill −9999, cm³/cm³; the date is in the file name (SMAP_L3_SM_P_YYYYMMDD_…), else
 * in `time`.
 */
import { InputError } from '../../../core/errors.js';
import type { GridSpec } from '../../grid/gridspec.js';
import type { PixelWindow } from '../../grid/regrid.js';
import { decodeCfDates } from '../cf-time.js';
import { cfDecode, cfPacking } from '../cf-decode.js';
import { attrString, type DataFile, type VariableInfo } from '../data-file.js';
import { siblingOrRoot } from './cf-grid-mapping.js';
import {
  ease2Grid,
  ease2GlobalOfShape,
  ease2Index,
  ease2KmOfCell,
  ease2Window,
  isWhole,
  lonLatToEase2,
  windowOffset,
  type Ease2Km,
} from './ease2-grid.js';
import { coordinateGrid } from './latlon-grid.js';
import { dateInFileName, readGridLayer, soilMoistureScale, type GridVariable, type ProductFile, type ProductOptions } from './product.js';

const L3_GROUP = { am: '/Soil_Moisture_Retrieval_Data_AM', pm: '/Soil_Moisture_Retrieval_Data_PM' } as const;
const SUFFIX = { am: '', pm: '_pm' } as const;
const L4_DEFAULTS = ['/Geophysical_Data/sm_surface', '/Analysis_Data/sm_surface_analysis'];
const L2_SM = '/Soil_Moisture_Retrieval_Data/soil_moisture';
const FT = '/Freeze_Thaw_Retrieval_Data_Global/freeze_thaw';
const NOT_RECOMMENDED = 1;
/** Fill values of the uint16 / uint32 EASE index arrays. */
const INDEX_FILLS = new Set([65534, 65535, 4294967294, 4294967295, -9999]);

export function isSmap(data: DataFile): boolean {
  return [`${L3_GROUP.am}/soil_moisture`, `${L3_GROUP.pm}/soil_moisture_pm`, ...L4_DEFAULTS, L2_SM, FT].some((n) => data.hasVariable(n));
}

export function smapFile(data: DataFile, options: ProductOptions = {}): ProductFile {
  const pass = options.pass ?? 'am';
  const name = resolveVariable(data, options.variable, pass);
  const variable = data.variable(name);
  const group = name.slice(0, name.lastIndexOf('/'));
  const suffix = group === L3_GROUP.pm ? '_pm' : '';
  const base = name.slice(name.lastIndexOf('/') + 1);
  const freezeThaw = name === FT;
  const { factor, units } = freezeThaw ? { factor: 1, units: 'frozen (1) / thawed (0)' } : soilMoistureScale(data.path, variable);
  const flagName = siblingOrRoot(data, name, `retrieval_qual_flag${suffix}`);
  const filter = (options.recommendedQuality ?? true) && base.startsWith('soil_moisture');
  if (filter && options.variable === undefined && !flagName)
    throw new InputError(
      data.path,
      `no ${group}/retrieval_qual_flag${suffix} for the recommended-quality filter (give --all-quality to read without it)`,
    );
  const quality = filter && flagName ? data.variable(flagName) : null;
  const date = dateInFileName(data.path) ?? dateInFileName(attrString(data.globalAttrs, 'Filename') ?? '') ?? timeDate(data);
  const common = { file: data.path, product: 'smap' as const, variable: name, units, dates: [date], close: () => data.close() };
  const dropped = (n: number) => {
    if (n > 0)
      options.log?.warn(
        'SMAP_NOT_RECOMMENDED',
        `${data.path}: cells whose retrieval_qual_flag says "not of recommended quality" were left out (--all-quality keeps them)`,
        n,
      );
  };
  if (variable.shape.length === 1) {
    const swath = swathGrid(data, variable, group);
    return { ...common, grid: swath.grid, readLayer: (_l, window) => swath.read(window, factor, quality, dropped) };
  }
  const { grid, southUp } = placeGrid(data, variable, group, suffix);
  const layerDim = layerDimension(data.path, variable, freezeThaw);
  const layer = layerDim >= 0 && pass === 'pm' ? 1 : 0;
  const sm: GridVariable = { data, variable, grid, southUp, layerDim, factor };
  const flags: GridVariable | null = quality ? { ...sm, variable: { ...quality, attrs: {} } } : null;
  return {
    ...common,
    grid,
    readLayer(_layer, window) {
      const out = readGridLayer(sm, layer, window);
      if (freezeThaw) for (let i = 0; i < out.length; i++) out[i] = out[i] === 1 ? 1 : out[i] === 0 ? 0 : NaN;
      if (flags) dropped(dropNotRecommended(out, readGridLayer(flags, layer, window)));
      return out;
    },
  };
}

/**
 * The variable a name means: a full path; else a short name (`soil_moisture`,
 * `sm_surface`) that must be unique across groups (with --pass pm, `<name>_pm` of the PM
 * group first); else the product's soil moisture.
 */
function resolveVariable(data: DataFile, requested: string | undefined, pass: 'am' | 'pm'): string {
  if (requested === undefined) {
    const defaults = [`${L3_GROUP[pass]}/soil_moisture${SUFFIX[pass]}`, ...L4_DEFAULTS, L2_SM, FT];
    const found = defaults.find((n) => data.hasVariable(n));
    if (!found) throw new InputError(data.path, `no SMAP soil moisture for the ${pass.toUpperCase()} pass (${defaults[0]})`);
    return found;
  }
  if (requested.includes('/') && data.hasVariable(requested)) return data.variable(requested).name;
  const short = requested.replace(/^\//, '');
  const named = (n: string) =>
    data
      .variables()
      .filter((v) => v.name.slice(v.name.lastIndexOf('/') + 1) === n)
      .map((v) => v.name);
  const pm = pass === 'pm' && !short.endsWith('_pm') ? named(`${short}_pm`).filter((n) => n.startsWith(`${L3_GROUP.pm}/`)) : [];
  const candidates = pm.length > 0 ? pm : named(short);
  if (candidates.length === 1) return candidates[0];
  if (candidates.length > 1)
    throw new InputError(data.path, `--var ${requested} is ambiguous: ${candidates.join(', ')} (give the full path)`);
  return data.variable(requested).name; // fails naming what the file has
}

/** Index of the AM/PM dimension (freeze/thaw [am_pm][y][x]), or -1. */
function layerDimension(file: string, v: VariableInfo, freezeThaw: boolean): number {
  if (v.shape.length === 2) return -1;
  if (v.shape.length === 3 && freezeThaw && v.shape[0] === 2) return 0;
  throw new InputError(file, `${v.name}: shape [${v.shape}] is not a [row, column] grid`);
}

function dropNotRecommended(sm: Float32Array, flags: Float32Array): number {
  let n = 0;
  for (let i = 0; i < sm.length; i++) {
    if ((flags[i] & NOT_RECOMMENDED) !== 0 && !Number.isNaN(sm[i])) {
      sm[i] = NaN;
      n++;
    }
  }
  return n;
}

/** The date of a CF `time` variable's first value (SMAP L4), or null. */
function timeDate(data: DataFile): string | null {
  const name = siblingOrRoot(data, '/', 'time');
  if (!name) return null;
  const t = data.variable(name);
  if (t.shape.length > 1 || (t.shape[0] ?? 1) < 1) return null;
  return (
    decodeCfDates(
      data.path,
      data.readRaw(
        name,
        t.shape.map(() => 0),
        t.shape.map(() => 1),
      ),
      attrString(t.attrs, 'units'),
      attrString(t.attrs, 'calendar'),
    )[0] ?? null
  );
}

/** The cell size a file name implies: `_E_` (enhanced) and L4 are 9 km, other L2/L3 36 km. */
function kmFromName(data: DataFile): Ease2Km | null {
  const name = `${data.path.replace(/^.*\//, '')} ${attrString(data.globalAttrs, 'Filename') ?? ''}`;
  if (/SMAP_L4_|SPL4|SMAP_L[23]_\w*_E_|SPL[23]\w*_E\b/i.test(name)) return 9;
  if (/SMAP_L[23]_|SPL[23]/i.test(name)) return 36;
  return null;
}

/**
 * Where a [.., rows, cols] variable lies: the global grid by its shape; else its x/y (or
 * lat/lon) coordinate variables, with their CF grid mapping; else the EASE row/column
 * indices beside it; else its cells' latitudes/longitudes.
 */
function placeGrid(data: DataFile, v: VariableInfo, group: string, suffix: string): { grid: GridSpec; southUp: boolean } {
  const rank = v.shape.length;
  const [rows, cols] = [v.shape[rank - 2], v.shape[rank - 1]];
  const global = ease2GlobalOfShape(rows, cols);
  if (global && global.km !== 25) return { grid: global.grid, southUp: false };
  const byAxes = coordinateGrid(data, v, (res) => (ease2KmOfCell(res) ? 6933 : null));
  if (byAxes) return { grid: snapToEase2(byAxes.grid), southUp: byAxes.southUp };
  const sibling = (names: string[]) =>
    names.map((n) => siblingOrRoot(data, v.name, n)).find((n): n is string => n !== null && sameGrid(data.variable(n), rows, cols)) ?? null;
  const rowName = sibling([`EASE_row_index${suffix}`, 'cell_row']);
  const colName = sibling([`EASE_column_index${suffix}`, 'cell_column']);
  const latName = sibling([`latitude${suffix}`, 'cell_lat']);
  const lonName = sibling([`longitude${suffix}`, 'cell_lon']);
  const read = (n: string) => {
    const x = data.variable(n);
    return data.readRaw(
      n,
      x.shape.map(() => 0),
      x.shape,
    );
  };
  const lat = latName && lonName ? read(latName) : null;
  const lon = latName && lonName ? read(lonName) : null;
  const km = kmFromName(data) ?? (lat && lon ? kmFromLatLon(lat, lon) : null);
  if (rowName && colName && km) {
    const valid = (x: number) => !INDEX_FILLS.has(x);
    const row0 = windowOffset(data.path, rowName, read(rowName), rows, cols, 'row', valid);
    const col0 = windowOffset(data.path, colName, read(colName), rows, cols, 'col', valid);
    if (row0 !== null && col0 !== null) return { grid: checkedWindow(data.path, km, row0, col0, rows, cols), southUp: false };
  }
  if (lat && lon && km) {
    const { row, col } = indicesFromLatLon(km, lat, lon);
    const row0 = windowOffset(data.path, `${latName}`, row, rows, cols, 'row', (x) => x >= 0);
    const col0 = windowOffset(data.path, `${lonName}`, col, rows, cols, 'col', (x) => x >= 0);
    if (row0 !== null && col0 !== null) return { grid: checkedWindow(data.path, km, row0, col0, rows, cols), southUp: false };
  }
  throw new InputError(
    data.path,
    `${v.name}: shape [${rows}, ${cols}] is not a global EASE-Grid 2.0 (36 km 406 × 964, 9 km 1624 × 3856) and the file has no x/y coordinates, EASE row/column indices or cell latitudes/longitudes (with a known cell size) to place it${group ? ` in ${group}` : ''}`,
  );
}

/**
 * An EPSG:6933 grid whose cells are EASE-Grid 2.0 cells (Harmony's x/y are the cell
 * centres to a metre) as the exact window of the global grid; any other grid as it is.
 */
function snapToEase2(g: GridSpec): GridSpec {
  const km = g.epsg === 6933 ? ease2KmOfCell(g.resX) : null;
  if (!km || Math.abs(g.resY - g.resX) > 1e-6 * g.resX) return g;
  const at = ease2Index(km, g.originX + g.resX / 2, g.originY - g.resY / 2);
  if (!isWhole(at.row) || !isWhole(at.col)) return g;
  const [row0, col0] = [Math.round(at.row), Math.round(at.col)];
  const global = ease2Grid(km);
  if (row0 < 0 || col0 < 0 || row0 + g.height > global.height || col0 + g.width > global.width) return g;
  return ease2Window(km, row0, col0, g.height, g.width);
}

function sameGrid(v: VariableInfo, rows: number, cols: number): boolean {
  const s = v.shape;
  return s.length >= 2 && s[s.length - 2] === rows && s[s.length - 1] === cols && s.slice(0, -2).every((n) => n === 1);
}

function checkedWindow(file: string, km: Ease2Km, row0: number, col0: number, rows: number, cols: number): GridSpec {
  const g = ease2Grid(km);
  if (row0 < 0 || col0 < 0 || row0 + rows > g.height || col0 + cols > g.width) {
    throw new InputError(
      file,
      `rows ${row0}…${row0 + rows - 1}, columns ${col0}…${col0 + cols - 1} lie outside the ${km} km EASE-Grid 2.0 (${g.height} × ${g.width})`,
    );
  }
  return ease2Window(km, row0, col0, rows, cols);
}

/** EASE row/column of each cell from its latitude/longitude (−1 where missing or off centre). */
function indicesFromLatLon(km: Ease2Km, lat: ArrayLike<number>, lon: ArrayLike<number>): { row: Float64Array; col: Float64Array } {
  const row = new Float64Array(lat.length).fill(-1);
  const col = new Float64Array(lat.length).fill(-1);
  for (let i = 0; i < lat.length; i++) {
    if (!(Math.abs(lat[i]) <= 90 && Math.abs(lon[i]) <= 180)) continue;
    const [x, y] = lonLatToEase2(lon[i], lat[i]);
    const at = ease2Index(km, x, y);
    if (isWhole(at.row) && isWhole(at.col)) [row[i], col[i]] = [Math.round(at.row), Math.round(at.col)];
  }
  return { row, col };
}

/** The cell size whose cell centres the first valid latitude/longitude is, or null. */
function kmFromLatLon(lat: ArrayLike<number>, lon: ArrayLike<number>): Ease2Km | null {
  for (let i = 0; i < lat.length; i++) {
    if (!(Math.abs(lat[i]) <= 90 && Math.abs(lon[i]) <= 180)) continue;
    const [x, y] = lonLatToEase2(lon[i], lat[i]);
    for (const km of [36, 9] as const) {
      const at = ease2Index(km, x, y);
      if (isWhole(at.row) && isWhole(at.col)) return km;
    }
    return null;
  }
  return null;
}

interface Swath {
  grid: GridSpec;
  read(window: PixelWindow, factor: number, quality: VariableInfo | null, dropped: (n: number) => void): Float32Array;
}

/**
 * L2 swath-grid arrays: retrieval i lies in EASE cell (EASE_row_index[i],
 * EASE_column_index[i]). The grid is the window of the global grid the retrievals span.
 */
function swathGrid(data: DataFile, v: VariableInfo, group: string): Swath {
  const n = v.shape[0];
  const one = (base: string) => {
    const name = siblingOrRoot(data, v.name, base);
    if (!name || data.variable(name).shape.length !== 1 || data.variable(name).shape[0] !== n)
      throw new InputError(data.path, `${v.name}: 1-D swath data need ${group}/${base} of ${n} values to place each retrieval`);
    return data.readRaw(name, [0], [n]);
  };
  const rowIdx = one('EASE_row_index');
  const colIdx = one('EASE_column_index');
  const latName = siblingOrRoot(data, v.name, 'latitude');
  const lonName = siblingOrRoot(data, v.name, 'longitude');
  const km =
    kmFromName(data) ?? (latName && lonName ? kmFromLatLon(data.readRaw(latName, [0], [n]), data.readRaw(lonName, [0], [n])) : null);
  if (!km)
    throw new InputError(
      data.path,
      'cannot tell the EASE-Grid 2.0 cell size (36 or 9 km) of this L2 file: keep the NSIDC file name (SMAP_L2_SM_P_… / SMAP_L2_SM_P_E_…)',
    );
  const g = ease2Grid(km);
  let [r0, r1, c0, c1] = [Infinity, -Infinity, Infinity, -Infinity];
  for (let i = 0; i < n; i++) {
    const [r, c] = [rowIdx[i], colIdx[i]];
    if (INDEX_FILLS.has(r) || INDEX_FILLS.has(c)) continue;
    if (!(r >= 0 && r < g.height && c >= 0 && c < g.width))
      throw new InputError(data.path, `retrieval ${i}: EASE row ${r}, column ${c} lie outside the ${km} km grid`);
    [r0, r1, c0, c1] = [Math.min(r0, r), Math.max(r1, r), Math.min(c0, c), Math.max(c1, c)];
  }
  if (r0 === Infinity) throw new InputError(data.path, `${v.name}: no retrieval has an EASE row/column`);
  const grid = ease2Window(km, r0, c0, r1 - r0 + 1, c1 - c0 + 1);
  return {
    grid,
    read(window, factor, quality, dropped) {
      const values = new Float32Array(n);
      cfDecode(data.readRaw(v.name, [0], [n]), cfPacking(data.path, v), values);
      if (quality) dropped(dropNotRecommended(values, Float32Array.from(data.readRaw(quality.name, [0], [n]))));
      const sum = new Float64Array(window.rows * window.cols);
      const count = new Uint32Array(sum.length);
      for (let i = 0; i < n; i++) {
        if (Number.isNaN(values[i])) continue;
        const r = rowIdx[i] - r0 - window.row0;
        const c = colIdx[i] - c0 - window.col0;
        if (r < 0 || c < 0 || r >= window.rows || c >= window.cols) continue;
        sum[r * window.cols + c] += values[i];
        count[r * window.cols + c]++;
      }
      const out = new Float32Array(sum.length);
      for (let k = 0; k < out.length; k++) out[k] = count[k] > 0 ? (sum[k] / count[k]) * factor : NaN;
      return out;
    },
  };
}
