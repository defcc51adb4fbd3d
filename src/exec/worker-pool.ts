import { Worker } from 'node:worker_threads';
import { reviveError, type SerializedError } from '../../core/errors.js';

/** A fixed set of worker threads running one module; tasks queue until one is free. */
export interface WorkerPool<Req, Res> {
  readonly size: number;
  run(request: Req, transfer?: readonly ArrayBuffer[]): Promise<Res>;
  close(): Promise<void>;
}

interface Pending<Req, Res> {
  request: Req;
  transfer: readonly ArrayBuffer[];
  resolve: (r: Res) => void;
  reject: (e: unknown) => void;
}

/**
 * The worker module answers each message with exactly one message: `{ ok: result }` or
 * `{ error: serializeError(e) }`, so the task fails with an error of the thrower's class
 * (an InputError in a worker is still a user mistake, exit 1). A worker that dies fails
 * its task and every queued one, so a bug surfaces as an error instead of a hang.
 */
export function createWorkerPool<Req, Res>(moduleUrl: URL, size: number): WorkerPool<Req, Res> {
  const idle: Worker[] = [];
  const busy = new Map<Worker, Pending<Req, Res>>();
  const queue: Pending<Req, Res>[] = [];
  let failure: unknown = null;

  const dispatch = () => {
    while (idle.length > 0 && queue.length > 0) {
      const worker = idle.pop()!;
      const task = queue.shift()!;
      busy.set(worker, task);
      worker.postMessage(task.request, task.transfer as ArrayBuffer[]);
    }
  };
  const failAll = (error: unknown) => {
    failure ??= error;
    for (const task of [...busy.values(), ...queue.splice(0)]) task.reject(error);
    busy.clear();
  };

  for (let i = 0; i < size; i++) {
    const worker = new Worker(moduleUrl);
    worker.on('message', (msg: { ok?: Res; error?: SerializedError }) => {
      const task = busy.get(worker);
      busy.delete(worker);
      idle.push(worker);
      if (task) {
        if (msg.error !== undefined) task.reject(reviveError(msg.error));
        else task.resolve(msg.ok as Res);
      }
      dispatch();
    });
    worker.on('error', failAll);
    worker.on('exit', (code) => {
      if (code !== 0) failAll(new Error(`worker thread exited with code ${code}`));
    });
    idle.push(worker);
  }

  return {
    size,
    run(request, transfer = []) {
      if (failure) return Promise.reject(failure);
      return new Promise<Res>((resolve, reject) => {
        queue.push({ request, transfer, resolve, reject });
        dispatch();
      });
    },
    async close() {
      const workers = [...idle, ...busy.keys()];
      idle.length = 0;
      busy.clear();
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
