import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { forcedSimd, nativeAllowed } from '../../core/env.js';
import { packageRoot } from '../../core/package-root.js';

/** The native GRNN kernel's truncation at one σ: blocks kept, in all, and σs summed again in full. */
export interface GrnnPruneStat {
  readonly sigma: number;
  readonly kept: number;
  readonly total: number;
  readonly resummed: number;
}

/** What the C++ addon (kernels/native/src/addon.cc) exports. */
export interface NativeAddon {
  /** Best SIMD path of this CPU: 'avx512', 'avx2' or 'baseline'. */
  readonly simd: string;
  /** Every path this CPU can run, best first. */
  readonly simdPaths: readonly string[];
  readonly hardwareThreads: number;
  /**
   * With `second`, also its weighted means after the predictions (GrnnKernel.predictWithSecond);
   * `tolerance` (default 0, every weight summed) as GrnnKernel.predict's.
   */
  grnnPredict(
    x: Float32Array,
    y: Float32Array,
    n: number,
    d: number,
    query: Float32Array,
    m: number,
    sigmas: Float64Array,
    threads: number,
    simd?: string,
    second?: Float32Array | null,
    tolerance?: number,
  ): Float32Array;
  /** Blocks of 16 samples per query kept and in all, per σ, since the last call (which resets them). */
  grnnPruneStats(): GrnnPruneStat[];
  /**
   * BpannKernel.train (kernels/bpann/types.ts) for networks in a flat batch: trains
   * `params` in place and writes steps/mse (and the per-step MSE into `history` when not
   * null); trainer 1 = Levenberg–Marquardt, 0 = descent.
   */
  bpannTrain(
    x: Float32Array,
    y: Float32Array,
    count: Int32Array,
    holdout: Int32Array,
    networks: number,
    maxSamples: number,
    params: Float64Array,
    trainer: number,
    learningRate: number,
    iterations: number,
    errorGoal: number,
    steps: Int32Array,
    mse: Float64Array,
    history: Float32Array | null,
    threads: number,
    simd?: string,
  ): void;
  /**
   * EnkfKernel.run (kernels/enkf/types.ts): `seeds[i]` seeds pixel i's mulberry32 stream
   * into `normalTable` (2¹⁴ entries); stateMean/stateSpread and sd are written when not null.
   */
  enkfRun(
    smap: Float32Array,
    clm: Float32Array,
    lst: Float32Array,
    obs: Float32Array,
    days: number,
    pixels: number,
    filtered: Int32Array,
    seeds: Uint32Array,
    initMean: Float64Array,
    initVariance: Float64Array,
    stateNoise: Float64Array,
    members: number,
    obsVariance: number,
    inflation: number,
    additiveNoise: number,
    normalTable: Float64Array,
    fused: Float32Array,
    stateMean: Float32Array | null,
    stateSpread: Float32Array | null,
    threads: number,
    sd?: Float32Array | null,
  ): void;
}

/** Built by `npm ci` (package.json `install`): absent when the build failed or was skipped. */
const ADDON_PATH = join('kernels', 'native', 'build', 'Release', 'smfuse_native.node');

let loaded: { addon: NativeAddon } | { reason: string } | undefined;

/** The addon, or null when it is not built, fails to load, or SMFUSE_NATIVE=off. */
export function nativeAddon(): NativeAddon | null {
  const result = (loaded ??= load());
  return 'addon' in result ? result.addon : null;
}

/** Why nativeAddon() is null (for the error of an explicit `--backend native`). */
export function nativeUnavailableReason(): string {
  const result = (loaded ??= load());
  return 'reason' in result ? result.reason : '';
}

/** Where the addon is (or would be) built: `smfuse backends` shows it. */
export function nativeAddonFile(): string {
  return join(packageRoot(import.meta.url), ADDON_PATH);
}

function load(): { addon: NativeAddon } | { reason: string } {
  if (!nativeAllowed()) return { reason: 'disabled by SMFUSE_NATIVE=off' };
  const file = nativeAddonFile();
  if (!existsSync(file)) return { reason: `${file} is not built (run \`npm run build:native\`)` };
  let addon: NativeAddon;
  try {
    addon = createRequire(import.meta.url)(file) as NativeAddon;
  } catch (e) {
    return { reason: `${file} does not load: ${e instanceof Error ? e.message : String(e)}` };
  }
  const simd = forcedSimd();
  if (simd === undefined) return { addon };
  if (!addon.simdPaths.includes(simd)) return { reason: `SMFUSE_SIMD=${simd}, but this CPU runs only ${addon.simdPaths.join(', ')}` };
  // the addon with that path as its best: every kernel takes it (and names it: native-baseline)
  return { addon: Object.create(addon, { simd: { value: simd } }) as NativeAddon };
}
