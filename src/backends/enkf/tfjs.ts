import { tfjsEnkfKernel } from '../../../kernels/enkf/tfjs.js';
import { tfjsBackendOf } from '../tfjs.js';
import type { EnkfBackend } from './enkf-backend.js';

/** The tfjs tensor core, in this thread. */
export const tfjsEnkfBackend: EnkfBackend = tfjsBackendOf('enkf', tfjsEnkfKernel, (kernel) => kernel);
