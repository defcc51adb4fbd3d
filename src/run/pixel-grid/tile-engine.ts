import type { Logger } from '../../log.js';
import type { TileEngine } from '../../scale/tiled-job.js';
import { tilePixelRange, type PixelRange, type PixelTile } from './tiles.js';

/** A method on its backend: fuses one range of cube pixels (BPANN: one batch of networks; EnKF: one kernel call). */
export interface PixelFuser {
  readonly backend: string;
  fuse(range: PixelRange): Promise<PixelTile>;
  close(): Promise<void>;
}

export interface PixelTiling {
  /** Pixels of the whole grid. */
  readonly pixels: number;
  readonly tilePixels: number;
  /** The whole grid's index of the fuser's cube pixel 0 (row0 · width of a shard's band). */
  readonly offset: number;
}

/**
 * A pixel method as a tile engine: tiles run one after another (the backend spreads a
 * tile's pixels over its threads), each done before the next starts. Tiles are ranges
 * of the whole grid's pixels; the fuser's cube may hold only a band of rows.
 */
export function pixelTileEngine(fuser: PixelFuser, threads: number, tiling: PixelTiling, log: Logger): TileEngine<PixelTile> {
  return {
    backend: fuser.backend,
    threads,
    async fuse(tiles, done) {
      for (const [k, tile] of tiles.entries()) {
        const [first, end] = tilePixelRange(tile, tiling.pixels, tiling.tilePixels);
        await done(tile, await fuser.fuse([first - tiling.offset, end - tiling.offset]));
        log.progress('tiles', k + 1, tiles.length);
      }
    },
    close: () => fuser.close(),
  };
}
