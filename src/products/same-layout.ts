import { gridMismatch } from '../grid/gridspec.js';
import { planeSize, type Stack } from '../cube/stack.js';

/**
 * Throws a RangeError naming the stacks unless all share one grid and one date axis
 * and each holds days × rows × cols values. Products compare stacks pixel-day by
 * pixel-day, so misaligned inputs are a caller's bug (regrid first), never a guess.
 */
export function assertSameLayout(stacks: Record<string, Stack>): void {
  const entries = Object.entries(stacks);
  for (const [name, s] of entries) {
    if (s.data.length !== s.dates.length * planeSize(s)) {
      throw new RangeError(
        `stack "${name}" holds ${s.data.length} values, expected ${s.dates.length} days × ${s.grid.height} × ${s.grid.width}`,
      );
    }
  }
  if (entries.length < 2) return;
  const [firstName, first] = entries[0];
  for (const [name, s] of entries.slice(1)) {
    const why = gridMismatch(first.grid, s.grid);
    if (why) throw new RangeError(`stack "${name}" is not on the grid of "${firstName}": ${why}`);
    if (!sameDates(first.dates, s.dates)) {
      throw new RangeError(`stack "${name}" does not have the dates of "${firstName}"`);
    }
  }
}

export function sameDates(a: readonly string[], b: readonly string[]): boolean {
  return a === b || (a.length === b.length && a.every((d, i) => d === b[i]));
}
