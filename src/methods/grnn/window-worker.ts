import { parentPort } from 'node:worker_threads';
import { serializeError } from '../../../core/errors.js';
import { fastKernel } from '../../../kernels/grnn/fast.js';
import { nativeGrnnKernel } from '../../../kernels/grnn/native.js';
import type { GrnnKernel } from '../../../kernels/grnn/types.js';
import type { WindowWorkerRequest } from './executor.js';
import { fitWindowModel, type WindowModelResult } from './fit-window.js';

/** One thread per worker: the pool already keeps every core busy with windows. */
const native = nativeGrnnKernel({ threads: 1 });

function kernelFor(name: WindowWorkerRequest['kernel']): GrnnKernel {
  if (name === 'js') return fastKernel;
  if (!native) throw new Error('the native GRNN kernel does not load in this worker thread');
  return native;
}

/** Worker-thread entry: fits the models of one window with the requested kernel. */
parentPort!.on('message', ({ kernel, tasks }: WindowWorkerRequest) => {
  try {
    const results: WindowModelResult[] = tasks.map((t) => fitWindowModel(t, kernelFor(kernel)));
    parentPort!.postMessage(
      { ok: results },
      results.flatMap((r) => [r.prediction.buffer as ArrayBuffer, r.sd.buffer as ArrayBuffer]),
    );
  } catch (e) {
    parentPort!.postMessage({ error: serializeError(e) });
  }
});
