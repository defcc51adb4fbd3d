import { fastKernel } from '../../../kernels/enkf/fast.js';
import type { EnkfBackend } from './enkf-backend.js';

/** The typed-array filter, in this thread: runs everywhere. */
export const jsEnkfBackend: EnkfBackend = {
  name: 'js',
  kernel: 'enkf',
  rank: 20,
  label: 'the js kernel',
  fallbackNote: 'same results to float rounding, slower',
  available: async () => ({ ok: true, detail: 'typed arrays, one thread' }),
  openKernel: async () => fastKernel,
  openRunner: async () => fastKernel,
};
