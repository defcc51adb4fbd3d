import { availableParallelism } from 'node:os';
import type { GrnnKernel } from '../../../kernels/grnn/types.js';
import { compiledModuleUrl } from '../../../core/compiled-url.js';
import { createWorkerPool } from '../../exec/worker-pool.js';
import { fitWindowModel, type WindowModelResult, type WindowModelTask } from './fit-window.js';

/** Runs the models of one window somewhere: worker threads or this thread. */
export interface WindowExecutor {
  readonly backend: string;
  readonly parallelism: number;
  fit(tasks: WindowModelTask[]): Promise<WindowModelResult[]>;
  close(): Promise<void>;
}

/** Kernel the window workers run: the typed-array one, or the C++ addon on one thread each. */
export type WorkerKernel = 'js' | 'native';

/** One message to a window worker: the models of one window and the kernel to fit them with. */
export interface WindowWorkerRequest {
  readonly kernel: WorkerKernel;
  readonly tasks: WindowModelTask[];
}

/**
 * Windows split over worker threads, one window per task; `backend` names what ran
 * (e.g. native-avx512). With the native kernel each worker makes synchronous addon
 * calls on its own thread: windows, not queries, are the unit of parallelism, which
 * also parallelizes the JS around each kernel call (scaling, folds, R).
 */
export function workerExecutor(threads = availableParallelism(), kernel: WorkerKernel = 'js', backend: string = kernel): WindowExecutor {
  const pool = createWorkerPool<WindowWorkerRequest, WindowModelResult[]>(
    compiledModuleUrl(import.meta.url, './window-worker.js'),
    threads,
  );
  return {
    backend,
    parallelism: threads,
    fit: (tasks) => pool.run({ kernel, tasks }),
    close: () => pool.close(),
  };
}

/**
 * Any kernel in this thread, one window at a time (tfjs, the GPU, or a kernel under
 * test); a kernel that holds resources (the GPU's worker thread) is closed with it.
 */
export function inProcessExecutor(kernel: GrnnKernel & { close?(): Promise<void> }, backend = kernel.name): WindowExecutor {
  return {
    backend,
    parallelism: 1,
    fit: async (tasks) => tasks.map((t) => fitWindowModel(t, kernel)),
    close: async () => kernel.close?.(),
  };
}
