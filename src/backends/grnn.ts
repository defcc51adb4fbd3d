import { availableParallelism } from 'node:os';
import type { Logger } from '../log.js';
import type { WindowExecutor } from '../methods/grnn/executor.js';
import { GRNN_BACKENDS } from './registry.js';
import { openBackend } from './select.js';

export type BackendChoice = 'auto' | 'native' | 'gpu' | 'js' | 'tfjs';

/**
 * The window executor for a --backend choice (src/backends/grnn/). `auto` is the fastest
 * one available: the C++ addon when it built, else the typed-array kernel, both over
 * worker threads (`threads`, default every core), one window per task; it never opens
 * the GPU. The executor's backend says which ran, with the addon's SIMD path (e.g.
 * native-avx512) or the GPU adapter. A fallback is a BACKEND_FALLBACK warning that says why.
 */
export function executorForBackend(choice: BackendChoice, threads: number | undefined, log: Logger): Promise<WindowExecutor> {
  return openBackend(GRNN_BACKENDS, choice, threads ?? availableParallelism(), log);
}

export { tfjsFallbackWarner } from './tfjs.js';
