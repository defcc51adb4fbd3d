import type { TfjsBackendName } from '../../kernels/tfjs/backend.js';
import type { Logger } from '../log.js';
import { BackendUnavailable, type Availability, type Backend, type KernelId } from './backend.js';

/**
 * tfjs and its backends, loaded on first use: importing them costs every run ≈ 0.2 s of
 * start-up, and only a tfjs backend (or `smfuse backends`) needs them.
 */
const loadTfjs = () => import('../../kernels/tfjs/backend.js');

/** tfjs's own backends, in the order initTfjs tries them: the tfjs backends' variants. */
export const TFJS_VARIANTS: readonly TfjsBackendName[] = ['tensorflow', 'wasm', 'cpu'];

/** initTfjs's onSkip as BACKEND_FALLBACK warnings: each tfjs backend that did not start, and why. */
export function tfjsFallbackWarner(log: Logger): (backend: string, reason: string) => void {
  return (backend, reason) =>
    log.warn('BACKEND_FALLBACK', `--backend tfjs: the ${backend} backend did not start (${reason}); trying the next one`);
}

/**
 * Starts tfjs (the named tfjs backend, else the best that loads) for a kernel; each one
 * skipped is a BACKEND_FALLBACK warning on `log`. Returns the active tfjs backend.
 */
export async function startTfjs(variant?: string, log?: Logger): Promise<TfjsBackendName> {
  const { initTfjs } = await loadTfjs();
  try {
    return await initTfjs(variant as TfjsBackendName | undefined, log && tfjsFallbackWarner(log));
  } catch (e) {
    throw new BackendUnavailable(e instanceof Error ? e.message : String(e));
  }
}

/** Which tfjs backend starts here, and why the better ones did not (starting it makes it tfjs's active backend). */
export async function tfjsAvailability(): Promise<Availability> {
  const { initTfjs } = await loadTfjs();
  const skipped: string[] = [];
  try {
    const name = await initTfjs(undefined, (backend, reason) => skipped.push(`${backend}: ${reason}`));
    return { ok: true, detail: `tfjs-${name}, one thread${skipped.length > 0 ? ` (skipped ${skipped.join('; ')})` : ''}` };
  } catch (e) {
    return { ok: false, reason: e instanceof Error ? e.message : String(e) };
  }
}

/**
 * The tfjs backend of a kernel: the kernel `loadKernel` imports runs on whichever tfjs
 * backend starts (or the variant asked for); a run gets `runner(kernel, the tfjs backend's
 * name)`, in this thread.
 */
export function tfjsBackendOf<Kernel, Runner>(
  id: KernelId,
  loadKernel: () => Promise<Kernel>,
  runner: (kernel: Kernel, name: TfjsBackendName) => Runner,
): Backend<Kernel, Runner> {
  return {
    name: 'tfjs',
    kernel: id,
    rank: 40,
    label: 'the tfjs kernel',
    available: tfjsAvailability,
    variants: () => TFJS_VARIANTS,
    async openKernel({ variant } = {}) {
      await startTfjs(variant);
      return loadKernel();
    },
    async openRunner(_threads, log) {
      const name = await startTfjs(undefined, log);
      return runner(await loadKernel(), name);
    },
  };
}
