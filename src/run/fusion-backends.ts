import { availableParallelism } from 'node:os';
import { fastKernel as fastBpannKernel } from '../../kernels/bpann/fast.js';
import { nativeBpannKernel } from '../../kernels/bpann/native.js';
import { tfjsBpannKernel } from '../../kernels/bpann/tfjs.js';
import { fastKernel as fastEnkfKernel } from '../../kernels/enkf/fast.js';
import { nativeEnkfKernel } from '../../kernels/enkf/native.js';
import { tfjsEnkfKernel } from '../../kernels/enkf/tfjs.js';
import type { EnkfKernel } from '../../kernels/enkf/types.js';
import { nativeUnavailableReason } from '../../kernels/native/load.js';
import { initTfjs } from '../../kernels/tfjs/backend.js';
import type { FusionBackendChoice } from '../config/fusion-config.js';
import { ConfigError } from '../../core/errors.js';
import type { Logger } from '../log.js';
import { inProcessTrainer, workerTrainer, type BpannTrainer } from '../methods/bpann/trainer.js';
import { tfjsFallbackWarner } from './executor-for-backend.js';

/**
 * The BPANN trainer of a --backend choice. `auto`: the C++ addon when it built (it
 * splits networks over its own threads), else the typed-array kernel over worker
 * threads (in this thread when threads = 1). `tfjs`: the tensor core, in this thread,
 * gradient descent only. Networks are independent and seeded per pixel, so the choice
 * and the thread count change no number beyond float rounding between implementations.
 * A fallback is a BACKEND_FALLBACK warning on `log` that says why.
 */
export async function bpannTrainerFor(choice: FusionBackendChoice, threads = availableParallelism(), log?: Logger): Promise<BpannTrainer> {
  if (choice === 'gpu') throw unavailable(choice);
  if (choice === 'tfjs') {
    await initTfjs(undefined, log && tfjsFallbackWarner(log));
    return inProcessTrainer(tfjsBpannKernel);
  }
  if (choice !== 'js') {
    const kernel = nativeBpannKernel({ threads });
    if (kernel) return inProcessTrainer(kernel);
    if (choice === 'native') throw unavailable(choice);
    warnFallback(log, 'BPANN');
  }
  // one thread needs no worker, and only the in-process kernel keeps the training curve (site mode)
  return threads === 1 ? inProcessTrainer(fastBpannKernel) : workerTrainer(threads);
}

/** The EnKF kernel of a --backend choice: `auto` is the addon when built, else the typed-array kernel (one thread). */
export async function enkfKernelFor(choice: FusionBackendChoice, threads = availableParallelism(), log?: Logger): Promise<EnkfKernel> {
  if (choice === 'gpu') throw unavailable(choice);
  if (choice === 'tfjs') {
    await initTfjs(undefined, log && tfjsFallbackWarner(log));
    return tfjsEnkfKernel;
  }
  if (choice !== 'js') {
    const kernel = nativeEnkfKernel({ threads });
    if (kernel) return kernel;
    if (choice === 'native') throw unavailable(choice);
    warnFallback(log, 'EnKF');
  }
  return fastEnkfKernel;
}

function warnFallback(log: Logger | undefined, method: string): void {
  log?.warn('BACKEND_FALLBACK', `--backend auto: the native ${method} kernel is not available (${nativeMissingReason()}); using the js kernel (same results to float rounding, slower)`);
}

/** Why the addon's BPANN/EnKF kernels are missing: it may have loaded but predate them, leaving no reason. */
function nativeMissingReason(): string {
  return nativeUnavailableReason() || 'the addon was built without the BPANN/EnKF kernels (run `npm run build:native`)';
}

function unavailable(choice: 'native' | 'gpu'): ConfigError {
  if (choice === 'gpu') return new ConfigError('--backend gpu is not available for BPANN and EnKF (only GRNN has a GPU kernel): use auto, native, js or tfjs');
  return new ConfigError(`--backend native is not available: ${nativeMissingReason()}`);
}
