/**
 * Regular grids from 1-D coordinate variables of cell centres: lon/lat in degrees, or
 * projected x/y (CF `grid_mapping`, or a CRS the product implies) in metres.
 */
import { InputError } from '../../../core/errors.js';
import { isGeographic } from '../../grid/crs.js';
import type { GridSpec } from '../../grid/gridspec.js';
import { attrString, type DataFile, type VariableInfo } from '../data-file.js';
import { epsgOfGridMapping, gridMappingOf, siblingOrRoot } from './cf-grid-mapping.js';

/** Coordinates may differ from a regular step by this fraction of a cell (float32 storage). */
const REGULAR_TOLERANCE = 1e-3;

export interface AxesGrid {
  grid: GridSpec;
  /** Rows stored south → north: flipped to north-up on read. */
  southUp: boolean;
}

export function latLonGrid(data: DataFile, latName: string, lonName: string): AxesGrid {
  return regularAxesGrid(data.path, lonName, readAxis(data, lonName), latName, readAxis(data, latName), 4326);
}

/** A grid from x (west → east) and y (either way) cell centres. */
export function regularAxesGrid(file: string, xName: string, x: Float64Array, yName: string, y: Float64Array, epsg: number): AxesGrid {
  const resY = regularStep(file, yName, y);
  const resX = regularStep(file, xName, x);
  if (resX <= 0) throw new InputError(file, `${xName} must increase west → east`);
  const southUp = resY > 0;
  const north = southUp ? y[y.length - 1] + resY / 2 : y[0] - resY / 2;
  const grid = Object.freeze({
    width: x.length,
    height: y.length,
    originX: x[0] - resX / 2,
    originY: north,
    resX,
    resY: Math.abs(resY),
    epsg,
  });
  return { grid, southUp };
}

type AxisUnits = 'degrees' | 'metres';

function axisUnits(v: VariableInfo): { kind: AxisUnits; factor: number } | null {
  const u = (attrString(v.attrs, 'units') ?? '').trim().toLowerCase();
  if (/^degrees?(_?(east|north|e|n))?$/.test(u)) return { kind: 'degrees', factor: 1 };
  if (['m', 'metre', 'meter', 'metres', 'meters'].includes(u)) return { kind: 'metres', factor: 1 };
  if (u === 'km') return { kind: 'metres', factor: 1000 };
  return null;
}

/**
 * The grid of a [.., y, x] variable from the coordinate variables of its last two
 * dimensions, or null when it has none. The CRS is its `grid_mapping`'s; without one,
 * degrees are WGS 84 and metres take `metresCrs(cell size)` (a product's own grid).
 */
export function coordinateGrid(data: DataFile, v: VariableInfo, metresCrs: (resX: number) => number | null = () => null): AxesGrid | null {
  const rank = v.shape.length;
  if (rank < 2) return null;
  const yName = siblingOrRoot(data, v.name, v.dims[rank - 2]);
  const xName = siblingOrRoot(data, v.name, v.dims[rank - 1]);
  if (!xName || !yName || xName === v.name || yName === v.name) return null;
  const xv = data.variable(xName);
  const yv = data.variable(yName);
  if (xv.shape.length !== 1 || yv.shape.length !== 1 || xv.shape[0] !== v.shape[rank - 1] || yv.shape[0] !== v.shape[rank - 2]) return null;
  // a NetCDF-4 dimension without a coordinate variable is an HDF5 dataset without units
  if (attrString(xv.attrs, 'units') === undefined || attrString(yv.attrs, 'units') === undefined) return null;
  const xu = axisUnits(xv);
  const yu = axisUnits(yv);
  if (!xu || !yu || xu.kind !== yu.kind) {
    throw new InputError(
      data.path,
      `${xName} / ${yName}: units "${attrString(xv.attrs, 'units') ?? ''}" / "${attrString(yv.attrs, 'units') ?? ''}" are not both degrees or both metres`,
    );
  }
  const x = readAxis(data, xName).map((c) => c * xu.factor);
  const y = readAxis(data, yName).map((c) => c * yu.factor);
  const gm = gridMappingOf(data, v);
  const epsg = gm ? epsgOfGridMapping(data.path, gm) : xu.kind === 'degrees' ? 4326 : metresCrs(Math.abs(x[1] - x[0]));
  if (epsg === null)
    throw new InputError(data.path, `${v.name}: ${xName}/${yName} are in metres but there is no grid_mapping to say in which projection`);
  if (isGeographic(epsg) !== (xu.kind === 'degrees')) {
    throw new InputError(data.path, `${v.name}: ${xName}/${yName} are in ${xu.kind} but the grid mapping is EPSG:${epsg}`);
  }
  return regularAxesGrid(data.path, xName, x, yName, y, epsg);
}

function readAxis(data: DataFile, name: string): Float64Array {
  const v = data.variable(name);
  if (v.shape.length !== 1 || v.shape[0] < 2)
    throw new InputError(data.path, `${name}: expected a 1-D coordinate with 2 or more values, found shape [${v.shape}]`);
  return Float64Array.from(data.readRaw(name, [0], [v.shape[0]]));
}

/** The step of an evenly spaced axis, rounded to float32 noise; fails on an irregular axis. */
function regularStep(file: string, name: string, a: Float64Array): number {
  const step = (a[a.length - 1] - a[0]) / (a.length - 1);
  for (let i = 1; i < a.length; i++) {
    if (Math.abs(a[i] - a[i - 1] - step) > REGULAR_TOLERANCE * Math.abs(step)) {
      throw new InputError(
        file,
        `${name} is not evenly spaced (step ${a[i] - a[i - 1]} at index ${i}, expected ${step}): not a regular grid`,
      );
    }
  }
  return Number(step.toPrecision(9));
}
