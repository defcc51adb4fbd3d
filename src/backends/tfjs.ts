import { initTfjs, type TfjsBackendName } from '../../kernels/tfjs/backend.js';
import type { Logger } from '../log.js';
import { BackendUnavailable, type Availability } from './backend.js';

/** tfjs's own backends, in the order initTfjs tries them: the tfjs backends' variants. */
export const TFJS_VARIANTS: readonly TfjsBackendName[] = ['tensorflow', 'wasm', 'cpu'];

/** initTfjs's onSkip as BACKEND_FALLBACK warnings: each tfjs backend that did not start, and why. */
export function tfjsFallbackWarner(log: Logger): (backend: string, reason: string) => void {
  return (backend, reason) => log.warn('BACKEND_FALLBACK', `--backend tfjs: the ${backend} backend did not start (${reason}); trying the next one`);
}

/**
 * Starts tfjs (the named tfjs backend, else the best that loads) for a kernel; each one
 * skipped is a BACKEND_FALLBACK warning on `log`. Returns the active tfjs backend.
 */
export async function startTfjs(variant?: string, log?: Logger): Promise<TfjsBackendName> {
  try {
    return await initTfjs(variant as TfjsBackendName | undefined, log && tfjsFallbackWarner(log));
  } catch (e) {
    throw new BackendUnavailable(e instanceof Error ? e.message : String(e));
  }
}

/** Which tfjs backend starts here, and why the better ones did not (starting it makes it tfjs's active backend). */
export async function tfjsAvailability(): Promise<Availability> {
  const skipped: string[] = [];
  try {
    const name = await initTfjs(undefined, (backend, reason) => skipped.push(`${backend}: ${reason}`));
    return { ok: true, detail: `tfjs-${name}, one thread${skipped.length > 0 ? ` (skipped ${skipped.join('; ')})` : ''}` };
  } catch (e) {
    return { ok: false, reason: e instanceof Error ? e.message : String(e) };
  }
}
