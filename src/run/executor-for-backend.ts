import { availableParallelism } from 'node:os';
import { tfjsKernel } from '../../kernels/grnn/tfjs.js';
import { nativeAddon, nativeUnavailableReason } from '../../kernels/native/load.js';
import { initTfjs } from '../../kernels/tfjs/backend.js';
import { ConfigError } from '../errors.js';
import { inProcessExecutor, workerExecutor, type WindowExecutor } from '../methods/grnn/executor.js';

export type BackendChoice = 'auto' | 'native' | 'js' | 'tfjs';

/**
 * The window executor for a --backend choice. `auto` is the fastest one available: the
 * C++ addon when it built (≈ 40× the typed-array kernel, see the bench), else the
 * typed-array kernel; both over worker threads, one window per task. The backend name
 * says which ran, with the addon's SIMD path (e.g. native-avx512).
 */
export async function executorForBackend(choice: BackendChoice, threads?: number): Promise<WindowExecutor> {
  if (choice === 'tfjs') {
    const name = await initTfjs();
    return inProcessExecutor(tfjsKernel, `tfjs-${name}`);
  }
  const count = threads ?? availableParallelism();
  if (choice === 'native' || choice === 'auto') {
    const addon = nativeAddon();
    if (addon) return workerExecutor(count, 'native', `native-${addon.simd}`);
    if (choice === 'native') throw new ConfigError(`--backend native is not available: ${nativeUnavailableReason()}`);
  }
  return workerExecutor(count);
}
