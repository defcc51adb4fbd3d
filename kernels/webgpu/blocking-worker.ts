import { once } from 'node:events';
import { MessageChannel, parentPort, receiveMessageOnPort, Worker, workerData, type MessagePort } from 'node:worker_threads';
import { gpuTimeoutS } from '../../core/env.js';
import { reviveError, serializeError, type SerializedError } from '../../core/errors.js';

/**
 * A worker thread that answers asynchronously while its caller waits synchronously:
 * GPU readback is async, but GrnnKernel.predict (and so the one fit-window code path)
 * is synchronous. The caller posts a request and sleeps on a shared flag; the worker
 * posts its reply on a dedicated port, then raises the flag, and the caller takes the
 * reply off that port with receiveMessageOnPort.
 */
export interface BlockingWorker<Req, Res> {
  /** Blocks this thread until the worker answers; rethrows the worker's error. */
  call(request: Req, transfer?: readonly ArrayBuffer[]): Res;
  close(): Promise<void>;
}

interface Handshake {
  readonly flag: Int32Array;
  readonly replies: MessagePort;
}

type Reply<Res> = { ok: Res } | { error: SerializedError };

/** Longest wait for one reply: SMFUSE_GPU_TIMEOUT_S, default 600 s (a large window on a software GPU takes seconds). */
function replyTimeoutMs(): number {
  return gpuTimeoutS() * 1000;
}

/**
 * Starts the worker module and waits (asynchronously) for its first message, `hello`,
 * which says whether it can serve (e.g. the GPU it found, or why there is none).
 */
export async function startBlockingWorker<Hello, Req, Res>(moduleUrl: URL): Promise<{ hello: Hello; worker: BlockingWorker<Req, Res> }> {
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const { port1: replies, port2 } = new MessageChannel();
  const worker = new Worker(moduleUrl, { workerData: { flag, replies: port2 } satisfies Handshake, transferList: [port2] });
  const exited = once(worker, 'exit').then(([code]) => {
    throw new Error(`GPU worker thread exited with code ${code} before it was ready`);
  });
  const [hello] = (await Promise.race([once(worker, 'message'), exited])) as [Hello];
  exited.catch(() => {});
  // A caller that forgets close() must not keep the process alive.
  worker.unref();
  return {
    hello,
    worker: {
      call(request, transfer = []) {
        Atomics.store(flag, 0, 0);
        worker.postMessage(request, transfer as ArrayBuffer[]);
        // A worker that died outside a request never raises the flag: wait a bounded time.
        if (Atomics.wait(flag, 0, 0, replyTimeoutMs()) === 'timed-out') {
          throw new Error(`GPU worker thread did not answer within ${replyTimeoutMs() / 1000} s (SMFUSE_GPU_TIMEOUT_S): it may have died`);
        }
        const reply = receiveMessageOnPort(replies)?.message as Reply<Res> | undefined;
        if (!reply) throw new Error('GPU worker thread raised its flag without a reply');
        if ('error' in reply) throw reviveError(reply.error);
        return reply.ok;
      },
      async close() {
        replies.close();
        await worker.terminate();
      },
    },
  };
}

/**
 * Worker side: sends `hello`, then answers each request with `handle`, one at a time
 * (the caller is blocked until then). Every request gets a reply, errors included, so
 * the caller never sleeps forever.
 */
export function serveBlocking<Hello, Req, Res>(
  hello: Hello,
  handle: (request: Req) => Promise<{ result: Res; transfer?: ArrayBuffer[] }>,
): void {
  const { flag, replies } = workerData as Handshake;
  parentPort!.postMessage(hello);
  parentPort!.on('message', async (request: Req) => {
    try {
      const { result, transfer } = await handle(request);
      replies.postMessage({ ok: result } satisfies Reply<Res>, transfer);
    } catch (e) {
      replies.postMessage({ error: serializeError(e) } satisfies Reply<Res>);
    }
    Atomics.store(flag, 0, 1);
    Atomics.notify(flag, 0);
  });
}
