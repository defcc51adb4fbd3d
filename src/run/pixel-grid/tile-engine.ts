import type { Logger } from '../../log.js';
import type { TileEngine } from '../../scale/tiled-job.js';
import { tilePixelRange, type PixelRange, type PixelTile } from './tiles.js';

/** A method on its backend: fuses one range of cube pixels (BPANN: one batch of networks; EnKF: one kernel call). */
export interface PixelFuser {
  readonly backend: string;
  fuse(range: PixelRange): Promise<PixelTile>;
  close(): Promise<void>;
}

/**
 * A pixel method as a tile engine: tiles run one after another (the backend spreads a
 * tile's pixels over its threads), each done before the next starts.
 */
export function pixelTileEngine(fuser: PixelFuser, threads: number, pixels: number, tilePixels: number, log: Logger): TileEngine<PixelTile> {
  return {
    backend: fuser.backend,
    threads,
    async fuse(tiles, done) {
      for (const [k, tile] of tiles.entries()) {
        await done(tile, await fuser.fuse(tilePixelRange(tile, pixels, tilePixels)));
        log.progress('tiles', k + 1, tiles.length);
      }
    },
    close: () => fuser.close(),
  };
}
