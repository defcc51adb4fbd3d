import type { Backend, KernelId } from './backend.js';
import { jsBpannBackend } from './bpann/js.js';
import { nativeBpannBackend } from './bpann/native.js';
import { tfjsBpannBackend } from './bpann/tfjs.js';
import { jsEnkfBackend } from './enkf/js.js';
import { nativeEnkfBackend } from './enkf/native.js';
import { tfjsEnkfBackend } from './enkf/tfjs.js';
import { gpuGrnnBackend } from './grnn/gpu.js';
import { jsGrnnBackend } from './grnn/js.js';
import { nativeGrnnBackend } from './grnn/native.js';
import { tfjsGrnnBackend } from './grnn/tfjs.js';

/** The backends of one kernel interface, fastest first. */
export interface KernelBackends<Kernel, Runner> {
  readonly kernel: KernelId;
  /** How messages and `smfuse backends` name the kernel. */
  readonly label: string;
  readonly backends: readonly Backend<Kernel, Runner>[];
}

function kernelBackends<K, R>(kernel: KernelId, label: string, backends: Backend<K, R>[]): KernelBackends<K, R> {
  for (const b of backends) if (b.kernel !== kernel) throw new Error(`backend ${b.name} of ${b.kernel} is listed under ${kernel}`);
  return { kernel, label, backends: backends.sort((a, b) => a.rank - b.rank) };
}

// A new backend is one file under src/backends/<kernel>/ and one entry in its kernel's list here.
export const GRNN_BACKENDS = kernelBackends('grnn', 'GRNN', [nativeGrnnBackend, jsGrnnBackend, gpuGrnnBackend, tfjsGrnnBackend]);
export const BPANN_BACKENDS = kernelBackends('bpann', 'BPANN', [nativeBpannBackend, jsBpannBackend, tfjsBpannBackend]);
export const ENKF_BACKENDS = kernelBackends('enkf', 'EnKF', [nativeEnkfBackend, jsEnkfBackend, tfjsEnkfBackend]);

/** Every kernel interface with backends, in the order `smfuse backends` lists them. */
export const KERNEL_BACKENDS: readonly KernelBackends<unknown, unknown>[] = [GRNN_BACKENDS, BPANN_BACKENDS, ENKF_BACKENDS];
