import { availableParallelism } from 'node:os';
import type { GrnnKernel } from '../../../kernels/grnn/types.js';
import { compiledModuleUrl } from '../../exec/compiled-url.js';
import { createWorkerPool } from '../../exec/worker-pool.js';
import { fitWindowModel, type WindowModelResult, type WindowModelTask } from './fit-window.js';

/** Runs the models of one window somewhere: worker threads or this thread. */
export interface WindowExecutor {
  readonly backend: string;
  readonly parallelism: number;
  fit(tasks: WindowModelTask[]): Promise<WindowModelResult[]>;
  close(): Promise<void>;
}

/** The typed-array kernel split over worker threads, one window per task. */
export function workerExecutor(threads = availableParallelism()): WindowExecutor {
  const pool = createWorkerPool<WindowModelTask[], WindowModelResult[]>(
    compiledModuleUrl(import.meta.url, './window-worker.js'),
    threads,
  );
  return {
    backend: 'js',
    parallelism: threads,
    fit: (tasks) => pool.run(tasks),
    close: () => pool.close(),
  };
}

/** Any kernel in this thread, one window at a time (tfjs, or a kernel under test). */
export function inProcessExecutor(kernel: GrnnKernel, backend = kernel.name): WindowExecutor {
  return {
    backend,
    parallelism: 1,
    fit: async (tasks) => tasks.map((t) => fitWindowModel(t, kernel)),
    close: async () => {},
  };
}
