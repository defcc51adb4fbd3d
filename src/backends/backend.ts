import type { Logger } from '../log.js';

/** The kernel interfaces that have interchangeable backends (kernels/<kernel>/types.ts). */
export type KernelId = 'grnn' | 'bpann' | 'enkf';

/** Whether a backend can run here; when not, why (the addon's load error, an env knob, no GPU adapter…). */
export type Availability = { readonly ok: true; readonly detail?: string } | { readonly ok: false; readonly reason: string };

/** How a kernel is opened in this thread (tests, the bench): `variant` picks an implementation of variants(). */
export interface KernelOptions {
  readonly threads?: number;
  readonly variant?: string;
}

/**
 * One implementation of one kernel interface, as `--backend <name>` selects it. A backend
 * is one file under src/backends/<kernel>/ and one line in that kernel's list
 * (src/backends/registry.ts). `Kernel` is the kernel interface (GrnnKernel, BpannKernel,
 * EnkfKernel); `Runner` is what a run drives (a window executor, a trainer, the kernel).
 */
export interface Backend<Kernel, Runner> {
  /** The `--backend` choice, e.g. 'native'. */
  readonly name: string;
  readonly kernel: KernelId;
  /** Speed order as measured by the bench: lower is faster; `auto` tries backends in this order. */
  readonly rank: number;
  /** When set, `auto` never picks this backend, for this reason (it can still be chosen by name). */
  readonly autoNever?: string;
  /** How messages name it, e.g. 'the native addon' ("… is not available (why); using the js kernel"). */
  readonly label: string;
  /** Said when auto falls back to it, e.g. 'same results to float rounding, slower'. */
  readonly fallbackNote?: string;
  /** Cheap where it can be; never throws. */
  available(): Promise<Availability>;
  /** The implementations it can run here, best first (the addon's SIMD paths); none when it has one. */
  variants?(): readonly string[];
  /** The kernel in this thread; throws BackendUnavailable when it cannot open here. */
  openKernel(options?: KernelOptions): Promise<Kernel>;
  /** What a run uses on `threads` threads; throws BackendUnavailable when it cannot open here. */
  openRunner(threads: number, log?: Logger): Promise<Runner>;
}

/** A backend that cannot open here; `reason` says why (the registry turns it into a ConfigError or a fallback). */
export class BackendUnavailable extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'BackendUnavailable';
  }
}
