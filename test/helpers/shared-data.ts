import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * A real product file of the project's shared data (shared/data/, see its PROVENANCE.md):
 * the shared/ folder beside the repository (as CI lays it beside its clone), else the
 * workplace's /work/shared. Tests that use one skip where neither is there.
 */
export function sharedData(relative: string): string {
  const beside = fileURLToPath(new URL(`../../../shared/data/${relative}`, import.meta.url));
  return existsSync(beside) ? beside : `/work/shared/data/${relative}`;
}
