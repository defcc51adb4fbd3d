import type { PixelMethodConfig } from '../../config/pixel-method-config.js';
import { DEFAULT_MAX_SM } from '../../cube/physical-range.js';
import { timeSplit } from '../../methods/bpann/time-split.js';
import { enkfFuse, ENKF_FUSE_DEFAULTS } from '../../methods/enkf/fuse.js';
import { sampleDays } from '../../methods/pixel-cube.js';
import type { PixelCube } from '../../cube/pixel-cube.js';
import { enkfKernelFor } from '../../backends/pixel-methods.js';
import type { PixelMethod } from '../pixel-grid/run.js';
import type { PixelRange } from '../pixel-grid/tiles.js';

/** Share of a pixel's sample days before its validation period: the paper's 2:1. */
export const ENKF_DEFAULT_SPLIT = 2 / 3;

/**
 * Per pixel of `range` (default all), the first day of its validation period. The filter
 * uses every observation as it comes; the split only says which days the metrics call
 * validation, as BPANN's.
 */
export function enkfSplitDays(cube: PixelCube, split: number, [first, end]: PixelRange = [0, cube.pixels]): Int32Array {
  return Int32Array.from({ length: end - first }, (_, k) => timeSplit(sampleDays(cube, first + k), split, cube.days).splitDay);
}

/** `smfuse enkf --config`: one filter per pixel with enough observation days, a tile's pixels through one kernel call. */
export function enkfGridMethod(config: PixelMethodConfig): PixelMethod {
  const { split = ENKF_DEFAULT_SPLIT, ...rest } = config.enkf;
  const options = { ...ENKF_FUSE_DEFAULTS, maxSm: DEFAULT_MAX_SM, ...rest, seed: config.seed };
  return {
    name: 'enkf',
    options: { ...options, split },
    rowMargin: 0,
    async open({ cube, grid, band }, threads, log) {
      const kernel = await enkfKernelFor(config.backend, threads, log);
      const scratch = new Float32Array(cube.days * cube.pixels);
      const sdScratch = new Float32Array(cube.days * cube.pixels);
      return {
        backend: kernel.name,
        async fuse(pixelRange) {
          const r = enkfFuse(cube, kernel, { ...options, pixelRange, scratch, sdScratch, seedOffset: band.row0 * grid.width });
          return { fused: r.fused, sd: r.sd, status: r.status, splitDay: enkfSplitDays(cube, split, pixelRange) };
        },
        close: async () => {},
      };
    },
  };
}
