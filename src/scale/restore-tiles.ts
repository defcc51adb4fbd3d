import type { Logger } from '../log.js';
import type { Checkpoint } from './checkpoint-file.js';
import type { WorkFolder } from './work-folder.js';

export interface TileTally {
  /** Tiles fitted now (and checkpointed). */
  readonly computed: number[];
  /** Tiles read from their checkpoints. */
  readonly reused: number[];
  /** Tiles with no usable checkpoint that were not computed (no executor: a merge). */
  readonly missing: number[];
}

/**
 * Hands every tile that has a usable checkpoint to `restore`, in order; `decode` gives
 * nothing for a checkpoint that does not fit this run (it is computed again, with a
 * warning). Returns the tally so far and the tiles still to compute.
 */
export async function restoreTiles<T>(
  work: WorkFolder<unknown>,
  tiles: readonly number[],
  decode: (cp: Checkpoint, tile: number) => T | null | undefined,
  restore: (tile: number, value: T) => void,
  log: Logger,
): Promise<{ tally: TileTally; todo: number[] }> {
  const tally: TileTally = { computed: [], reused: [], missing: [] };
  const todo: number[] = [];
  for (const tile of tiles) {
    const cp = await work.load(tile, (why) => log.warn('CHECKPOINT_RECOMPUTED', `checkpoint ${why}; computing that tile again`));
    const value = cp && decode(cp, tile);
    if (cp && !value) log.warn('CHECKPOINT_RECOMPUTED', `checkpoint of tile ${tile} does not fit this grid; computing it again`);
    if (value) {
      restore(tile, value);
      tally.reused.push(tile);
    } else todo.push(tile);
  }
  return { tally, todo };
}
