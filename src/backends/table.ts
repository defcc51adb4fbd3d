import type { KernelId } from './backend.js';
import { KERNEL_BACKENDS } from './registry.js';

/** One backend as `smfuse backends` shows it. */
export interface BackendRow {
  readonly name: string;
  readonly rank: number;
  readonly available: boolean;
  /** What runs when it is available (SIMD path, threads, addon file, tfjs backend, GPU adapter); why not when it is not. */
  readonly detail: string;
  /** Set when `auto` never picks it: why. */
  readonly autoNever?: string;
}

/** The backends of one kernel, fastest first, and the one `auto` picks here. */
export interface KernelTable {
  readonly kernel: KernelId;
  readonly label: string;
  readonly auto: string | null;
  readonly backends: readonly BackendRow[];
}

/**
 * Every backend of every kernel checked here, as `auto` would choose: the first available
 * one, fastest first, that auto may pick. Checking the GPU opens it (seconds); checking
 * tfjs starts its best backend.
 */
export async function backendTables(): Promise<KernelTable[]> {
  const tables: KernelTable[] = [];
  for (const { kernel, label, backends } of KERNEL_BACKENDS) {
    const rows: BackendRow[] = [];
    for (const b of backends) {
      const a = await b.available();
      rows.push({
        name: b.name,
        rank: b.rank,
        available: a.ok,
        detail: a.ok ? (a.detail ?? '') : a.reason,
        ...(b.autoNever && { autoNever: b.autoNever }),
      });
    }
    tables.push({ kernel, label, auto: rows.find((r) => r.available && !r.autoNever)?.name ?? null, backends: rows });
  }
  return tables;
}
