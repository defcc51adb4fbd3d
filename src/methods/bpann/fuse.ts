import { keepMembers, memberMeanSd } from '../../../kernels/bpann/ensemble.js';
import { initBpannParams } from '../../../kernels/bpann/init.js';
import { bpannPredict } from '../../../kernels/bpann/predict.js';
import { BPANN_DEFAULTS, BPANN_WIDTH, PARAMS_PER_NETWORK, type BpannTrainOptions } from '../../../kernels/bpann/types.js';
import { inputsValid, PixelStatus, sampleDays, type FusionCube } from '../fusion-cube.js';
import { fromUnitRange, minMaxOf, toUnitRange, type MinMax } from './mapminmax.js';
import { bootstrapSamples } from './bagging.js';
import { moveHoldoutLast } from './holdout.js';
import { timeSplit } from './time-split.js';
import type { BpannTrainer } from './trainer.js';

export interface BpannFuseOptions extends BpannTrainOptions {
  /** Seed of the initial weights; member m of pixel p draws from (seed, p, m) (memberSeed). Default 0. */
  seed?: number;
  /**
   * Networks per pixel (an ensemble): each starts from its own seeded weights, diverged
   * members are discarded (kernels/bpann/ensemble.ts), the rest averaged, their spread
   * is `sd`. 1 is the paper's single network. Default 10.
   */
  members?: number;
  /**
   * Train each member on a bootstrap sample (with replacement) of its pixel's fitted
   * training days, drawn from (seed, pixel, member); the validation-stop holdout stays
   * as it is. Default false (every member sees every day).
   */
  bagging?: boolean;
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

export const BPANN_FUSE_DEFAULTS = {
  ...BPANN_DEFAULTS, seed: 0, members: 10, bagging: false, trainFraction: 2 / 3, minTrainDays: 30, holdoutShare: 0.15, history: false,
};

/** Arrays over the fused pixels: the cube's, or those of `pixelRange` (pixel k = first + k). */
export interface BpannFusion {
  /** [day][pixel]; NaN where the pixel has no network or a day lacks an input. The mean of the kept members. */
  fused: Float32Array;
  /** [day][pixel]: sample sd (n − 1) of the kept members' outputs, m³/m³; NaN with fewer than two kept. */
  sd: Float32Array;
  /** Per pixel: members kept (0 without a network). */
  kept: Uint8Array;
  /** Per pixel, a PixelStatus code. */
  status: Uint8Array;
  /** Per pixel: first day of its validation period (= days when there is none). */
  splitDay: Int32Array;
  /** Per pixel: first-layer weights [node][input] (Table 5) of member 0, NaN without a network. */
  firstLayer: Float64Array;
  /** Per network (pixel-major: network = fused pixel's rank × members + member): steps, training MSE, history. */
  steps: Int32Array;
  mse: Float64Array;
  /** Per network: the score the divergence rule compares (validation-stop holdout MSE, else training MSE; scaled units). */
  score: Float64Array;
  history?: Float32Array;
}

/**
 * BPANN fusion (SPEC §5): `members` networks per pixel with enough sample days, all
 * trained as one batch (network = pixel's rank × members + member), then combined per pixel.
 */
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
  const K = o.members;
  const maxSamples = plans.reduce((m, pl) => Math.max(m, pl.train.length), 0);
  const networks = plans.length * K;
  const batch = {
    networks,
    maxSamples,
    count: Int32Array.from({ length: networks }, (_, net) => plans[Math.floor(net / K)].train.length),
    holdout: Int32Array.from({ length: networks }, (_, net) => plans[Math.floor(net / K)].holdout),
    x: new Float32Array(networks * maxSamples * 3),
    y: new Float32Array(networks * maxSamples),
  };
  plans.forEach(({ pixel, train, holdout, scales }, n) => {
    for (let m = 0; m < K; m++) {
      const days = o.bagging ? bootstrapSamples(train, holdout, o.seed, pixel, m) : train;
      days.forEach((d, s) => {
        const i = (n * K + m) * maxSamples + s;
        scaledInputs(cube, d, pixel, scales, batch.x, i * 3);
        batch.y[i] = toUnitRange(cube.obs[d * pixels + pixel], scales[3]);
      });
    }
  });
  const params = initBpannParams(o.seed, plans.map((pl) => pl.pixel), K);
  const trained = await trainer.train({
    batch, params,
    options: { trainer: o.trainer, learningRate: o.learningRate, iterations: o.iterations, errorGoal: o.errorGoal, history: o.history },
  });
  const fused = new Float32Array(days * n).fill(NaN);
  const sd = new Float32Array(days * n).fill(NaN);
  const kept = new Uint8Array(n);
  const score = new Float64Array(networks);
  const firstLayer = new Float64Array(n * BPANN_WIDTH * 3).fill(NaN);
  const x = new Float64Array(days * 3);
  const pred = new Float64Array(K * days);
  const keep = new Uint8Array(K);
  const mean = new Float64Array(days);
  const spread = new Float64Array(days);
  plans.forEach(({ pixel, train, holdout, scales }, plan) => {
    for (let d = 0; d < days; d++) {
      if (inputsValid(cube, d, pixel)) scaledInputs(cube, d, pixel, scales, x, d * 3);
      else x.fill(NaN, d * 3, d * 3 + 3);
    }
    for (let m = 0; m < K; m++) {
      const net = plan * K + m;
      bpannPredict(trained.params, net, x, days, pred.subarray(m * days, (m + 1) * days));
      score[net] = holdout > 0 ? holdoutMse(pred.subarray(m * days), train.slice(train.length - holdout), cube, pixel, scales[3]) : trained.mse[net];
    }
    const k = pixel - first;
    kept[k] = keepMembers(score.subarray(plan * K, (plan + 1) * K), keep);
    if (kept[k] === 0) status[k] = PixelStatus.FIT_FAILED; // every member's output is not finite
    memberMeanSd(pred, keep, K, days, mean, spread);
    const half = (scales[3].max - scales[3].min) / 2;
    for (let d = 0; d < days; d++) {
      fused[d * n + k] = fromUnitRange(mean[d], scales[3]);
      sd[d * n + k] = spread[d] * half;
    }
    const net0 = plan * K * PARAMS_PER_NETWORK;
    firstLayer.set(trained.params.subarray(net0, net0 + BPANN_WIDTH * 3), k * BPANN_WIDTH * 3);
  });
  return { fused, sd, kept, status, splitDay, firstLayer, steps: trained.steps, mse: trained.mse, score, history: trained.history };
}

/** MSE (scaled units) of one member's outputs `y[day]` on the holdout days. */
function holdoutMse(y: Float64Array, holdoutDays: readonly number[], cube: FusionCube, p: number, scale: MinMax): number {
  let sse = 0;
  for (const d of holdoutDays) {
    const e = y[d] - toUnitRange(cube.obs[d * cube.pixels + p], scale);
    sse += e * e;
  }
  return sse / holdoutDays.length;
}

function scaledInputs(cube: FusionCube, d: number, p: number, scales: readonly MinMax[], into: Float32Array | Float64Array, at: number): void {
  const j = d * cube.pixels + p;
  into[at] = toUnitRange(cube.smap[j], scales[0]);
  into[at + 1] = toUnitRange(cube.clm[j], scales[1]);
  into[at + 2] = toUnitRange(cube.lst[j], scales[2]);
}
