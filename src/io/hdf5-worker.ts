/**
 * Worker thread that owns h5wasm: a corrupt HDF5 file can make the library loop forever
 * (fuzzing found `get_attached_scales` and reading `DIMENSION_LIST` doing so), and only a
 * thread can be stopped from outside. `hdf5.ts` calls it synchronously with a time limit.
 * Each request `{ id, request }` is answered on the port with `{ id, reply }`, then its id
 * is stored in `signal[0]` and notified.
 */
import fs from 'node:fs';
import { workerData, type MessagePort } from 'node:worker_threads';
import h5wasm from 'h5wasm/node';
import type { Attribute, NumericType, VariableInfo } from './data-file.js';
import type { StoredVariable } from './hdf5-chunks.js';

export type Hdf5Request =
  | { op: 'open'; path: string }
  | { op: 'read'; handle: number; name: string; start: readonly number[]; count: readonly number[] }
  | { op: 'layout'; handle: number; name: string }
  | { op: 'close'; handle: number };

export type Hdf5Reply =
  | { ok: true; handle: number; vars: VariableInfo[]; globalAttrs: Record<string, Attribute> }
  | { ok: true; values: ArrayLike<number> | number[] }
  | { ok: true; stored: StoredVariable }
  | { ok: true }
  | { ok: false; problem: string };

export interface Hdf5WorkerData {
  port: MessagePort;
  signal: Int32Array;
}

type H5File = InstanceType<typeof h5wasm.File>;
type H5Dataset = InstanceType<typeof h5wasm.Dataset>;
type H5Group = InstanceType<typeof h5wasm.Group>;
interface H5Metadata {
  type: number;
  size: number;
  signed: boolean;
  littleEndian: boolean;
}

/** HDF5 type classes (H5Tpublic.h). */
const H5T_INTEGER = 0;
const H5T_FLOAT = 1;
const H5T_STRING = 3;

/** netCDF-4 bookkeeping attributes: not data attributes. */
const HIDDEN_ATTRS = new Set(['DIMENSION_LIST', 'REFERENCE_LIST', 'CLASS', 'NAME', '_Netcdf4Dimid', '_Netcdf4Coordinates', '_nc3_strict']);

// HDF5 prints its whole error stack to fd 2 for every corrupt file, before smfuse's own
// message says the same in one line. This thread's fs is its own: only HDF5 is silenced.
// The write must report its full length, or emscripten retries it forever.
const writeSync = fs.writeSync as (fd: number, data: ArrayBufferView | string, ...rest: unknown[]) => number;
fs.writeSync = ((fd: number, data: ArrayBufferView | string, ...rest: unknown[]) =>
  fd !== 2
    ? writeSync(fd, data, ...rest)
    : typeof rest[1] === 'number'
      ? rest[1]
      : typeof data === 'string'
        ? Buffer.byteLength(data)
        : data.byteLength) as typeof fs.writeSync;

const { port, signal } = workerData as Hdf5WorkerData;
const files = new Map<number, H5File>();
let nextHandle = 1;

port.on('message', ({ id, request }: { id: number; request: Hdf5Request }) => {
  void h5wasm.ready.then(() => {
    let reply: Hdf5Reply;
    let transfer: ArrayBuffer[] = [];
    try {
      reply = answer(request);
      if ('values' in reply && ArrayBuffer.isView(reply.values)) transfer = [reply.values.buffer as ArrayBuffer];
    } catch (err) {
      reply = { ok: false, problem: err instanceof Error ? err.message : String(err) };
    }
    port.postMessage({ id, reply }, transfer);
    Atomics.store(signal, 0, id);
    Atomics.notify(signal, 0);
  });
});

function answer(request: Hdf5Request): Hdf5Reply {
  if (request.op === 'open') {
    let file: H5File;
    try {
      file = new h5wasm.File(request.path, 'r');
    } catch (err) {
      return { ok: false, problem: `corrupt or truncated HDF5/NetCDF-4 file (${message(err)})` };
    }
    try {
      const vars: VariableInfo[] = [];
      collectDatasets(file, file, '', vars);
      const globalAttrs = readAttrs(file);
      const handle = nextHandle++;
      files.set(handle, file);
      return { ok: true, handle, vars, globalAttrs };
    } catch (err) {
      file.close();
      return { ok: false, problem: `corrupt HDF5/NetCDF-4 file (${message(err)})` };
    }
  }
  const file = files.get(request.handle);
  if (request.op === 'close') {
    file?.close();
    files.delete(request.handle);
    return { ok: true };
  }
  if (!file) return { ok: false, problem: 'the file was closed' };
  if (request.op === 'layout') return { ok: true, stored: storedVariable(file, request.name) };
  return { ok: true, values: readValues(file, request.name, request.start, request.count) };
}

function readValues(file: H5File, name: string, start: readonly number[], count: readonly number[]): ArrayLike<number> | number[] {
  const dataset = file.get(name) as H5Dataset;
  let raw: unknown;
  try {
    raw = start.length === 0 ? dataset.value : dataset.slice(start.map((s, i) => [s, s + count[i]]));
  } catch (err) {
    throw new Error(`${name}: cannot read (corrupt or truncated data: ${message(err)})`);
  }
  if (typeof raw === 'number' || typeof raw === 'bigint') return [Number(raw)];
  if (raw instanceof BigInt64Array || raw instanceof BigUint64Array) return Float64Array.from(raw, Number);
  if (!ArrayBuffer.isView(raw)) throw new Error(`${name}: not a numeric variable`);
  return raw as unknown as ArrayLike<number>;
}

/** What hdf5-chunks.ts needs to read the variable's chunks itself. */
function storedVariable(file: H5File, name: string): StoredVariable {
  const d = file.get(name) as H5Dataset;
  const m = d.metadata as H5Metadata;
  // an object reference is the object header's address, little-endian
  const ref = d.create_reference().ref_data;
  let address = 0;
  for (let i = ref.length - 1; i >= 0; i--) address = address * 256 + ref[i];
  return {
    address,
    shape: d.shape ?? [],
    type: numericType(m),
    size: m.size,
    littleEndian: m.littleEndian,
    filters: d.filters.map((f) => ({ id: f.id, cd_values: [...f.cd_values] })),
  };
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
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
