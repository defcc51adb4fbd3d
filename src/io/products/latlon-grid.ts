/** A regular lon/lat grid from 1-D coordinate variables of cell centres. */
import { InputError } from '../../errors.js';
import type { GridSpec } from '../../grid/gridspec.js';
import type { DataFile } from '../data-file.js';

/** Coordinates may differ from a regular step by this fraction of a cell (float32 storage). */
const REGULAR_TOLERANCE = 1e-3;

export function latLonGrid(data: DataFile, latName: string, lonName: string): { grid: GridSpec; southUp: boolean } {
  const lat = axis(data, latName);
  const lon = axis(data, lonName);
  const resY = regularStep(data.path, latName, lat);
  const resX = regularStep(data.path, lonName, lon);
  if (resX <= 0) throw new InputError(data.path, `${lonName} must increase west → east`);
  const southUp = resY > 0;
  const north = southUp ? lat[lat.length - 1] + resY / 2 : lat[0] - resY / 2;
  const grid = Object.freeze({
    width: lon.length, height: lat.length, originX: lon[0] - resX / 2, originY: north,
    resX, resY: Math.abs(resY), epsg: 4326,
  });
  return { grid, southUp };
}

function axis(data: DataFile, name: string): Float64Array {
  const v = data.variable(name);
  if (v.shape.length !== 1 || v.shape[0] < 2) throw new InputError(data.path, `${name}: expected a 1-D coordinate with 2 or more values, found shape [${v.shape}]`);
  return Float64Array.from(data.readRaw(name, [0], [v.shape[0]]));
}

/** The step of an evenly spaced axis, rounded to float32 noise; fails on an irregular axis. */
function regularStep(file: string, name: string, a: Float64Array): number {
  const step = (a[a.length - 1] - a[0]) / (a.length - 1);
  for (let i = 1; i < a.length; i++) {
    if (Math.abs(a[i] - a[i - 1] - step) > REGULAR_TOLERANCE * Math.abs(step)) {
      throw new InputError(file, `${name} is not evenly spaced (step ${a[i] - a[i - 1]} at index ${i}, expected ${step}): not a regular grid`);
    }
  }
  return Number(step.toPrecision(9));
}
