import { tfjsBackendOf } from '../tfjs.js';
import type { EnkfBackend } from './enkf-backend.js';

/** The tfjs tensor core, in this thread. */
export const tfjsEnkfBackend: EnkfBackend = tfjsBackendOf(
  'enkf',
  async () => (await import('../../../kernels/enkf/tfjs.js')).tfjsEnkfKernel,
  (kernel) => kernel,
);
