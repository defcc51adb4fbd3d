import type { Logger } from '../../log.js';
import type { WorkFolder } from '../../scale/work-folder.js';
import { decodeFusionTile, encodeFusionTile, tilePixelRange, type FusionGridAssembly, type FusionTile, type PixelRange } from './tiles.js';
import { restoreTiles, type TileTally } from '../../scale/restore-tiles.js';

/** A method on its backend: fuses one range of cube pixels (BPANN: one batch of networks; EnKF: one kernel call). */
export interface PixelFuser {
  readonly backend: string;
  fuse(range: PixelRange): Promise<FusionTile>;
  close(): Promise<void>;
}

export interface FusionTiling {
  readonly days: number;
  readonly pixels: number;
  readonly tilePixels: number;
  readonly work: WorkFolder<unknown>;
}

/**
 * Brings `tiles` into `assembly` (when given): each from its checkpoint when there is a
 * usable one, else fused by `fuser` and checkpointed before the next tile starts. Tiles
 * run one after another: the backend spreads a tile's pixels over its threads.
 */
export async function fuseFusionTiles(
  t: FusionTiling,
  tiles: readonly number[],
  fuser: PixelFuser | undefined,
  assembly: FusionGridAssembly | undefined,
  log: Logger,
): Promise<TileTally> {
  const { tally, todo } = await restoreTiles(
    t.work,
    tiles,
    (cp, tile) => decodeFusionTile(cp, t.days, tilePixelRange(tile, t.pixels, t.tilePixels)),
    (tile, stored) => assembly?.add(tilePixelRange(tile, t.pixels, t.tilePixels), stored),
    log,
  );
  if (!fuser) {
    tally.missing.push(...todo);
    return tally;
  }
  for (const [done, tile] of todo.entries()) {
    const range = tilePixelRange(tile, t.pixels, t.tilePixels);
    const fused = await fuser.fuse(range);
    await t.work.save(tile, { range }, encodeFusionTile(fused));
    assembly?.add(range, fused);
    tally.computed.push(tile);
    log.progress('tiles', done + 1, todo.length);
  }
  return tally;
}
