import { makeGrid } from '../src/grid/gridspec.js';
import { PIXEL_GRID_SAMPLE_CONFIG, synthesizePixelGrid, writePixelGridSample } from '../src/sample/pixel-grid-sample.js';

/** Writes data/fusion/: the gridded BPANN/EnKF sample, 12 × 16 cells at 0.25°, one year. */
const out = process.argv[2] ?? 'data/fusion';
const grid = makeGrid({ west: 100, south: 35, east: 103, north: 39 }, 0.25);
await writePixelGridSample(synthesizePixelGrid(grid, PIXEL_GRID_SAMPLE_CONFIG.year, PIXEL_GRID_SAMPLE_CONFIG.seed), out);
