import { initBpannParams } from '../../../kernels/bpann/init.js';
import { bpannPredict } from '../../../kernels/bpann/predict.js';
import { BPANN_DEFAULTS, BPANN_WIDTH, PARAMS_PER_NETWORK, type BpannTrainOptions } from '../../../kernels/bpann/types.js';
import { inputsValid, PixelStatus, sampleDays, type FusionCube } from '../fusion-cube.js';
import { fromUnitRange, minMaxOf, toUnitRange, type MinMax } from './mapminmax.js';
import { moveHoldoutLast } from './holdout.js';
import { timeSplit } from './time-split.js';
import type { BpannTrainer } from './trainer.js';

export interface BpannFuseOptions extends BpannTrainOptions {
  /** Seed of the initial weights; pixel p's network draws from (seed, p). Default 0. */
  seed?: number;
  /** Share of a pixel's sample days (time order) that train it. Default 2/3 (the paper's 2:1). */
  trainFraction?: number;
  /**
   * Fewest training days a pixel's network needs: days of its training period with every
   * input and an observation (not rows or calendar days; LM's validation holdout included). Default 30.
   */
  minTrainDays?: number;
  /**
   * `lm` only: share of the training samples watched for MATLAB's validation stop
   * (moveHoldoutLast). Default 0.15 (MATLAB's dividerand); 0 fits every training sample.
   */
  holdoutShare?: number;
  /** Keep the MSE of every step (site mode's training curve). Default false. */
  history?: boolean;
  /**
   * Fuse only cube pixels [first, end) (a checkpoint tile); the result's arrays cover just
   * them. Seeds stay by cube index, so a tile gives the whole grid's bytes. Default all.
   */
  pixelRange?: readonly [first: number, end: number];
}

export const BPANN_FUSE_DEFAULTS = { ...BPANN_DEFAULTS, seed: 0, trainFraction: 2 / 3, minTrainDays: 30, holdoutShare: 0.15, history: false };

/** Arrays over the fused pixels: the cube's, or those of `pixelRange` (pixel k = first + k). */
export interface BpannFusion {
  /** [day][pixel]; NaN where the pixel has no network or a day lacks an input. */
  fused: Float32Array;
  /** Per pixel, a PixelStatus code. */
  status: Uint8Array;
  /** Per pixel: first day of its validation period (= days when there is none). */
  splitDay: Int32Array;
  /** Per pixel: first-layer weights [node][input] (Table 5), NaN without a network. */
  firstLayer: Float64Array;
  steps: Int32Array;
  mse: Float64Array;
  history?: Float32Array;
}

/** BPANN fusion (SPEC §5): one network per pixel with enough sample days, all trained as one batch. */
export async function bpannFuse(cube: FusionCube, trainer: BpannTrainer, options: BpannFuseOptions = {}): Promise<BpannFusion> {
  const o = { ...BPANN_FUSE_DEFAULTS, ...options };
  const { days, pixels } = cube;
  const [first, end] = o.pixelRange ?? [0, pixels];
  const n = end - first;
  const status = new Uint8Array(n).fill(PixelStatus.TOO_FEW_OBS);
  const splitDay = new Int32Array(n).fill(days);
  const plans: { pixel: number; train: number[]; holdout: number; scales: MinMax[] }[] = [];
  for (let p = first; p < end; p++) {
    const samples = sampleDays(cube, p);
    const split = timeSplit(samples, o.trainFraction, days);
    splitDay[p - first] = split.splitDay;
    if (split.train < o.minTrainDays) continue;
    const train = samples.slice(0, split.train);
    const scales = [cube.smap, cube.clm, cube.lst, cube.obs].map((v) => minMaxOf(train.map((d) => v[d * pixels + p])));
    const { ordered, holdout } = moveHoldoutLast(train, o.trainer === 'lm' ? o.holdoutShare : 0);
    plans.push({ pixel: p, train: ordered, holdout, scales });
    status[p - first] = PixelStatus.FUSED;
  }
  const maxSamples = plans.reduce((m, pl) => Math.max(m, pl.train.length), 0);
  const batch = {
    networks: plans.length,
    maxSamples,
    count: Int32Array.from(plans, (pl) => pl.train.length),
    holdout: Int32Array.from(plans, (pl) => pl.holdout),
    x: new Float32Array(plans.length * maxSamples * 3),
    y: new Float32Array(plans.length * maxSamples),
  };
  plans.forEach(({ pixel, train, scales }, n) => {
    train.forEach((d, s) => {
      const i = n * maxSamples + s;
      scaledInputs(cube, d, pixel, scales, batch.x, i * 3);
      batch.y[i] = toUnitRange(cube.obs[d * pixels + pixel], scales[3]);
    });
  });
  const params = initBpannParams(o.seed, plans.map((pl) => pl.pixel));
  const trained = await trainer.train({
    batch, params,
    options: { trainer: o.trainer, learningRate: o.learningRate, iterations: o.iterations, errorGoal: o.errorGoal, history: o.history },
  });
  const fused = new Float32Array(days * n).fill(NaN);
  const firstLayer = new Float64Array(n * BPANN_WIDTH * 3).fill(NaN);
  const x = new Float64Array(days * 3);
  const y = new Float64Array(days);
  plans.forEach(({ pixel, scales }, net) => {
    for (let d = 0; d < days; d++) {
      if (inputsValid(cube, d, pixel)) scaledInputs(cube, d, pixel, scales, x, d * 3);
      else x.fill(NaN, d * 3, d * 3 + 3);
    }
    bpannPredict(trained.params, net, x, days, y);
    const k = pixel - first;
    for (let d = 0; d < days; d++) fused[d * n + k] = fromUnitRange(y[d], scales[3]);
    firstLayer.set(trained.params.subarray(net * PARAMS_PER_NETWORK, net * PARAMS_PER_NETWORK + BPANN_WIDTH * 3), k * BPANN_WIDTH * 3);
  });
  return { fused, status, splitDay, firstLayer, steps: trained.steps, mse: trained.mse, history: trained.history };
}

function scaledInputs(cube: FusionCube, d: number, p: number, scales: readonly MinMax[], into: Float32Array | Float64Array, at: number): void {
  const j = d * cube.pixels + p;
  into[at] = toUnitRange(cube.smap[j], scales[0]);
  into[at + 1] = toUnitRange(cube.clm[j], scales[1]);
  into[at + 2] = toUnitRange(cube.lst[j], scales[2]);
}
