import { describe, expect, it } from 'vitest';
import { makeGrid } from '../../../src/grid/gridspec.js';
import type { GrnnInputs } from '../../../src/cube/grnn-inputs.js';
import { createAssembly, MODELS, type WindowOutput } from '../../../src/methods/grnn/fuse.js';
import { FEATURE_COUNT } from '../../../src/methods/grnn/training-set.js';
import { windowLayout } from '../../../src/methods/grnn/windows.js';
import { decodeTile, encodeTile } from '../../../src/run/grnn/tiles.js';

// 5 × 3 cells, 2 days; blocks of 2 cells: 3 × 2 = 6 windows, the last column and row narrower.
const grid = makeGrid({ west: 0, south: 0, east: 5, north: 3 }, 1);
const days = 2;
const size = grid.width * grid.height * days;
const inputs = { grid, width: grid.width, height: grid.height, days } as unknown as GrnnInputs;
const status = Uint8Array.from({ length: size }, (_, i) => (i % 7 === 0 ? 3 : 0));
const layout = windowLayout(grid, { windowCells: 2, blockCells: 2 });

/** A window's output whose values encode (model, day, row, col), so misplacement shows. */
function output(w: number): WindowOutput {
  const { block } = layout[w];
  const cells: [number, number, number][] = [];
  for (let day = 0; day < days; day++)
    for (let row = block.row0; row < block.row1; row++) for (let col = block.col0; col < block.col1; col++) cells.push([day, row, col]);
  return {
    window: w,
    block,
    predictions: MODELS.map((_m, mi) => Float32Array.from(cells, ([d, r, c]) => 1000 * mi + 100 * d + 10 * r + c)),
    sd: MODELS.map((_m, mi) => Float32Array.from(cells, ([d, r, c]) => -(1000 * mi + 100 * d + 10 * r + c) / 7)),
    flags: Uint8Array.from(cells, ([d, r, c]) => 1 + ((d + r + c) % 5)),
    reports: MODELS.map((m) => ({
      window: w,
      model: m.name,
      block,
      rect: block,
      widen: 0,
      samplesEcv: w,
      samplesFy: 0,
      queries: 1,
      sigma: w === 2 ? NaN : 0.1 * w,
      testR: 0.5,
      status: 'ok' as const,
    })),
    importanceSumSq: Float64Array.from({ length: FEATURE_COUNT }, (_, k) => 0.1 * (w + 1) + k / 3),
    importanceCount: w + 1,
  };
}

function assemble(order: number[], make: (w: number) => WindowOutput = output) {
  const a = createAssembly(inputs, status, layout.length);
  for (const w of order) a.add(make(w));
  return a.result();
}

describe('fusion assembly', () => {
  it('places each block at its cells, whatever the order windows arrive in', () => {
    const inOrder = assemble([0, 1, 2, 3, 4, 5]);
    const plane = grid.width * grid.height;
    for (let d = 0; d < days; d++) {
      for (let r = 0; r < grid.height; r++) {
        for (let c = 0; c < grid.width; c++) {
          const i = d * plane + r * grid.width + c;
          MODELS.forEach((m, mi) => expect(inOrder.predictions[m.name][i]).toBe(1000 * mi + 100 * d + 10 * r + c));
          MODELS.forEach((m, mi) => expect(inOrder.sd[m.name][i]).toBe(Math.fround(-(1000 * mi + 100 * d + 10 * r + c) / 7)));
          expect(inOrder.flags[i]).toBe(1 + ((d + r + c) % 5));
        }
      }
    }
    const shuffled = assemble([4, 1, 5, 0, 3, 2]);
    expect(shuffled).toEqual(inOrder);
    expect(inOrder.windows.map((r) => `${r.window}:${r.model}`)).toEqual(layout.flatMap((w) => MODELS.map((m) => `${w.index}:${m.name}`)));
    // Importance: summed in window order, the same bits whatever the arrival order.
    let expected = 0;
    for (let w = 0; w < 6; w++) expected += 0.1 * (w + 1);
    expect(inOrder.importanceSumSq[0]).toBe(expected);
    expect(inOrder.importanceCount).toBe(21);
  });

  it('a tile through its checkpoint encoding gives the same result, NaN σ included', () => {
    const direct = assemble([0, 1, 2, 3, 4, 5]);
    const tile = encodeTile([0, 1, 2, 3, 4, 5].map(output));
    const decoded = decodeTile(
      { key: 'k', part: 0, meta: JSON.parse(JSON.stringify(tile.meta)), arrays: tile.arrays },
      days,
      FEATURE_COUNT,
    )!;
    expect(assemble([5, 4, 3, 2, 1, 0], (w) => decoded[w])).toEqual(direct);
    expect(decodeTile({ key: 'k', part: 0, meta: tile.meta, arrays: tile.arrays }, days + 1, FEATURE_COUNT)).toBeUndefined();
    // a checkpoint written before the sd existed is not usable: its tile is fitted again
    const { fused_sd: _dropped, ...withoutSd } = tile.arrays;
    expect(decodeTile({ key: 'k', part: 0, meta: tile.meta, arrays: withoutSd }, days, FEATURE_COUNT)).toBeUndefined();
  });

  it('refuses to give a result with a window missing', () => {
    expect(() => assemble([0, 1, 2, 3, 5])).toThrow('fusion result assembled without window 4');
  });
});
