import { parentPort } from 'node:worker_threads';
import { grnnPredictFast } from '../../kernels/grnn/fast.js';
import type { GrnnTrainingSet } from '../../kernels/grnn/types.js';

/** Bench worker: predicts its slice of the queries with the typed-array kernel. */
parentPort!.on('message', (msg: { train: GrnnTrainingSet; query: Float32Array; m: number; sigmas: number[] }) => {
  const out = grnnPredictFast(msg.train, msg.query, msg.m, msg.sigmas);
  parentPort!.postMessage({ ok: out }, [out.buffer as ArrayBuffer]);
});
