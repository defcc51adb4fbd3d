import type { Logger } from '../../log.js';
import type { WindowExecutor } from '../../methods/grnn/executor.js';
import { fitWindows, type GrnnOptions, type WindowOutput } from '../../methods/grnn/fuse.js';
import type { GrnnInputs } from '../../cube/grnn-inputs.js';
import type { GrnnWindow } from '../../methods/grnn/windows.js';
import type { RowBand } from '../../grid/gridspec.js';
import { outputOnGrid, windowInBand } from './band.js';
import type { TileEngine } from '../../scale/tiled-job.js';
import { tileWindowRange } from './tiles.js';

export interface WindowTiling {
  /** The rows `band` of the whole grid (all of them but in a shard). */
  readonly inputs: GrnnInputs;
  readonly band: RowBand;
  readonly status: Uint8Array;
  /** The whole grid's windows. */
  readonly layout: readonly GrnnWindow[];
  readonly options: GrnnOptions;
  readonly tileWindows: number;
}

/**
 * GRNN on its executor as a tile engine: the windows of every tile to compute go through
 * fitWindows together (enough in flight to feed every worker), and a tile is done, in
 * window order, as soon as its last window is. Windows fit in the band's rows; their
 * outputs go back to the whole grid's.
 */
export function windowTileEngine(t: WindowTiling, executor: WindowExecutor, log: Logger): TileEngine<WindowOutput[]> {
  const windowCount = t.layout.length;
  return {
    backend: executor.backend,
    threads: executor.parallelism,
    async fuse(tiles, done) {
      const pending = new Map<number, WindowOutput[]>();
      const windows: GrnnWindow[] = [];
      for (const tile of tiles) {
        const [first, end] = tileWindowRange(tile, windowCount, t.tileWindows);
        pending.set(tile, []);
        windows.push(...t.layout.slice(first, end).map((w) => windowInBand(w, t.band)));
      }
      let count = 0;
      await fitWindows(t.inputs, t.status, t.options, executor, windows, async (fitted) => {
        const out = outputOnGrid(fitted, t.band);
        const tile = Math.floor(out.window / t.tileWindows);
        const outputs = pending.get(tile)!;
        outputs.push(out);
        const [first, end] = tileWindowRange(tile, windowCount, t.tileWindows);
        if (outputs.length === end - first) {
          pending.delete(tile);
          await done(
            tile,
            outputs.sort((a, b) => a.window - b.window),
          );
        }
        log.progress('windows', ++count, windows.length);
      });
    },
    close: () => executor.close(),
  };
}
