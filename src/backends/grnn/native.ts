import { nativeGrnnKernel } from '../../../kernels/grnn/native.js';
import { nativeAddon } from '../../../kernels/native/load.js';
import { workerExecutor } from '../../methods/grnn/executor.js';
import { BackendUnavailable } from '../backend.js';
import { nativeAvailability, nativeMissingReason, nativeSimdPaths } from '../native.js';
import type { GrnnBackend } from './grnn-backend.js';

/**
 * The C++ addon (≈ 40× the typed-array kernel, see the bench), its best SIMD path; a run
 * calls it synchronously from worker threads, one window per task.
 */
export const nativeGrnnBackend: GrnnBackend = {
  name: 'native',
  kernel: 'grnn',
  rank: 10,
  label: 'the native addon',
  available: async () => nativeAvailability(true),
  variants: nativeSimdPaths,
  async openKernel({ threads, variant } = {}) {
    return nativeGrnnKernel({ threads, simd: variant }) ?? unavailable();
  },
  async openRunner(threads) {
    const addon = nativeAddon() ?? unavailable();
    return workerExecutor(threads, 'native', `native-${addon.simd}`);
  },
};

function unavailable(): never {
  throw new BackendUnavailable(nativeMissingReason());
}
