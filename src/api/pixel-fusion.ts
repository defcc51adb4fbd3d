import { availableParallelism } from 'node:os';
import type { PixelMethodBackendChoice } from '../config/pixel-method-config.js';
import { silentLogger, type Logger } from '../log.js';
import { bpannFuse, type BpannFuseOptions, type BpannFusion } from '../methods/bpann/fuse.js';
import { enkfFuse, type EnkfFuseOptions, type EnkfFusion } from '../methods/enkf/fuse.js';
import type { PixelCube } from '../cube/pixel-cube.js';
import { bpannTrainerFor, enkfKernelFor } from '../backends/pixel-methods.js';

/** Where and how {@link fuseBpann} and {@link fuseEnkf} compute. */
export interface PixelFusionCompute {
  /** Kernel choice as `--backend`: auto (native if built, else js), native, js, tfjs. Default auto. */
  readonly backend?: PixelMethodBackendChoice;
  /** Threads; default all cores. */
  readonly threads?: number;
  /** Where a BACKEND_FALLBACK warning goes; default a silent logger. */
  readonly log?: Logger;
}

/**
 * BPANN fusion (SPEC §5) of an in-memory cube: `members` networks per pixel trained on the
 * pixel's first `trainFraction` of sample days, on the backend chosen as `--backend` does
 * (the trainer is closed before returning). Options default to BPANN_FUSE_DEFAULTS (the
 * site defaults: 10 members, no pooling); gridded runs use BPANN_GRID_DEFAULTS on top
 * (3 members, a 3 × 3 pooled neighbourhood, which needs `gridWidth`).
 *
 * Shapes: the cube's `smap`, `clm` (m³/m³), `lst` (K) and `obs` (m³/m³) are [day][pixel]
 * (`days × pixels`; on a grid pixel = row · width + col), NaN = missing. The result's
 * `fused` and `sd` are [day][pixel], its `status` one PixelStatus code per pixel.
 * @throws ConfigError when the chosen backend is not available (native, gpu).
 */
export async function fuseBpann(
  cube: PixelCube,
  options: BpannFuseOptions = {},
  compute: PixelFusionCompute = {},
): Promise<BpannFusion & { backend: string }> {
  const trainer = await bpannTrainerFor(
    compute.backend ?? 'auto',
    compute.threads ?? availableParallelism(),
    compute.log ?? silentLogger(),
  );
  try {
    return { ...(await bpannFuse(cube, trainer, options)), backend: trainer.backend };
  } finally {
    await trainer.close();
  }
}

/**
 * EnKF fusion (SPEC §6) of an in-memory cube: per pixel with enough sample days, an
 * initial least-squares fit of the observation operator, then the ensemble filter over the
 * year, on the backend chosen as `--backend` does. Options default to ENKF_FUSE_DEFAULTS.
 * Shapes as {@link fuseBpann}: [day][pixel] in, `fused` and `sd` [day][pixel] out (m³/m³).
 * @throws ConfigError when the chosen backend is not available (native, gpu).
 */
export async function fuseEnkf(
  cube: PixelCube,
  options: EnkfFuseOptions = {},
  compute: PixelFusionCompute = {},
): Promise<EnkfFusion & { backend: string }> {
  const kernel = await enkfKernelFor(compute.backend ?? 'auto', compute.threads ?? availableParallelism(), compute.log ?? silentLogger());
  return { ...enkfFuse(cube, kernel, options), backend: kernel.name };
}
