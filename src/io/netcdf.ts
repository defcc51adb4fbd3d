/**
 * NetCDF classic and 64-bit-offset files. netcdfjs parses the header only (from the first
 * bytes of the file); values are read straight from disk, one contiguous run at a time,
 * so a window of a big file costs its own bytes and no more.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { NetCDFReader, type Header } from 'netcdfjs';
import { InputError } from '../../core/errors.js';
import { checkHyperslab, findVariable, type Attribute, type DataFile, type NumericType, type VariableInfo } from './data-file.js';

const TYPES: Record<string, { type: NumericType; bytes: number }> = {
  byte: { type: 'int8', bytes: 1 },
  char: { type: 'uint8', bytes: 1 },
  short: { type: 'int16', bytes: 2 },
  int: { type: 'int32', bytes: 4 },
  float: { type: 'float32', bytes: 4 },
  double: { type: 'float64', bytes: 8 },
};

const FIRST_HEADER_READ = 1 << 16;

interface Layout {
  info: VariableInfo;
  begin: number;
  bytes: number;
  record: boolean;
}

export function openNetcdfClassic(path: string): DataFile {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    throw new InputError(path, `cannot open (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  try {
    const size = fstatSync(fd).size;
    const header = readHeader(path, fd, size);
    const recordStep = header.recordDimension.recordStep ?? 0;
    const layouts = header.variables.map((v) => layoutOf(path, header, v));
    const end = Math.max(0, ...layouts.map((l) => dataEnd(l, recordStep)));
    if (end > size) throw new InputError(path, `truncated NetCDF file: data runs to byte ${end}, the file has ${size}`);
    const vars = layouts.map((l) => l.info);
    return {
      path,
      format: 'netcdf-classic',
      globalAttrs: attributes(header.globalAttributes),
      variables: () => vars,
      variable: (name) => findVariable(path, vars, name),
      hasVariable: (name) => vars.some((v) => v.name === name),
      readRaw(name, start, count) {
        const v = findVariable(path, vars, name);
        checkHyperslab(path, v, start, count);
        return readHyperslab(fd, layouts[vars.indexOf(v)], recordStep, start, count);
      },
      close: () => closeSync(fd),
    };
  } catch (err) {
    closeSync(fd);
    throw err;
  }
}

function readHeader(path: string, fd: number, size: number): Header {
  for (let n = Math.min(FIRST_HEADER_READ, size); ; n = Math.min(n * 4, size)) {
    const buf = Buffer.alloc(n);
    readSync(fd, buf, 0, n, 0);
    try {
      const header = new NetCDFReader(buf).header;
      // netcdfjs leaves a list undefined where the header marks it ABSENT (legal, e.g. no variables)
      return {
        ...header,
        variables: header.variables ?? [],
        globalAttributes: header.globalAttributes ?? [],
        dimensions: header.dimensions ?? [],
      };
    } catch (err) {
      if (n === size)
        throw new InputError(path, `corrupt or truncated NetCDF header (${err instanceof Error ? err.message : String(err)})`);
    }
  }
}

function layoutOf(path: string, header: Header, v: Header['variables'][number]): Layout {
  const t = TYPES[v.type];
  if (!t) throw new InputError(path, `${v.name}: unsupported NetCDF type ${v.type}`);
  const unknown = v.dimensions.find((d) => header.dimensions[d] === undefined);
  if (unknown !== undefined)
    throw new InputError(
      path,
      `${v.name}: dimension id ${unknown} does not exist (the file has ${header.dimensions.length}); corrupt header`,
    );
  const shape = v.dimensions.map((d, i) => (v.record && i === 0 ? header.recordDimension.length : header.dimensions[d].size));
  const dims = v.dimensions.map((d) => header.dimensions[d].name);
  return {
    info: { name: v.name, dims, shape, type: t.type, attrs: attributes(v.attributes as Header['globalAttributes']) },
    begin: v.offset,
    bytes: t.bytes,
    record: v.record,
  };
}

function variableBytes(l: Layout): number {
  return l.info.shape.reduce((a, b) => a * b, 1) * l.bytes;
}

/** One past the variable's last byte: a record variable's slices are interleaved, recordStep apart. */
function dataEnd(l: Layout, recordStep: number): number {
  if (!l.record) return l.begin + variableBytes(l);
  const records = l.info.shape[0];
  return records === 0 ? l.begin : l.begin + (records - 1) * recordStep + variableBytes(l) / records;
}

function attributes(list: Header['globalAttributes']): Record<string, Attribute> {
  const out: Record<string, Attribute> = {};
  for (const a of list) {
    if (a.type === 'char') out[a.name] = { type: 'string', value: String(a.value) };
    else {
      const t = TYPES[a.type];
      if (t) out[a.name] = { type: t.type, value: Array.isArray(a.value) ? (a.value as number[]) : [a.value as number] };
    }
  }
  return out;
}

/**
 * Reads the hyperslab as contiguous runs along the last dimension (big-endian on disk).
 * A 1-D record variable (e.g. time) has one value per record, so its runs are single values.
 */
function readHyperslab(fd: number, l: Layout, recordStep: number, start: readonly number[], count: readonly number[]): Float64Array {
  const shape = l.info.shape;
  const rank = shape.length;
  const total = count.reduce((a, b) => a * b, 1);
  const out = new Float64Array(total);
  if (total === 0) return out;
  const outer = l.record && rank === 1 ? 1 : Math.max(rank - 1, 0);
  const runLength = outer === rank ? 1 : count[rank - 1];
  const run = Buffer.alloc(runLength * l.bytes);
  const view = new DataView(run.buffer, run.byteOffset, run.byteLength);
  const decode = decoder(l.info.type);
  // strides in elements, within one record for record variables
  const strides = new Array<number>(rank).fill(1);
  for (let i = rank - 2; i >= 0; i--) strides[i] = strides[i + 1] * shape[i + 1];
  const index = new Array<number>(outer).fill(0);
  for (let o = 0; o < total; o += runLength) {
    let byte = l.begin;
    for (let i = 0; i < rank; i++) {
      const at = start[i] + (i < outer ? index[i] : 0);
      byte += l.record && i === 0 ? at * recordStep : at * strides[i] * l.bytes;
    }
    readSync(fd, run, 0, run.length, byte);
    for (let k = 0; k < runLength; k++) out[o + k] = decode(view, k * l.bytes);
    for (let i = outer - 1; i >= 0; i--) {
      if (++index[i] < count[i]) break;
      index[i] = 0;
    }
  }
  return out;
}

function decoder(type: NumericType | 'other'): (v: DataView, at: number) => number {
  switch (type) {
    case 'int8':
      return (v, at) => v.getInt8(at);
    case 'uint8':
      return (v, at) => v.getUint8(at);
    case 'int16':
      return (v, at) => v.getInt16(at);
    case 'int32':
      return (v, at) => v.getInt32(at);
    case 'float32':
      return (v, at) => v.getFloat32(at);
    default:
      return (v, at) => v.getFloat64(at);
  }
}
