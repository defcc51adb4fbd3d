import { parentPort } from 'node:worker_threads';
import type { GrnnTrainingSet } from '../grnn/types.js';
import { serveBlocking } from './blocking-worker.js';
import { acquireGpuDevice } from './device.js';
import { gpuGrnn } from './grnn-gpu.js';

/** What the GPU worker says first: the device it runs, or why there is none. */
export type GpuWorkerHello = { readonly description: string; readonly software: boolean } | { readonly reason: string };

/** One GrnnKernel.predict call, sent to the GPU worker. */
export interface GpuPredictRequest {
  readonly train: GrnnTrainingSet;
  readonly query: Float32Array;
  readonly m: number;
  readonly sigmas: readonly number[];
}

/** Worker-thread entry: owns the WebGPU device and runs GRNN predictions on it. */
const acquired = await acquireGpuDevice();
if ('reason' in acquired) {
  // Nothing to serve: the caller reads the reason and ends this thread.
  parentPort!.postMessage(acquired satisfies GpuWorkerHello);
} else {
  const { device, description, software } = acquired.gpu;
  let lost: string | null = null;
  void device.lost.then((info) => (lost = `GPU device lost (${info.reason}): ${info.message}`));
  const grnn = gpuGrnn(device);
  serveBlocking<GpuWorkerHello, GpuPredictRequest, Float32Array>({ description, software }, async ({ train, query, m, sigmas }) => {
    if (lost) throw new Error(lost);
    const result = await grnn.predict(train, query, m, sigmas);
    return { result, transfer: [result.buffer as ArrayBuffer] };
  });
}
