import { interpolateViridis } from 'd3-scale-chromatic';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { FLAG } from '../../src/cube/flags.js';
import { makeGrid } from '../../src/grid/gridspec.js';
import { cellPixels, NO_DATA_COLOR, renderMap } from '../../src/report/maps.js';
import { flagScale, soilMoistureScale, type MapScale } from '../../src/report/palettes.js';
import { svgToPng } from '../../src/report/svg-png.js';
import { expectColor, pixelAt } from './png-pixels.js';

/** 4 × 3 cells of 1°: west 90, north 33. */
const grid = makeGrid({ west: 90, south: 30, east: 94, north: 33 }, 1);

function render(values: number[], scale: MapScale = soilMoistureScale(0.5)) {
  const figure = renderMap({ name: 'm', title: 'test map', grid, values, scale });
  return { figure, png: PNG.sync.read(svgToPng(figure.svg, 1)) };
}

/** Centre of a cell in the rendered figure. */
function cellCentre(figure: ReturnType<typeof render>['figure'], row: number, col: number): [number, number] {
  const { x, y, size } = figure.cells;
  return [x + (col + 0.5) * size, y + (row + 0.5) * size];
}

describe('renderMap', () => {
  const values = [0, 0.25, 0.5, NaN, 0.1, 0.2, 0.3, 0.4, 0.6, NaN, -1, 0.45];

  it('gives each cell its colour on the scale, clamped, with whole-pixel cells', () => {
    const { figure, png } = render(values);
    expect(figure.cells.size).toBe(cellPixels(grid));
    expect(png.width).toBe(figure.width);
    expect(png.height).toBe(figure.height);
    // Viridis reversed: SM 0 is yellow, SM 0.5 (the scale maximum) dark purple.
    expectColor(pixelAt(png, ...cellCentre(figure, 0, 0)), interpolateViridis(1));
    expectColor(pixelAt(png, ...cellCentre(figure, 0, 1)), interpolateViridis(0.5));
    expectColor(pixelAt(png, ...cellCentre(figure, 0, 2)), interpolateViridis(0));
    expectColor(pixelAt(png, ...cellCentre(figure, 1, 1)), interpolateViridis(1 - 0.2 / 0.5));
    // Out of range values take the end colours.
    expectColor(pixelAt(png, ...cellCentre(figure, 2, 0)), interpolateViridis(0));
    expectColor(pixelAt(png, ...cellCentre(figure, 2, 2)), interpolateViridis(1));
  });

  it('shows NaN cells as the light grey "no data", and says so in a legend', () => {
    const { figure, png } = render(values);
    expectColor(pixelAt(png, ...cellCentre(figure, 0, 3)), NO_DATA_COLOR);
    expectColor(pixelAt(png, ...cellCentre(figure, 2, 1)), NO_DATA_COLOR);
    expect(figure.svg).toContain('no data');
  });

  it('draws a colour bar with its units, a title and degree ticks', () => {
    const { figure } = render(values);
    expect(figure.svg).toContain('class="colour-bar"');
    expect(figure.svg).toContain('SM (m³/m³)');
    expect(figure.svg).toContain('test map');
    for (const tick of ['90°E', '92°E', '94°E', '30°N', '33°N']) expect(figure.svg).toContain(`>${tick}<`);
  });

  it('colours flags by class and lists only the classes present', () => {
    const flags = [FLAG.PREDICTED, FLAG.FROZEN, 0, ...new Array(9).fill(FLAG.PREDICTED)];
    const { figure, png } = render(flags, flagScale());
    const color = (code: number) => flagScale().classes.find((c) => c.value === code)!.color;
    expectColor(pixelAt(png, ...cellCentre(figure, 0, 0)), color(FLAG.PREDICTED));
    expectColor(pixelAt(png, ...cellCentre(figure, 0, 1)), color(FLAG.FROZEN));
    expectColor(pixelAt(png, ...cellCentre(figure, 0, 2)), NO_DATA_COLOR);
    expect(figure.svg).toContain('10 frozen or snow');
    expect(figure.svg).not.toContain('too few samples');
  });

  it('gives every map of a page its own colour-bar gradient id', () => {
    const a = renderMap({ name: 'a', title: 'a', grid, values, scale: soilMoistureScale(0.5) });
    const b = renderMap({ name: 'b', title: 'b', grid, values, scale: soilMoistureScale(0.5) });
    const id = (svg: string) => /linearGradient id="([^"]+)"/.exec(svg)![1];
    expect(id(a.svg)).not.toBe(id(b.svg));
  });
});
