import { nativeEnkfKernel } from '../../../kernels/enkf/native.js';
import { BackendUnavailable } from '../backend.js';
import { nativeAvailability, nativeMissingReason } from '../native.js';
import type { EnkfBackend } from './enkf-backend.js';

/** The C++ filter, pixels over the addon's threads; the js kernel's draws and arithmetic (bit for bit). */
export const nativeEnkfBackend: EnkfBackend = {
  name: 'native',
  kernel: 'enkf',
  rank: 10,
  label: 'the native EnKF kernel',
  available: async () => nativeAvailability(nativeEnkfKernel() !== null),
  openKernel: async ({ threads } = {}) => open(threads),
  openRunner: async (threads) => open(threads),
};

function open(threads?: number) {
  const kernel = nativeEnkfKernel({ threads });
  if (!kernel) throw new BackendUnavailable(nativeMissingReason());
  return kernel;
}
