import type { GrnnKernel } from '../../../kernels/grnn/types.js';
import type { WindowExecutor } from '../../methods/grnn/executor.js';
import type { Backend } from '../backend.js';

/** A GRNN kernel that may hold resources (the GPU's worker thread). */
export type ClosableGrnnKernel = GrnnKernel & { close?(): Promise<void> };

/** A GRNN backend: its kernel, and the window executor a run fits windows with. */
export type GrnnBackend = Backend<ClosableGrnnKernel, WindowExecutor>;
