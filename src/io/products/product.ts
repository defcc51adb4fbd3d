/**
 * A product file as smfuse reads it: a native grid, dated layers and a reader of one
 * layer over a window of that grid, decoded (NaN = missing) and in honest units.
 */
import { InputError } from '../../../core/errors.js';
import type { ProductName } from '../../config/product-names.js';
import type { GridSpec } from '../../grid/gridspec.js';
import type { PixelWindow } from '../../grid/regrid.js';
import { cfDecode, cfPacking } from '../cf-decode.js';
import { attrString, type DataFile, type VariableInfo } from '../data-file.js';
import type { Logger } from '../../log.js';
import { checkedDate } from '../../cube/dates.js';

export interface ProductFile {
  readonly file: string;
  readonly product: ProductName;
  readonly variable: string;
  readonly grid: GridSpec;
  /** `m3/m3` for soil moisture, else the product's own units (e.g. `% saturation`). */
  readonly units: string;
  /** Per layer; null for an undated (static) layer. */
  readonly dates: readonly (string | null)[];
  /**
   * ISO 8601 duration one layer stands for, where the product says (C3S/ESA CCI `P1D`,
   * dekadal `P10D`, monthly `P1M`); a layer's date is its period's first day. Absent =
   * an instantaneous or daily retrieval.
   */
  readonly period?: string;
  readLayer(layer: number, window: PixelWindow): Float32Array;
  close(): void;
}

export interface ProductOptions {
  /** The variable (NetCDF name or HDF5 path); each product has a default. */
  variable?: string;
  /** SMAP: overpass, default 'am'. FY-3B: ascending 'am' or descending 'pm' file part. */
  pass?: 'am' | 'pm';
  /** SMAP: keep only retrieval_qual_flag "recommended quality" cells (bit 0 clear). Default true. */
  recommendedQuality?: boolean;
  /** Where a reader reports what it leaves out (e.g. model-calendar days no Gregorian year has). */
  log?: Logger;
}

/**
 * Units attributes that mean a volume fraction, as products spell them ("m3 m-3", "m3.m-3",
 * "m3/m3", "cm**3/cm**3", "m^3/m^3", "m3m-3", "m³/m³", …), once `**`, `^` are dropped,
 * superscript ³ is 3 and `.` or spaces between the factors are one space.
 */
const VOLUME_FRACTION = /^(mm|cm|m)3 ?(?:\/ ?\1 ?3|\1 ?-3)$/;
/** Percent by volume, whatever the long name says. */
const PERCENT_VOLUME = new Set(['% vol', 'vol %', 'vol%', '%vol', 'percent volume', 'volume percent', '% (vol)']);

/** A units attribute in one spelling: lower case, `**`/`^` dropped, `.` and spaces between factors as one space. */
export function normaliseUnits(units: string): string {
  return units
    .trim()
    .toLowerCase()
    .replace(/\*\*|\^/g, '')
    .replace(/³/g, '3')
    .replace(/(?<=[a-z0-9])\.(?=[a-z])/g, ' ')
    .replace(/\s+/g, ' ');
}

/** How stored soil moisture becomes m³/m³, from its units attribute. */
export function soilMoistureScale(file: string, v: VariableInfo): { factor: number; units: string } {
  const units = normaliseUnits(attrString(v.attrs, 'units') ?? '');
  const longName = (attrString(v.attrs, 'long_name') ?? '').toLowerCase();
  if (VOLUME_FRACTION.test(units)) {
    return { factor: 1, units: 'm3/m3' };
  }
  if (PERCENT_VOLUME.has(units)) return { factor: 0.01, units: 'm3/m3' };
  if (units === '%' || units === 'percent' || units === 'percent (%)') {
    // ESA CCI ACTIVE is the degree of saturation: not a volume fraction, so it is kept as is.
    if (longName.includes('saturation')) return { factor: 1, units: '% saturation' };
    if (longName.includes('volumetric')) return { factor: 0.01, units: 'm3/m3' };
  }
  throw new InputError(
    file,
    `${v.name}: unknown soil-moisture units "${attrString(v.attrs, 'units') ?? ''}" (long_name "${longName}"); expected m3 m-3, or percent volumetric / of saturation`,
  );
}

export interface GridVariable {
  data: DataFile;
  variable: VariableInfo;
  grid: GridSpec;
  /** Stored south → north (CLM): rows are flipped to north-up on read. */
  southUp: boolean;
  /** Index of the layer (time) dimension, or -1 for a 2-D variable. */
  layerDim: number;
  /** Multiplies decoded values (unit conversion). */
  factor: number;
}

/** Reads one layer of a [layer?, y, x] variable over a north-up window of its grid. */
export function readGridLayer(g: GridVariable, layer: number, window: PixelWindow): Float32Array {
  const out = new Float32Array(window.rows * window.cols);
  if (out.length === 0) return out;
  const rank = g.variable.shape.length;
  const row0 = g.southUp ? g.grid.height - window.row0 - window.rows : window.row0;
  const start = new Array<number>(rank).fill(0);
  const count = new Array<number>(rank).fill(1);
  if (g.layerDim >= 0) start[g.layerDim] = layer;
  start[rank - 2] = row0;
  count[rank - 2] = window.rows;
  start[rank - 1] = window.col0;
  count[rank - 1] = window.cols;
  const raw = g.data.readRaw(g.variable.name, start, count);
  cfDecode(raw, cfPacking(g.data.path, g.variable), out);
  if (g.factor !== 1) for (let i = 0; i < out.length; i++) out[i] *= g.factor;
  if (g.southUp) flipRows(out, window.rows, window.cols);
  return out;
}

function flipRows(a: Float32Array, rows: number, cols: number): void {
  const tmp = new Float32Array(cols);
  for (let r = 0; r < rows >> 1; r++) {
    const top = a.subarray(r * cols, (r + 1) * cols);
    const bottom = a.subarray((rows - 1 - r) * cols, (rows - r) * cols);
    tmp.set(top);
    top.set(bottom);
    bottom.set(tmp);
  }
}

/**
 * The first date in a file name (YYYY-MM-DD, or YYYYMMDD as in 20100101000000), or null.
 * One written as a date that no calendar has (2017-02-31, 2017-13-01, 20170230) is an
 * InputError naming the file, not a day that rolls over.
 */
export function dateInFileName(path: string): string | null {
  const name = path.replace(/^.*\//, '');
  const m = /(?:^|[^0-9])(?:((?:19|20)\d{2})-(\d{2})-(\d{2})(?![0-9])|((?:19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01]))/.exec(name);
  if (!m) return null;
  const [y, mo, d] = m[1] !== undefined ? [m[1], m[2], m[3]] : [m[4], m[5], m[6]];
  return checkedDate(+y, +mo, +d, path, `the date in the file name "${name}"`);
}

/** Checks the variable has the expected trailing grid shape. */
export function checkGridShape(file: string, v: VariableInfo, grid: GridSpec, what: string): void {
  const s = v.shape;
  if (s.length < 2 || s[s.length - 1] !== grid.width || s[s.length - 2] !== grid.height) {
    throw new InputError(file, `${v.name}: shape [${s}] is not the ${what} grid (${grid.height} rows × ${grid.width} columns)`);
  }
}
