import { parentPort } from 'node:worker_threads';
import { fastKernel } from '../../../kernels/grnn/fast.js';
import { fitWindowModel, type WindowModelResult, type WindowModelTask } from './fit-window.js';

/** Worker-thread entry: fits the models of one window with the typed-array kernel. */
parentPort!.on('message', (tasks: WindowModelTask[]) => {
  try {
    const results: WindowModelResult[] = tasks.map((t) => fitWindowModel(t, fastKernel));
    parentPort!.postMessage({ ok: results }, results.map((r) => r.prediction.buffer as ArrayBuffer));
  } catch (e) {
    parentPort!.postMessage({ error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  }
});
