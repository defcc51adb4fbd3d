import type { EnkfKernel } from '../../../kernels/enkf/types.js';
import type { Backend } from '../backend.js';

/** An EnKF backend: a run drives the kernel itself. */
export type EnkfBackend = Backend<EnkfKernel, EnkfKernel>;
