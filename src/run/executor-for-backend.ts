import { availableParallelism } from 'node:os';
import { tfjsKernel } from '../../kernels/grnn/tfjs.js';
import { openWebGpuGrnnKernel } from '../../kernels/grnn/webgpu.js';
import { nativeAddon, nativeUnavailableReason } from '../../kernels/native/load.js';
import { initTfjs } from '../../kernels/tfjs/backend.js';
import { ConfigError } from '../../core/errors.js';
import type { Logger } from '../log.js';
import { inProcessExecutor, workerExecutor, type WindowExecutor } from '../methods/grnn/executor.js';

export type BackendChoice = 'auto' | 'native' | 'gpu' | 'js' | 'tfjs';

/**
 * The window executor for a --backend choice. `auto` is the fastest one available: the
 * C++ addon when it built (≈ 40× the typed-array kernel, see the bench), else the
 * typed-array kernel; both over worker threads, one window per task. The backend name
 * says which ran, with the addon's SIMD path (e.g. native-avx512) or the GPU adapter.
 * `auto` never opens the GPU: the only one measured is Mesa's software rasterizer,
 * slower than the addon, and opening one costs seconds and driver chatter on stderr.
 * A fallback (auto without the addon, tfjs without libtensorflow) is a BACKEND_FALLBACK
 * warning that says why.
 */
export async function executorForBackend(choice: BackendChoice, threads: number | undefined, log: Logger): Promise<WindowExecutor> {
  if (choice === 'gpu') {
    const gpu = await openWebGpuGrnnKernel();
    if ('reason' in gpu) throw new ConfigError(`--backend gpu is not available: ${gpu.reason}`);
    return inProcessExecutor(gpu.kernel, `${gpu.kernel.name} (${gpu.kernel.description})`);
  }
  if (choice === 'tfjs') {
    const name = await initTfjs(undefined, tfjsFallbackWarner(log));
    return inProcessExecutor(tfjsKernel, `tfjs-${name}`);
  }
  const count = threads ?? availableParallelism();
  if (choice === 'native' || choice === 'auto') {
    const addon = nativeAddon();
    if (addon) return workerExecutor(count, 'native', `native-${addon.simd}`);
    if (choice === 'native') throw new ConfigError(`--backend native is not available: ${nativeUnavailableReason()}`);
    log.warn('BACKEND_FALLBACK', `--backend auto: the native addon is not available (${nativeUnavailableReason()}); using the js kernel (about 40× slower, same results to float rounding)`);
  }
  return workerExecutor(count);
}

/** initTfjs's onSkip as BACKEND_FALLBACK warnings: each tfjs backend that did not start, and why. */
export function tfjsFallbackWarner(log: Logger): (backend: string, reason: string) => void {
  return (backend, reason) => log.warn('BACKEND_FALLBACK', `--backend tfjs: the ${backend} backend did not start (${reason}); trying the next one`);
}
