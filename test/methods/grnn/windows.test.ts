import { describe, expect, it } from 'vitest';
import { makeGrid, tibetanPlateauGrid } from '../../../src/grid/gridspec.js';
import { degreesToCells, enclosingWindow, windowLayout } from '../../../src/methods/grnn/windows.js';

const grids = [
  tibetanPlateauGrid(),
  makeGrid({ west: 0, south: 0, east: 13, north: 7 }, 1),
  makeGrid({ west: 0, south: 0, east: 3, north: 2 }, 1),
];

describe('windowLayout', () => {
  it('the Tibetan Plateau at 0.25° with 1° windows has 15 × 35 windows of 4 × 4 cells', () => {
    const grid = tibetanPlateauGrid();
    const cells = degreesToCells(grid, 1);
    expect(cells).toBe(4);
    const layout = windowLayout(grid, { windowCells: cells, blockCells: cells });
    expect(layout).toHaveLength(15 * 35);
    for (const w of layout) {
      expect(w.window).toEqual(w.block);
      expect(w.block.row1 - w.block.row0).toBe(4);
    }
  });

  for (const grid of grids) {
    for (const [windowCells, blockCells] of [
      [4, 4],
      [5, 2],
      [3, 1],
      [8, 3],
    ]) {
      it(`blocks partition a ${grid.width}×${grid.height} grid and windows stay inside (window ${windowCells}, block ${blockCells})`, () => {
        const owner = new Int32Array(grid.width * grid.height).fill(-1);
        for (const w of windowLayout(grid, { windowCells, blockCells })) {
          const { block, window } = w;
          expect(window.row0).toBeGreaterThanOrEqual(0);
          expect(window.col0).toBeGreaterThanOrEqual(0);
          expect(window.row1).toBeLessThanOrEqual(grid.height);
          expect(window.col1).toBeLessThanOrEqual(grid.width);
          expect(window.row0 <= block.row0 && window.row1 >= block.row1).toBe(true);
          expect(window.col0 <= block.col0 && window.col1 >= block.col1).toBe(true);
          expect(window.row1 - window.row0).toBe(Math.min(windowCells, grid.height));
          expect(window.col1 - window.col0).toBe(Math.min(windowCells, grid.width));
          for (let r = block.row0; r < block.row1; r++) {
            for (let c = block.col0; c < block.col1; c++) {
              expect(owner[r * grid.width + c]).toBe(-1);
              owner[r * grid.width + c] = w.index;
            }
          }
        }
        expect(owner.every((o) => o >= 0)).toBe(true);
      });
    }
  }

  it('widening grows a window by whole cells per side and clamps at the grid edge', () => {
    const grid = makeGrid({ west: 0, south: 0, east: 20, north: 10 }, 1);
    const block = { row0: 4, row1: 6, col0: 0, col1: 2 };
    expect(enclosingWindow(grid, block, 4, 0)).toEqual({ row0: 3, row1: 7, col0: 0, col1: 4 });
    expect(enclosingWindow(grid, block, 4, 2)).toEqual({ row0: 1, row1: 9, col0: 0, col1: 8 });
    expect(enclosingWindow(grid, block, 4, 50)).toEqual({ row0: 0, row1: 10, col0: 0, col1: 20 });
  });

  it('rejects a block larger than its window', () => {
    expect(() => windowLayout(grids[1], { windowCells: 2, blockCells: 3 })).toThrow(RangeError);
  });
});
