/**
 * CF-1.8 NetCDF-4 output through h5wasm: HDF5 laid out as netCDF-C lays it out, so that
 * ncdump, GDAL, xarray and CDO read it as NetCDF-4. Dimensions are HDF5 dimension scales
 * that are also the coordinate variables (`time`, and `lat`/`lon` or `y`/`x`), creation
 * order is tracked (netCDF-C numbers dimensions and lists attributes in that order), text
 * attributes are fixed-length strings (NC_CHAR, as CF asks), data variables are chunked
 * and deflated. Rows run north to south as in the GeoTIFFs (lat descending, as ESA CCI and
 * C3S do), so GDAL reads the same north-up grid.
 */
import { cellCenterLat, cellCenterLon, type GridSpec } from '../grid/gridspec.js';
import { writePathAtomically } from './atomic-file.js';
import { netcdfGridMapping } from './netcdf-write-crs.js';
import { zeroObjectTimes } from './hdf5-object-times.js';

export type NetcdfAttr = string | number | readonly number[] | Uint8Array;

export interface NetcdfVariable {
  readonly name: string;
  /** float32 (fill NaN) or uint8 (fill 0, as flags.tif's nodata); [day][row][col] or [row][col]. */
  readonly data: Float32Array | Uint8Array;
  /** (time, y, x) when true, else (y, x). */
  readonly daily: boolean;
  /** CF attributes (long_name, units, standard_name, flag_values, …); _FillValue and grid_mapping are added. */
  readonly attrs: Readonly<Record<string, NetcdfAttr>>;
}

export interface NetcdfDataset {
  readonly grid: GridSpec;
  /** ISO dates of the time axis (YYYY-MM-DD). */
  readonly dates: readonly string[];
  readonly variables: readonly NetcdfVariable[];
  readonly globalAttrs: Readonly<Record<string, string | number>>;
}

/** gzip level: most of level 9's gain on smooth SM fields at a fraction of its time. */
const DEFLATE_LEVEL = 4;
/** Target values per chunk: a day's tile of up to 256×256 cells, several days per chunk on small grids. */
const CHUNK_VALUES = 1 << 18;
const CHUNK_CELLS = 256;

const MS_PER_DAY = 86_400_000;
/** Names every netCDF tool takes as they are (no group separators, no CDL escapes). */
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const TIME_UNITS = 'days since 1970-01-01';

type H5 = typeof import('h5wasm/node').default;
type H5Group = InstanceType<H5['Group']>;
type H5Dataset = InstanceType<H5['Dataset']>;
type AttrTarget = H5Group | H5Dataset;

/** Writes `ds` to `path` (NetCDF-4), all or nothing. */
export async function writeNetcdf(path: string, ds: NetcdfDataset): Promise<void> {
  // Loaded here, not at start-up: only runs that write NetCDF pay for the wasm module.
  const h5wasm = (await import('h5wasm/node')).default;
  await h5wasm.ready;
  const mapping = netcdfGridMapping(ds.grid.epsg);
  for (const v of ds.variables) {
    const want = (v.daily ? ds.dates.length : 1) * ds.grid.width * ds.grid.height;
    if (v.data.length !== want) throw new RangeError(`NetCDF variable ${v.name}: ${v.data.length} values for a grid of ${want}`);
  }
  await writePathAtomically(path, async (temp) => {
    // HDF5 1.8 object formats: readable by every netCDF-C ≥ 4.4 build.
    const file = new h5wasm.File(temp, 'w', { track_order: true, libver: ['v108', 'v110'] });
    try {
      writeContents(file, ds, mapping);
    } finally {
      file.close();
    }
    await zeroObjectTimes(temp);
  });
}

function writeContents(file: InstanceType<H5['File']>, ds: NetcdfDataset, mapping: ReturnType<typeof netcdfGridMapping>): void {
  const { grid, dates } = ds;
  const [yName, xName] = mapping.geographic ? ['lat', 'lon'] : ['y', 'x'];
  const coordinate = (name: string, values: Float64Array, attrs: Record<string, NetcdfAttr>) => {
    const d = file.create_dataset({ name, data: values, dtype: '<d', track_order: true });
    d.make_scale(name);
    setAttrs(d, attrs);
  };
  coordinate('time', Float64Array.from(dates, daysSinceEpoch), {
    standard_name: 'time',
    long_name: 'time',
    units: TIME_UNITS,
    calendar: 'standard',
    axis: 'T',
  });
  const ys = Float64Array.from({ length: grid.height }, (_, r) => cellCenterLat(grid, r));
  const xs = Float64Array.from({ length: grid.width }, (_, c) => cellCenterLon(grid, c));
  if (mapping.geographic) {
    coordinate('lat', ys, { standard_name: 'latitude', long_name: 'latitude', units: 'degrees_north', axis: 'Y' });
    coordinate('lon', xs, { standard_name: 'longitude', long_name: 'longitude', units: 'degrees_east', axis: 'X' });
  } else {
    coordinate('y', ys, { standard_name: 'projection_y_coordinate', long_name: 'y coordinate of projection', units: 'm', axis: 'Y' });
    coordinate('x', xs, { standard_name: 'projection_x_coordinate', long_name: 'x coordinate of projection', units: 'm', axis: 'X' });
  }
  const crs = file.create_dataset({ name: 'crs', data: 0, shape: [], dtype: '<i', track_order: true });
  // GeoTransform: GDAL's exact north-up transform, so it need not derive one from the centres.
  setAttrs(crs, { ...mapping.attrs, GeoTransform: [grid.originX, grid.resX, 0, grid.originY, 0, -grid.resY].join(' ') });

  const taken = new Set(['time', yName, xName, 'crs']);
  for (const v of ds.variables) {
    // h5wasm does not fail on a name it cannot create: checked here, so no variable is silently lost
    if (!NAME.test(v.name) || taken.has(v.name))
      throw new RangeError(`NetCDF variable name ${JSON.stringify(v.name)} is not a new netCDF name`);
    taken.add(v.name);
    const shape = v.daily ? [dates.length, grid.height, grid.width] : [grid.height, grid.width];
    const float = v.data instanceof Float32Array;
    const d = file.create_dataset({
      name: v.name,
      data: v.data,
      shape,
      dtype: float ? '<f' : '<B',
      chunks: chunkShape(shape),
      compression: DEFLATE_LEVEL,
      track_order: true,
    });
    setAttrs(d, { _FillValue: float ? new Float32Array([NaN]) : new Uint8Array([0]) });
    setAttrs(d, { ...v.attrs, grid_mapping: 'crs' });
    const dims = v.daily ? ['time', yName, xName] : [yName, xName];
    dims.forEach((dim, i) => d.attach_scale(i, `/${dim}`));
  }
  setAttrs(file, ds.globalAttrs);
}

/** Chunks of at most CHUNK_CELLS² cells per day and about CHUNK_VALUES values. */
function chunkShape(shape: readonly number[]): number[] {
  const y = Math.min(shape[shape.length - 2], CHUNK_CELLS);
  const x = Math.min(shape[shape.length - 1], CHUNK_CELLS);
  if (shape.length === 2) return [y, x];
  return [Math.max(1, Math.min(shape[0], Math.floor(CHUNK_VALUES / (y * x)))), y, x];
}

function setAttrs(target: AttrTarget, attrs: Readonly<Record<string, NetcdfAttr | Float32Array>>): void {
  for (const [name, value] of Object.entries(attrs)) {
    if (typeof value === 'string') {
      // fixed-length, NUL-terminated: netCDF-C's NC_CHAR (a variable-length string would be NC_STRING)
      target.create_attribute(name, value, null, `A${Math.max(1, Buffer.byteLength(value))}`);
    } else if (typeof value === 'number') {
      target.create_attribute(name, new Float64Array([value]), [1]);
    } else if (value instanceof Uint8Array || value instanceof Float32Array) {
      target.create_attribute(name, value, [value.length]);
    } else {
      target.create_attribute(name, Float64Array.from(value), [value.length]);
    }
  }
}

function daysSinceEpoch(iso: string): number {
  const [y, m, d] = iso.split('-').map(Number);
  return Date.UTC(y, m - 1, d) / MS_PER_DAY;
}
