import { crsName } from '../grid/crs.js';
import type { Attribute, VariableInfo } from './data-file.js';
import { readGeoTiffStack } from './geotiff-read.js';
import { openHdf4 } from './hdf4/hdf4-file.js';
import { describeIsmn, type IsmnDescription } from './ismn-info.js';
import { openDataFile } from './open-data-file.js';
import { modisScaling } from './products/modis.js';
import { openProduct } from './products/open-product.js';
import { SRTM_VOID, srtmFile } from './products/srtm.js';
import { sniffFormat } from './sniff.js';

/** Attributes that say how values are stored and what they mean. */
const SHOWN_ATTRS = [
  'units',
  'long_name',
  '_FillValue',
  'missing_value',
  'scale_factor',
  'add_offset',
  'valid_range',
  'valid_min',
  'valid_max',
  'Slope',
  'Intercept',
  'FillValue',
  'calendar',
];

export interface FileInfo {
  file: string;
  format: string;
  product: string | null;
  variables: { name: string; dims: readonly string[]; shape: readonly number[]; type: string; attrs: Record<string, Attribute['value']> }[];
  grid: { width: number; height: number; originX: number; originY: number; resX: number; resY: number; crs: string } | null;
  units: string | null;
  dates: (string | null)[];
  /** HDF4-EOS (MODIS): how stored values become physical ones (the product's meaning of scale_factor). */
  scaling?: string;
  /** ISMN station data (a .stm file or a download folder): its stations, sensors and readings per flag. */
  stations?: IsmnDescription;
}

/** What smfuse will read from a file (`smfuse info`): its format, product, grid, dates and variables. */
export async function describeFile(file: string): Promise<FileInfo> {
  const ismn = await describeIsmn(file);
  if (ismn)
    return {
      file,
      format: ismn.kind === 'folder' ? 'ISMN download folder' : 'ISMN station file',
      product: null,
      variables: [],
      grid: null,
      units: null,
      dates: [],
      stations: ismn,
    };
  const format = await sniffFormat(file);
  const variables: FileInfo['variables'] = [];
  let scaling: string | undefined;
  if (format === 'netcdf-classic' || format === 'hdf5') {
    const data = await openDataFile(file);
    try {
      variables.push(...data.variables().map(summary));
    } finally {
      data.close();
    }
  } else if (format === 'hdf4') {
    const h = openHdf4(file);
    try {
      variables.push(...h.variables().map(summary));
      scaling = modisScaling(h);
    } finally {
      h.close();
    }
  } else if (format === 'geotiff') {
    const s = await readGeoTiffStack(file);
    // the stored sample type and the per-band scale/offset smfuse applies (value = stored · scale + offset; nodata is a stored value)
    const attrs: Record<string, Attribute['value']> = s.nodata === null ? {} : { nodata: [s.nodata] };
    if (s.stored) Object.assign(attrs, { scale: s.stored.scales, offset: s.stored.offsets });
    variables.push({
      name: 'band',
      dims: ['band', 'y', 'x'],
      shape: [s.bands, s.grid.height, s.grid.width],
      type: s.stored?.type ?? 'Float32',
      attrs,
    });
  } else if (format === 'srtm') {
    const tile = await srtmFile(file); // a damaged tile fails here, naming the file
    variables.push({
      name: tile.variable,
      dims: ['y', 'x'],
      shape: [tile.grid.height, tile.grid.width],
      type: 'Int16',
      attrs: { nodata: [SRTM_VOID] },
    });
  }
  let product = null;
  try {
    product = format === 'text' ? null : await openProduct(file, 'auto');
  } catch {
    product = null; // not a product smfuse recognises: the variables above still tell what is there
  }
  product?.close();
  const g = product?.grid;
  return {
    file,
    format: format === 'hdf5' ? 'HDF5 / NetCDF-4' : format === 'hdf4' ? 'HDF4 / HDF-EOS' : format,
    product: product?.product ?? null,
    variables,
    grid: g
      ? { width: g.width, height: g.height, originX: g.originX, originY: g.originY, resX: g.resX, resY: g.resY, crs: crsName(g.epsg) }
      : null,
    units: product?.units ?? null,
    dates: product ? [...product.dates] : [],
    ...(scaling ? { scaling } : {}),
  };
}

function summary(v: VariableInfo): FileInfo['variables'][number] {
  const attrs: Record<string, Attribute['value']> = {};
  for (const k of SHOWN_ATTRS) if (v.attrs[k]) attrs[k] = v.attrs[k].value;
  return { name: v.name, dims: v.dims, shape: v.shape, type: v.type, attrs };
}
