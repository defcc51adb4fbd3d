/**
 * HDF5 and NetCDF-4 through h5wasm. Reads are hyperslabs, so a window of a global grid
 * costs the chunks it touches, not the whole variable.
 *
 * h5wasm runs on its own worker thread (hdf5-worker.ts) and every call waits for it with a
 * time limit: a corrupt file can make the library loop forever, and a thread that does is
 * stopped and the file refused, so no input can hang smfuse. The calls stay synchronous
 * (Atomics.wait + receiveMessageOnPort) because DataFile reads are.
 */
import { closeSync, openSync } from 'node:fs';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { compiledModuleUrl } from '../../core/compiled-url.js';
import { hdf5TimeoutS } from '../../core/env.js';
import { InputError } from '../../core/errors.js';
import { checkHyperslab, findVariable, type DataFile } from './data-file.js';
import { ChunkPathError, chunkIndex, readChunked, type ChunkIndex, type StoredVariable } from './hdf5-chunks.js';
import type { Hdf5Reply, Hdf5Request, Hdf5WorkerData } from './hdf5-worker.js';

/** A read may also take this long per million values (compressed global grids). */
const READ_LIMIT_MS_PER_MVALUE = 100;

/**
 * Time limit of opening a file (metadata only, including starting the thread and h5wasm)
 * and base limit of a read: SMFUSE_HDF5_TIMEOUT_S seconds, 10 by default (slow file systems raise it).
 */
function baseLimitMs(): number {
  return hdf5TimeoutS() * 1000;
}

interface Host {
  worker: Worker;
  port: MessagePort;
  signal: Int32Array;
  lastId: number;
}
let host: Host | null = null;

function startHost(): Host {
  const { port1, port2 } = new MessageChannel();
  const signal = new Int32Array(new SharedArrayBuffer(4));
  const data: Hdf5WorkerData = { port: port2, signal };
  const worker = new Worker(compiledModuleUrl(import.meta.url, './hdf5-worker.js'), { workerData: data, transferList: [port2] });
  // An idle HDF5 thread must not keep the process alive.
  worker.unref();
  port1.unref();
  return { worker, port: port1, signal, lastId: 0 };
}

/**
 * One request to the HDF5 thread; past `limitMs` the thread is stopped and `path` refused.
 * Replies carry their request's id and the thread stores the id of the last one answered
 * in `signal`: a reply is matched by id, never by arrival order.
 */
function call(path: string, request: Hdf5Request, limitMs: number, what: string): Hdf5Reply {
  host ??= startHost();
  const h = host;
  const id = ++h.lastId;
  h.port.postMessage({ id, request });
  const deadline = performance.now() + limitMs;
  for (;;) {
    const received = receiveMessageOnPort(h.port)?.message as { id: number; reply: Hdf5Reply } | undefined;
    if (received?.id === id) {
      if (!received.reply.ok) throw new InputError(path, received.reply.problem);
      return received.reply;
    }
    if (received) continue; // a reply to an earlier request: discarded
    const left = deadline - performance.now();
    if (left <= 0) {
      host = null;
      void h.worker.terminate();
      throw new InputError(
        path,
        `the HDF5 library did not finish ${what} in ${limitMs / 1000} s and was stopped; the file is probably corrupt`,
      );
    }
    const answered = Atomics.load(h.signal, 0);
    // Sleep until the thread answers; once it has, only until its message is visible.
    Atomics.wait(h.signal, 0, answered, answered === id ? 1 : left);
  }
}

/** Deflated variables the native path could not read, by `variable: reason`: the number of files. */
const slowReads = new Map<string, number>();

/**
 * The variables read through h5wasm's own (slower) decoder since the last call, each with
 * why and in how many files; a command tells the user once at the end.
 */
export function takeSlowHdf5Reads(): { reason: string; files: number }[] {
  const list = [...slowReads].map(([reason, files]) => ({ reason, files }));
  slowReads.clear();
  return list;
}

function noteSlowRead(name: string, reason: string): void {
  const key = `${name} ${reason}`;
  slowReads.set(key, (slowReads.get(key) ?? 0) + 1);
}

export async function openHdf5(path: string): Promise<DataFile> {
  const opened = call(path, { op: 'open', path }, baseLimitMs(), 'opening it');
  if (!('handle' in opened)) throw new Error('HDF5 thread answered open without a handle');
  const { handle, vars, globalAttrs } = opened;
  // A file opened on a thread that was stopped since is gone with it.
  const owner = host;
  const live = () => {
    if (host !== owner) throw new InputError(path, 'the HDF5 reader was stopped by an earlier corrupt file; open this file again');
  };
  // Deflated variables are read by hdf5-chunks.ts from this descriptor; null: through h5wasm.
  let fd: number | null = null;
  const native = new Map<string, { stored: StoredVariable; index: ChunkIndex } | null>();
  const nativeReader = (name: string) => {
    if (native.has(name)) return native.get(name)!;
    const reply = call(path, { op: 'layout', handle, name }, baseLimitMs(), `describing ${name}`);
    if (!('stored' in reply)) throw new Error('HDF5 thread answered layout without a description');
    const { stored } = reply;
    let found: { stored: StoredVariable; index: ChunkIndex } | null = null;
    if (stored.filters.length > 0) {
      fd ??= openSync(path, 'r');
      const index = chunkIndex(fd, stored);
      if (typeof index === 'string') noteSlowRead(name, `(${index})`);
      else found = { stored, index };
    }
    native.set(name, found);
    return found;
  };
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
      live();
      const fast = v.shape.length > 0 ? nativeReader(v.name) : null;
      if (fast)
        try {
          return readChunked(fd!, fast.stored, fast.index, start, count);
        } catch (err) {
          if (!(err instanceof ChunkPathError)) throw err;
          noteSlowRead(v.name, `(${err.message})`);
          native.set(v.name, null);
        }
      const values = count.reduce((a, b) => a * b, 1);
      const limit = baseLimitMs() + Math.ceil((values / 1e6) * READ_LIMIT_MS_PER_MVALUE);
      const reply = call(
        path,
        { op: 'read', handle, name: v.name, start: v.shape.length === 0 ? [] : start, count },
        limit,
        `reading ${v.name}`,
      );
      if (!('values' in reply)) throw new Error('HDF5 thread answered a read without values');
      return reply.values;
    },
    close() {
      if (fd !== null) closeSync(fd);
      fd = null;
      if (host === owner) call(path, { op: 'close', handle }, baseLimitMs(), 'closing it');
    },
  };
}
