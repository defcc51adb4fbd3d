// The backends a conformance suite runs: every backend of a kernel in the registry, each
// variant it has here (the addon's SIMD paths, tfjs's own backends), or why it cannot run.
import { describe, it } from 'vitest';
import { BackendUnavailable } from '../../../src/backends/backend.js';
import type { KernelBackends } from '../../../src/backends/registry.js';

export interface Runnable<K> {
  /** e.g. 'native avx2', 'tfjs wasm', 'js'. */
  readonly id: string;
  /** The backend's name: its row of the tolerance table. */
  readonly family: string;
  /** Opens it again right before its tests (tfjs has one active backend at a time). */
  open(): Promise<K>;
}

/**
 * Each backend × variant, opened once to learn whether it runs here (and closed again):
 * those that do, and the reasons of those that do not.
 */
export async function conformanceBackends<K, R>(
  table: KernelBackends<K, R>,
): Promise<{ runnable: Runnable<K>[]; skipped: [string, string][] }> {
  const runnable: Runnable<K>[] = [];
  const skipped: [string, string][] = [];
  for (const backend of table.backends) {
    const variants: (string | undefined)[] = [...(backend.variants?.() ?? [])];
    for (const variant of variants.length > 0 ? variants : [undefined]) {
      const id = variant ? `${backend.name} ${variant}` : backend.name;
      const open = () => backend.openKernel({ threads: 2, variant });
      try {
        const kernel = await open();
        await (kernel as { close?(): Promise<void> }).close?.();
        runnable.push({ id, family: backend.name, open });
      } catch (e) {
        if (!(e instanceof BackendUnavailable)) throw e;
        skipped.push([id, e.reason]);
      }
    }
  }
  return { runnable, skipped };
}

/** Each backend that cannot run here as a skipped test named with the reason (and a console line). */
export function reportSkipped(label: string, skipped: readonly [string, string][]): void {
  if (skipped.length === 0) return;
  describe(`${label} backends not available here`, () => {
    for (const [id, reason] of skipped) {
      console.info(`${label} conformance: ${id} skipped: ${reason}`);
      it.skip(`${id}: ${reason}`, () => {});
    }
  });
}
