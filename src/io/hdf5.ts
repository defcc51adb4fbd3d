/**
 * HDF5 and NetCDF-4 through h5wasm. Reads are hyperslabs, so a window of a global grid
 * costs the chunks it touches, not the whole variable.
 */
import h5wasm from 'h5wasm/node';
import { InputError } from '../errors.js';
import { checkHyperslab, findVariable, type Attribute, type DataFile, type NumericType, type VariableInfo } from './data-file.js';

type H5Module = typeof h5wasm;
type H5File = InstanceType<H5Module['File']>;
type H5Dataset = InstanceType<H5Module['Dataset']>;
type H5Group = InstanceType<H5Module['Group']>;
interface H5Metadata { type: number; size: number; signed: boolean }

/** HDF5 type classes (H5Tpublic.h). */
const H5T_INTEGER = 0;
const H5T_FLOAT = 1;
const H5T_STRING = 3;

/** netCDF-4 bookkeeping attributes: not data attributes. */
const HIDDEN_ATTRS = new Set(['DIMENSION_LIST', 'REFERENCE_LIST', 'CLASS', 'NAME', '_Netcdf4Dimid', '_Netcdf4Coordinates', '_nc3_strict']);

export async function openHdf5(path: string): Promise<DataFile> {
  await h5wasm.ready;
  let file: H5File;
  try {
    file = new h5wasm.File(path, 'r');
  } catch (err) {
    throw new InputError(path, `corrupt or truncated HDF5/NetCDF-4 file (${err instanceof Error ? err.message : String(err)})`);
  }
  let vars: VariableInfo[];
  let globalAttrs: Record<string, Attribute>;
  try {
    vars = [];
    collectDatasets(file, file, '', vars);
    globalAttrs = readAttrs(file);
  } catch (err) {
    file.close();
    throw new InputError(path, `corrupt HDF5/NetCDF-4 file (${err instanceof Error ? err.message : String(err)})`);
  }
  return {
    path,
    format: 'hdf5',
    globalAttrs,
    variables: () => vars,
    variable: (name) => findVariable(path, vars, name),
    hasVariable: (name) => vars.some((v) => v.name === `/${name.replace(/^\//, '')}`),
    readRaw(name, start, count) {
      const v = findVariable(path, vars, name);
      checkHyperslab(path, v, start, count);
      const dataset = file.get(v.name) as H5Dataset;
      let raw: unknown;
      try {
        raw = v.shape.length === 0 ? dataset.value : dataset.slice(start.map((s, i) => [s, s + count[i]]));
      } catch (err) {
        throw new InputError(path, `${v.name}: cannot read (corrupt or truncated data: ${err instanceof Error ? err.message : String(err)})`);
      }
      if (typeof raw === 'number' || typeof raw === 'bigint') return [Number(raw)];
      if (raw instanceof BigInt64Array || raw instanceof BigUint64Array) return Float64Array.from(raw, Number);
      if (!ArrayBuffer.isView(raw)) throw new InputError(path, `${v.name}: not a numeric variable`);
      return raw as unknown as ArrayLike<number>;
    },
    close: () => void file.close(),
  };
}

function collectDatasets(file: H5File, group: H5Group, prefix: string, out: VariableInfo[]): void {
  for (const key of group.keys()) {
    const name = `${prefix}/${key}`;
    const entity = file.get(name);
    if (entity instanceof h5wasm.Group) collectDatasets(file, entity, name, out);
    else if (entity instanceof h5wasm.Dataset) out.push(describe(name, entity));
  }
}

function describe(name: string, d: H5Dataset): VariableInfo {
  const shape = d.shape ?? [];
  return { name, shape, dims: dimensionNames(name, d, shape.length), type: numericType(d.metadata as H5Metadata), attrs: readAttrs(d) };
}

/** NetCDF-4 dimensions are attached dimension scales; plain HDF5 has none. */
function dimensionNames(name: string, d: H5Dataset, rank: number): string[] {
  // a coordinate variable (lat, time) is itself the scale of its one dimension
  if (rank === 1 && d.attrs.CLASS?.value === 'DIMENSION_SCALE') return [name.replace(/^.*\//, '')];
  const names: string[] = [];
  for (let i = 0; i < rank; i++) {
    let scales: string[] = [];
    try {
      scales = d.get_attached_scales(i);
    } catch {
      scales = [];
    }
    names.push(scales.length > 0 ? scales[0].replace(/^.*\//, '') : `dim${i}`);
  }
  return names;
}

function numericType(m: H5Metadata): NumericType | 'other' {
  if (m.type === H5T_FLOAT) return m.size === 4 ? 'float32' : m.size === 8 ? 'float64' : 'other';
  if (m.type !== H5T_INTEGER) return 'other';
  const bits = m.size * 8;
  return ([8, 16, 32, 64].includes(bits) ? `${m.signed ? 'int' : 'uint'}${bits}` : 'other') as NumericType | 'other';
}

function readAttrs(obj: H5Group | H5Dataset): Record<string, Attribute> {
  const out: Record<string, Attribute> = {};
  for (const [key, attr] of Object.entries(obj.attrs)) {
    if (HIDDEN_ATTRS.has(key)) continue;
    const m = attr.metadata as H5Metadata;
    if (m.type === H5T_STRING) {
      const v = attr.value;
      out[key] = { type: 'string', value: Array.isArray(v) ? v.join(',') : String(v) };
      continue;
    }
    const type = numericType(m);
    if (type === 'other') continue;
    const v = attr.value as unknown;
    const values = typeof v === 'number' || typeof v === 'bigint' ? [Number(v)] : Array.from(v as ArrayLike<number | bigint>, Number);
    out[key] = { type, value: values };
  }
  return out;
}
