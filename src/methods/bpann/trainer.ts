import type { BpannBatch, BpannKernel, BpannTrainOptions } from '../../../kernels/bpann/types.js';
import { BPANN_DEFAULTS, PARAMS_PER_NETWORK } from '../../../kernels/bpann/types.js';
import { compiledModuleUrl } from '../../../core/compiled-url.js';
import { createWorkerPool } from '../../exec/worker-pool.js';

export interface TrainTask {
  batch: BpannBatch;
  params: Float64Array;
  options: BpannTrainOptions & { history?: boolean };
}

export interface TrainOutcome {
  params: Float64Array;
  steps: Int32Array;
  mse: Float64Array;
  history?: Float32Array;
}

/** Trains a batch of networks somewhere: this thread or worker threads. */
export interface BpannTrainer {
  readonly backend: string;
  train(task: TrainTask): Promise<TrainOutcome>;
  close(): Promise<void>;
}

export function inProcessTrainer(kernel: BpannKernel): BpannTrainer {
  return {
    backend: kernel.name,
    async train({ batch, params, options }) {
      return { params, ...kernel.train(batch, params, options) };
    },
    close: async () => {},
  };
}

/**
 * The typed-array kernel over worker threads: the batch is cut into contiguous runs of
 * networks (a few per thread, to even out unequal sample counts). Networks are
 * independent, so the cut does not change any number, nor the history when asked for.
 */
export function workerTrainer(threads: number): BpannTrainer {
  const pool = createWorkerPool<TrainTask, TrainOutcome>(compiledModuleUrl(import.meta.url, './train-worker.js'), threads);
  return {
    backend: 'js',
    async train({ batch, params, options }) {
      const chunks = Math.min(batch.networks, threads * 4);
      const bounds = Array.from({ length: chunks + 1 }, (_, c) => Math.round((c * batch.networks) / chunks));
      const parts = await Promise.all(bounds.slice(0, -1).map((lo, c) => pool.run(slice({ batch, params, options }, lo, bounds[c + 1]))));
      const steps = new Int32Array(batch.networks);
      const mse = new Float64Array(batch.networks);
      const iterations = options.iterations ?? BPANN_DEFAULTS.iterations;
      const history = options.history ? new Float32Array(batch.networks * iterations) : undefined;
      parts.forEach((part, c) => {
        params.set(part.params, bounds[c] * PARAMS_PER_NETWORK);
        steps.set(part.steps, bounds[c]);
        mse.set(part.mse, bounds[c]);
        if (history) history.set(part.history!, bounds[c] * iterations);
      });
      return { params, steps, mse, history };
    },
    close: () => pool.close(),
  };
}

function slice({ batch, params, options }: TrainTask, lo: number, hi: number): TrainTask {
  const m = batch.maxSamples;
  return {
    batch: {
      networks: hi - lo,
      maxSamples: m,
      count: batch.count.slice(lo, hi),
      holdout: batch.holdout?.slice(lo, hi),
      x: batch.x.slice(lo * m * 3, hi * m * 3),
      y: batch.y.slice(lo * m, hi * m),
    },
    params: params.slice(lo * PARAMS_PER_NETWORK, hi * PARAMS_PER_NETWORK),
    options,
  };
}
