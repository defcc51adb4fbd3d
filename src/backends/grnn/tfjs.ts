import { inProcessExecutor } from '../../methods/grnn/executor.js';
import { tfjsBackendOf } from '../tfjs.js';
import type { GrnnBackend } from './grnn-backend.js';

/** The tfjs tensor core (libtensorflow, else WebAssembly, else plain JS), windows one at a time in this thread. */
export const tfjsGrnnBackend: GrnnBackend = tfjsBackendOf(
  'grnn',
  async () => (await import('../../../kernels/grnn/tfjs.js')).tfjsKernel,
  (kernel, name) => inProcessExecutor(kernel, `tfjs-${name}`),
);
