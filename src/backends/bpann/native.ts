import { nativeBpannKernel } from '../../../kernels/bpann/native.js';
import { inProcessTrainer } from '../../methods/bpann/trainer.js';
import { BackendUnavailable } from '../backend.js';
import { nativeAvailability, nativeMissingReason, nativeSimdPaths } from '../native.js';
import type { BpannBackend } from './bpann-backend.js';

/** The C++ trainers (both LM and descent); the addon splits the networks over its own threads. */
export const nativeBpannBackend: BpannBackend = {
  name: 'native',
  kernel: 'bpann',
  rank: 10,
  label: 'the native BPANN kernel',
  available: async () => nativeAvailability(nativeBpannKernel() !== null),
  variants: nativeSimdPaths,
  openKernel: async ({ threads, variant } = {}) => open(threads, variant),
  openRunner: async (threads) => inProcessTrainer(open(threads)),
};

function open(threads?: number, simd?: string) {
  const kernel = nativeBpannKernel({ threads, simd });
  if (!kernel) throw new BackendUnavailable(nativeMissingReason());
  return kernel;
}
