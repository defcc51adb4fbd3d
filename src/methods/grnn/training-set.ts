import type { ReferenceData } from '../../cube/masks.js';
import { FREEZING_POINT_K } from '../../cube/masks.js';
import type { GrnnTrainingSet } from '../../../kernels/grnn/types.js';
import type { CellRect } from './windows.js';

/** GRNN input features, in this order (SPEC §3). */
export const FEATURE_NAMES = ['LST', 'NDVI', 'albedo', 'DEM'] as const;
export const FEATURE_COUNT = FEATURE_NAMES.length;

/** Pixel-days of a block to predict: features and their flat [day][row][col] index. */
export interface QuerySet {
  readonly x: Float32Array;
  readonly index: Int32Array;
  readonly m: number;
}

function writeFeatures(ref: ReferenceData, i: number, cell: number, out: Float32Array, at: number): void {
  out[at] = ref.lst[i] - FREEZING_POINT_K;
  out[at + 1] = ref.ndvi[i];
  out[at + 2] = ref.albedo[i];
  out[at + 3] = ref.dem[cell];
}

/** Calls visit(flatIndex, cell) for every usable (status 0) pixel-day inside rect. */
function forEachUsable(ref: ReferenceData, status: Uint8Array, rect: CellRect, visit: (i: number, cell: number) => void): void {
  const plane = ref.width * ref.height;
  for (let day = 0; day < ref.days; day++) {
    for (let row = rect.row0; row < rect.row1; row++) {
      for (let col = rect.col0; col < rect.col1; col++) {
        const cell = row * ref.width + col;
        const i = day * plane + cell;
        if (status[i] === 0) visit(i, cell);
      }
    }
  }
}

/**
 * The union training set of a window (SPEC §3 step 3): one sample (features, value) for
 * every usable pixel-day with a valid value, for each product in turn; the same
 * features appear once per product that is valid there.
 */
export function gatherSamples(ref: ReferenceData, status: Uint8Array, rect: CellRect, products: readonly Float32Array[]): GrnnTrainingSet {
  let n = 0;
  forEachUsable(ref, status, rect, (i) => {
    for (const p of products) if (!Number.isNaN(p[i])) n++;
  });
  const x = new Float32Array(n * FEATURE_COUNT);
  const y = new Float32Array(n);
  let k = 0;
  for (const p of products) {
    forEachUsable(ref, status, rect, (i, cell) => {
      if (Number.isNaN(p[i])) return;
      writeFeatures(ref, i, cell, x, k * FEATURE_COUNT);
      y[k++] = p[i];
    });
  }
  return { x, y, n, d: FEATURE_COUNT };
}

/** Number of samples gatherSamples would return, without building them. */
export function countSamples(ref: ReferenceData, status: Uint8Array, rect: CellRect, product: Float32Array): number {
  let n = 0;
  forEachUsable(ref, status, rect, (i) => {
    if (!Number.isNaN(product[i])) n++;
  });
  return n;
}

/** Every usable pixel-day of a block, to be predicted (SPEC §3 step 5). */
export function gatherQueries(ref: ReferenceData, status: Uint8Array, rect: CellRect): QuerySet {
  let m = 0;
  forEachUsable(ref, status, rect, () => m++);
  const x = new Float32Array(m * FEATURE_COUNT);
  const index = new Int32Array(m);
  let k = 0;
  forEachUsable(ref, status, rect, (i, cell) => {
    writeFeatures(ref, i, cell, x, k * FEATURE_COUNT);
    index[k++] = i;
  });
  return { x, index, m };
}
