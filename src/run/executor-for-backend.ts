import { availableParallelism } from 'node:os';
import { tfjsKernel } from '../../kernels/grnn/tfjs.js';
import { initTfjs } from '../../kernels/tfjs/backend.js';
import { inProcessExecutor, workerExecutor, type WindowExecutor } from '../methods/grnn/executor.js';

export type BackendChoice = 'auto' | 'js' | 'tfjs';

/**
 * The window executor for a --backend choice. `auto` is the fastest one available:
 * today the typed-array kernel over worker threads (tfjs's cpu/wasm backends are
 * 5–20× slower on this kernel; see the bench).
 */
export async function executorForBackend(choice: BackendChoice, threads?: number): Promise<WindowExecutor> {
  if (choice === 'tfjs') {
    const name = await initTfjs();
    return inProcessExecutor(tfjsKernel, `tfjs-${name}`);
  }
  return workerExecutor(threads ?? availableParallelism());
}
