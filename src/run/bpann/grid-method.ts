import type { PixelMethodConfig } from '../../config/pixel-method-config.js';
import { DEFAULT_MAX_SM } from '../../cube/physical-range.js';
import { bpannFuse, BPANN_FUSE_DEFAULTS, BPANN_GRID_DEFAULTS } from '../../methods/bpann/fuse.js';
import { bpannTrainerFor } from '../../backends/pixel-methods.js';
import type { PixelMethod } from '../pixel-grid/run.js';

/** `smfuse bpann --config`: `members` networks per pixel with enough training days, a tile's networks trained as one batch. */
export function bpannGridMethod(config: PixelMethodConfig): PixelMethod {
  const { split, ...rest } = config.bpann;
  const options = {
    ...BPANN_FUSE_DEFAULTS,
    ...BPANN_GRID_DEFAULTS,
    maxSm: DEFAULT_MAX_SM,
    ...rest,
    seed: config.seed,
    trainFraction: split ?? BPANN_FUSE_DEFAULTS.trainFraction,
  };
  return {
    name: 'bpann',
    options,
    // a pixel's pool reaches poolRadius rows above and below it
    rowMargin: options.poolRadius,
    async open({ cube, grid, band }, threads, log) {
      const trainer = await bpannTrainerFor(config.backend, threads, log);
      return {
        backend: trainer.backend,
        async fuse(pixelRange) {
          const r = await bpannFuse(cube, trainer, { ...options, gridWidth: grid.width, pixelRange, seedOffset: band.row0 * grid.width });
          // one member has no spread: no sd (no fused_sd.tif)
          return { fused: r.fused, status: r.status, splitDay: r.splitDay, ...(options.members > 1 && { sd: r.sd }) };
        },
        close: () => trainer.close(),
      };
    },
  };
}
