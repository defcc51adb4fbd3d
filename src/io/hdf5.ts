/**
 * HDF5 and NetCDF-4 through h5wasm. Reads are hyperslabs, so a window of a global grid
 * costs the chunks it touches, not the whole variable.
 *
 * h5wasm runs on its own worker thread (hdf5-worker.ts) and every call waits for it with a
 * time limit: a corrupt file can make the library loop forever, and a thread that does is
 * stopped and the file refused, so no input can hang smfuse. The calls stay synchronous
 * (Atomics.wait + receiveMessageOnPort) because DataFile reads are.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { compiledModuleUrl } from '../../core/compiled-url.js';
import { hdf5TimeoutS } from '../../core/env.js';
import { InputError } from '../../core/errors.js';
import { checkHyperslab, findVariable, type DataFile } from './data-file.js';
import { ChunkPathError, chunkIndex, CorruptChunkError, readChunked, type ChunkIndex, type StoredVariable } from './hdf5-chunks.js';
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
  /** Set once the thread was stopped: files opened on it are gone. */
  stopped: boolean;
  /** Replies to prefetched opens that arrived while another request was awaited. */
  kept: Map<number, Hdf5Reply>;
}
/** HDF5 threads: the first serves plain opens, all of them prefetched ones (one per core). */
const hosts: Host[] = [];

function startHost(): Host {
  const { port1, port2 } = new MessageChannel();
  const signal = new Int32Array(new SharedArrayBuffer(4));
  const data: Hdf5WorkerData = { port: port2, signal };
  const worker = new Worker(compiledModuleUrl(import.meta.url, './hdf5-worker.js'), { workerData: data, transferList: [port2] });
  // An idle HDF5 thread must not keep the process alive.
  worker.unref();
  port1.unref();
  return { worker, port: port1, signal, lastId: 0, stopped: false, kept: new Map() };
}

function hostAt(i: number): Host {
  while (hosts.length <= i) hosts.push(startHost());
  return hosts[i];
}

/** Opens started ahead by prefetchHdf5, by path; openHdf5 takes them. */
const prefetched = new Map<string, { host: Host; id: number }>();

function post(h: Host, request: Hdf5Request): number {
  const id = ++h.lastId;
  h.port.postMessage({ id, request });
  return id;
}

/** One request to an HDF5 thread, answered before this returns (see `wait`). */
function call(h: Host, path: string, request: Hdf5Request, limitMs: number, what: string): Hdf5Reply {
  return wait(h, post(h, request), path, limitMs, what);
}

/**
 * Waits for the reply to request `id`; past `limitMs` the thread is stopped and `path`
 * refused. Replies carry their request's id and the thread stores the id of the last one
 * answered in `signal`: a reply is matched by id, never by arrival order.
 */
function wait(h: Host, id: number, path: string, limitMs: number, what: string): Hdf5Reply {
  const deadline = performance.now() + limitMs;
  for (;;) {
    const kept = h.kept.get(id);
    const received = kept ? { id, reply: kept } : (receiveMessageOnPort(h.port)?.message as { id: number; reply: Hdf5Reply } | undefined);
    if (received?.id === id) {
      h.kept.delete(id);
      if (!received.reply.ok) throw new InputError(path, received.reply.problem);
      return received.reply;
    }
    if (received) {
      // a prefetched open is kept for openHdf5; any other earlier reply is discarded
      if ([...prefetched.values()].some((p) => p.host === h && p.id === received.id)) h.kept.set(received.id, received.reply);
      continue;
    }
    const left = deadline - performance.now();
    if (left <= 0) {
      stop(h);
      throw new InputError(
        path,
        `the HDF5 library did not finish ${what} in ${limitMs / 1000} s and was stopped; the file is probably corrupt`,
      );
    }
    const answered = Atomics.load(h.signal, 0);
    // Sleep until the thread answers; once it has, only until its message is visible.
    Atomics.wait(h.signal, 0, answered, answered >= id ? 1 : left);
  }
}

function stop(h: Host): void {
  h.stopped = true;
  hosts.splice(hosts.indexOf(h), 1);
  for (const [path, p] of prefetched) if (p.host === h) prefetched.delete(path);
  void h.worker.terminate();
}

/**
 * Starts opening these HDF5 files (others are skipped) on the HDF5 threads, one per core,
 * so that their metadata is read while the caller works on earlier files; openHdf5 then
 * finds them open. Cancel the ones not taken with dropHdf5Prefetches.
 */
export function prefetchHdf5(paths: readonly string[]): void {
  const threads = Math.max(1, Math.min(availableParallelism(), MAX_THREADS));
  for (const path of paths) {
    if (prefetched.has(path) || !hasHdf5Signature(path)) continue;
    // the thread with the fewest prefetches waiting, so they run side by side
    const queued = (i: number) => [...prefetched.values()].filter((p) => p.host === hosts[i]).length;
    let best = 0;
    for (let i = 1; i < threads; i++) if (i >= hosts.length || queued(i) < queued(best)) best = i;
    let h: Host;
    try {
      h = hostAt(best);
    } catch {
      return; // no worker threads: files are opened as they come
    }
    prefetched.set(path, { host: h, id: post(h, { op: 'open', path }) });
  }
}

/** Closes the prefetched files that no openHdf5 took (an error stopped the stack early). */
export function dropHdf5Prefetches(): void {
  for (const [path, p] of prefetched) {
    prefetched.delete(path);
    try {
      // short: the stack has already failed, and a thread stopped here is simply restarted
      const opened = wait(p.host, p.id, path, Math.min(baseLimitMs(), DROP_LIMIT_MS), 'opening it');
      if ('handle' in opened) post(p.host, { op: 'close', handle: opened.handle });
    } catch {
      // a file that fails to open holds nothing
    }
  }
}

/** Threads that prefetch opens at most (each holds its own h5wasm heap). */
const MAX_THREADS = 4;
const DROP_LIMIT_MS = 1000;

function hasHdf5Signature(path: string): boolean {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const head = Buffer.alloc(8);
    return readSync(fd, head, 0, 8, 0) === 8 && head.toString('latin1') === '\x89HDF\r\n\x1a\n';
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
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
  const ahead = prefetched.get(path);
  prefetched.delete(path);
  const owner = ahead && !ahead.host.stopped ? ahead.host : hostAt(0);
  const id = ahead && !ahead.host.stopped ? ahead.id : post(owner, { op: 'open', path });
  const opened = wait(owner, id, path, baseLimitMs(), 'opening it');
  if (!('handle' in opened)) throw new Error('HDF5 thread answered open without a handle');
  const { handle, vars, globalAttrs } = opened;
  // A file opened on a thread that was stopped since is gone with it.
  const live = () => {
    if (owner.stopped) throw new InputError(path, 'the HDF5 reader was stopped by an earlier corrupt file; open this file again');
  };
  // Deflated variables are read by hdf5-chunks.ts from this descriptor; null: through h5wasm.
  let fd: number | null = null;
  const native = new Map<string, { stored: StoredVariable; index: ChunkIndex } | null>();
  const nativeReader = (name: string) => {
    if (native.has(name)) return native.get(name)!;
    const reply = call(owner, path, { op: 'layout', handle, name }, baseLimitMs(), `describing ${name}`);
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
          if (err instanceof CorruptChunkError) throw new InputError(path, `${v.name}: cannot read (corrupt data: ${err.message})`);
          if (!(err instanceof ChunkPathError)) throw err;
          noteSlowRead(v.name, `(${err.message})`);
          native.set(v.name, null);
        }
      const values = count.reduce((a, b) => a * b, 1);
      const limit = baseLimitMs() + Math.ceil((values / 1e6) * READ_LIMIT_MS_PER_MVALUE);
      const reply = call(
        owner,
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
      if (!owner.stopped) call(owner, path, { op: 'close', handle }, baseLimitMs(), 'closing it');
    },
  };
}
