/**
 * What a shard of a GRNN run reads: its tiles' blocks plus the margin their windows reach
 * when widened as far as they may, so that every window it fits sees the same cells as
 * in the whole grid. Windows are laid out on the whole grid and moved into the band's
 * rows to fit; their outputs are moved back before they are checkpointed.
 */
import type { RowBand } from '../../grid/gridspec.js';
import type { GrnnOptions, WindowOutput } from '../../methods/grnn/fuse.js';
import type { CellRect, GrnnWindow } from '../../methods/grnn/windows.js';
import { tileWindowRange } from './tiles.js';

/**
 * Rows a tile's windows may read: a widened window spans windowCells + 2·maxWiden·blockCells
 * cells centred on its block, shifted (never cut) to stay inside the grid; this margin on
 * both sides of the blocks holds it wherever it lands.
 */
export function tileRows(layout: readonly GrnnWindow[], tileWindows: number, options: GrnnOptions, tile: number, height: number): RowBand {
  const [first, end] = tileWindowRange(tile, layout.length, tileWindows);
  const margin = options.windowCells + 2 * options.maxWiden * options.blockCells;
  let row0 = height;
  let row1 = 0;
  for (let w = first; w < end; w++) {
    row0 = Math.min(row0, layout[w].block.row0);
    row1 = Math.max(row1, layout[w].block.row1);
  }
  return { row0: Math.max(0, row0 - margin), row1: Math.min(height, row1 + margin) };
}

const shift = (r: CellRect, rows: number): CellRect => ({ ...r, row0: r.row0 + rows, row1: r.row1 + rows });

/** A window of the whole grid's layout in the rows of `band`. */
export function windowInBand(w: GrnnWindow, band: RowBand): GrnnWindow {
  return { ...w, block: shift(w.block, -band.row0), window: shift(w.window, -band.row0) };
}

/** A window's output fitted in the rows of `band`, placed back on the whole grid. */
export function outputOnGrid(out: WindowOutput, band: RowBand): WindowOutput {
  if (band.row0 === 0) return out;
  return {
    ...out,
    block: shift(out.block, band.row0),
    reports: out.reports.map((r) => ({ ...r, block: shift(r.block, band.row0), rect: shift(r.rect, band.row0) })),
  };
}
