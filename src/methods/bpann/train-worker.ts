import { parentPort } from 'node:worker_threads';
import { serializeError } from '../../../core/errors.js';
import { fastKernel } from '../../../kernels/bpann/fast.js';
import type { TrainOutcome, TrainTask } from './trainer.js';

/** Worker-thread entry: trains one run of networks with the typed-array kernel. */
parentPort!.on('message', ({ batch, params, options }: TrainTask) => {
  try {
    const r = fastKernel.train(batch, params, options);
    const outcome: TrainOutcome = { params, steps: r.steps, mse: r.mse, history: r.history };
    parentPort!.postMessage({ ok: outcome }, [params.buffer as ArrayBuffer, ...(r.history ? [r.history.buffer as ArrayBuffer] : [])]);
  } catch (e) {
    parentPort!.postMessage({ error: serializeError(e) });
  }
});
