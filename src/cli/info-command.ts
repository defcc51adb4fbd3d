import { Command } from 'commander';
import { readGeoTiffStack } from '../io/geotiff-read.js';
import type { Attribute, VariableInfo } from '../io/data-file.js';
import { openDataFile } from '../io/open-data-file.js';
import { openHdf4 } from '../io/hdf4/hdf4-file.js';
import { modisScaling } from '../io/products/modis.js';
import { crsName } from '../grid/crs.js';
import { openProduct } from '../io/products/open-product.js';
import { SRTM_VOID, srtmFile } from '../io/products/srtm.js';
import { describeIsmn, formatIsmnDescription, type IsmnDescription } from '../io/ismn-info.js';
import { sniffFormat } from '../io/sniff.js';
import { commandDescription } from './command-table.js';

/** Attributes that say how values are stored and what they mean. */
const SHOWN_ATTRS = ['units', 'long_name', '_FillValue', 'missing_value', 'scale_factor', 'add_offset', 'valid_range', 'valid_min', 'valid_max', 'Slope', 'Intercept', 'FillValue', 'calendar'];

/** `smfuse info FILE`: what smfuse will read from a file. */
export function infoCommand(): Command {
  return new Command('info')
    .description(commandDescription('info'))
    .argument('<file>')
    .option('--json', 'print JSON')
    .action(async (file: string, opts: { json?: boolean }) => {
      const info = await describeFile(file);
      process.stdout.write(opts.json ? `${JSON.stringify(info, null, 2)}\n` : formatInfo(info));
    });
}

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

export async function describeFile(file: string): Promise<FileInfo> {
  const ismn = await describeIsmn(file);
  if (ismn) return { file, format: ismn.kind === 'folder' ? 'ISMN download folder' : 'ISMN station file', product: null, variables: [], grid: null, units: null, dates: [], stations: ismn };
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
    variables.push({ name: 'band', dims: ['band', 'y', 'x'], shape: [s.bands, s.grid.height, s.grid.width], type: s.stored?.type ?? 'Float32', attrs });
  } else if (format === 'srtm') {
    const tile = await srtmFile(file); // a damaged tile fails here, naming the file
    variables.push({ name: tile.variable, dims: ['y', 'x'], shape: [tile.grid.height, tile.grid.width], type: 'Int16', attrs: { nodata: [SRTM_VOID] } });
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
    grid: g ? { width: g.width, height: g.height, originX: g.originX, originY: g.originY, resX: g.resX, resY: g.resY, crs: crsName(g.epsg) } : null,
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

function formatInfo(i: FileInfo): string {
  if (i.stations) return `${[i.file, `format: ${i.format}`, ...formatIsmnDescription(i.stations)].join('\n')}\n`;
  const lines = [`${i.file}`, `format: ${i.format}`, `product: ${i.product ?? '(not recognised: read its variables with --product/--var)'}`];
  if (i.grid) lines.push(`grid: ${i.grid.width}×${i.grid.height} cells of ${i.grid.resX}×${i.grid.resY}, upper-left (${i.grid.originX}, ${i.grid.originY}), ${i.grid.crs}`);
  if (i.units !== null) lines.push(`units: ${i.units || '(as stored)'}`);
  if (i.scaling) lines.push(`scaling: ${i.scaling}`);
  if (i.dates.length > 0) lines.push(`dates: ${i.dates.length === 1 ? i.dates[0] : `${i.dates[0]} … ${i.dates[i.dates.length - 1]} (${i.dates.length})`}`);
  lines.push('variables:');
  for (const v of i.variables) {
    const attrs = Object.entries(v.attrs).map(([k, x]) => `${k}=${Array.isArray(x) ? `[${x.join(', ')}]` : JSON.stringify(x)}`).join(' ');
    lines.push(`  ${v.name} (${v.dims.join(', ')}) [${v.shape.join('×')}] ${v.type}${attrs ? `  ${attrs}` : ''}`);
  }
  return `${lines.join('\n')}\n`;
}
