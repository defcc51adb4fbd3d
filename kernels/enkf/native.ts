import { deriveSeed } from '../../core/rng.js';
import { nativeAddon } from '../native/load.js';
import { NORMAL_TABLE } from './gaussian-table.js';
import { ENKF_FILTER_DEFAULTS, STREAM_ENKF, type EnkfKernel } from './types.js';

export interface NativeEnkfOptions {
  /** Threads over pixels (default: every hardware thread). */
  readonly threads?: number;
}

/**
 * The C++ EnKF (kernels/native/src/enkf/): the JS fast kernel's arithmetic in the same
 * order, pixels split over threads. Its perturbations are the JS kernel's: the same
 * per-pixel seeds (computed here) drive the same mulberry32 steps into the same normal
 * table (passed in), so results match the JS kernel and do not depend on the thread
 * count. Null when the addon is not available.
 */
export function nativeEnkfKernel(options: NativeEnkfOptions = {}): EnkfKernel | null {
  const addon = nativeAddon();
  if (!addon || typeof addon.enkfRun !== 'function') return null; // an addon built before this kernel
  const threads = options.threads ?? addon.hardwareThreads;
  return {
    name: `native-${addon.simd}`,
    run(inputs, setup, opts, out) {
      const o = { ...ENKF_FILTER_DEFAULTS, ...opts };
      const seeds = Uint32Array.from(setup.pixels, (p) => deriveSeed(o.seed, STREAM_ENKF, p + (o.seedOffset ?? 0)));
      addon.enkfRun(
        inputs.smap,
        inputs.clm,
        inputs.lst,
        inputs.obs,
        inputs.days,
        inputs.pixels,
        setup.pixels,
        seeds,
        setup.initMean,
        setup.initVariance,
        setup.stateNoise,
        o.members,
        o.obsVariance,
        o.inflation,
        o.stateNoiseMode === 'additive' ? 1 : 0,
        NORMAL_TABLE,
        out.fused,
        out.stateMean ?? null,
        out.stateSpread ?? null,
        threads,
        out.sd ?? null,
      );
    },
  };
}
