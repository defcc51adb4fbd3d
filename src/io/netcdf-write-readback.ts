/**
 * A raster of a run's fused.nc as the GeoTIFF reader gives it (RasterStack), so that what
 * reads a run's outputs (the report) reads a `--format netcdf` run as a GeoTIFF one.
 * Only for files netcdf-write.ts wrote: the grid comes from the `crs` variable's
 * GeoTransform and EPSG authority, the dates from `time` (days since 1970-01-01).
 */
import { InputError } from '../../core/errors.js';
import { authorityCode } from './products/cf-grid-mapping.js';
import { attrNumbers, attrString } from './data-file.js';
import type { RasterStack } from './geotiff-read.js';
import { openDataFile } from './open-data-file.js';

const MS_PER_DAY = 86_400_000;

/** Variable `name` of `path` ([time, y, x] or [y, x]), fill values NaN; null when the file has no such variable. */
export async function readNetcdfRaster(path: string, name: string): Promise<RasterStack | null> {
  const file = await openDataFile(path);
  try {
    if (!file.hasVariable(name)) return null;
    const v = file.variable(name);
    const crs = file.variable('crs');
    const transform = (attrString(crs.attrs, 'GeoTransform') ?? '').split(' ').map(Number);
    const epsg = authorityCode(attrString(crs.attrs, 'crs_wkt') ?? '');
    if (transform.length !== 6 || transform.some((x) => !Number.isFinite(x)) || epsg === null) {
      throw new InputError(path, 'has no smfuse grid (crs:GeoTransform and crs:crs_wkt with an EPSG code); it was not written by smfuse');
    }
    const daily = v.shape.length === 3;
    const [height, width] = v.shape.slice(-2);
    const bands = daily ? v.shape[0] : 1;
    const raw = file.readRaw(
      name,
      v.shape.map(() => 0),
      v.shape,
    );
    const fill = attrNumbers(v.attrs, '_FillValue')?.[0];
    const data = Float32Array.from(raw, (x) => (x === fill ? NaN : x));
    const dates = daily
      ? Array.from(file.readRaw('time', [0], [bands]), (d) => new Date(d * MS_PER_DAY).toISOString().slice(0, 10))
      : [null];
    const grid = { width, height, originX: transform[0], resX: transform[1], originY: transform[3], resY: -transform[5], epsg };
    return { file: path, grid, bands, data, dates, nodata: fill ?? null };
  } finally {
    file.close();
  }
}
