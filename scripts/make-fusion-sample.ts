import { makeGrid } from '../src/grid/gridspec.js';
import { FUSION_SAMPLE_CONFIG, synthesizeFusionGrid, writeFusionGridSample } from '../src/sample/fusion-grid-sample.js';

/** Writes data/fusion/: the gridded BPANN/EnKF sample, 12 × 16 cells at 0.25°, one year. */
const out = process.argv[2] ?? 'data/fusion';
const grid = makeGrid({ west: 100, south: 35, east: 103, north: 39 }, 0.25);
await writeFusionGridSample(synthesizeFusionGrid(grid, FUSION_SAMPLE_CONFIG.year, FUSION_SAMPLE_CONFIG.seed), out);
