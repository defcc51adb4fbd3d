import { keepMembers, memberMeanSd } from '../../../kernels/bpann/ensemble.js';
import { initBpannParams } from '../../../kernels/bpann/init.js';
import { bpannPredict } from '../../../kernels/bpann/predict.js';
import { BPANN_DEFAULTS, BPANN_WIDTH, PARAMS_PER_NETWORK, type BpannTrainOptions } from '../../../kernels/bpann/types.js';
import type { PixelCube } from '../../cube/pixel-cube.js';
import { inputsValid, PixelStatus, sampleDays } from '../pixel-cube.js';
import { fromUnitRange, minMaxOf, toUnitRange, type MinMax } from './mapminmax.js';
import { bootstrapSamples } from './bagging.js';
import { moveHoldoutLast } from './holdout.js';
import { pooledRows } from './pool.js';
import { timeSplit } from './time-split.js';
import type { BpannTrainer } from './trainer.js';

export interface BpannFuseOptions extends BpannTrainOptions {
  /** Seed of the initial weights; member m of pixel p draws from (seed, p, m) (memberSeed). Default 0. */
  seed?: number;
  /**
   * Added to a pixel's cube index to make its seed id: the whole grid's index of cube
   * pixel 0 when the cube holds only some rows (a shard's band). Default 0.
   */
  seedOffset?: number;
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
  /**
   * Train pixel p's networks on the training-period samples of every pixel within this
   * Chebyshev distance on the grid (p included; pooledRows), scaled together; the time
   * split, minTrainDays and the predictions stay p's own. Default 0 (p's own days; gridded runs: BPANN_GRID_DEFAULTS).
   */
  poolRadius?: number;
  /** Width of the grid the cube's pixels are laid on (row-major): required when poolRadius > 0. */
  gridWidth?: number;
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
  ...BPANN_DEFAULTS,
  seed: 0,
  members: 10,
  bagging: false,
  poolRadius: 0,
  trainFraction: 2 / 3,
  minTrainDays: 30,
  holdoutShare: 0.15,
  history: false,
};

/**
 * Gridded runs' defaults over BPANN_FUSE_DEFAULTS: three members, each pixel trained on its
 * 3 × 3 neighbourhood (about 9× the rows of ~74 training days for 176 parameters). Chosen on
 * the bundled gridded sample (docs/methods.md, "BPANN ensembles"); a site has no neighbours.
 */
export const BPANN_GRID_DEFAULTS = { members: 3, poolRadius: 1 };

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
export async function bpannFuse(cube: PixelCube, trainer: BpannTrainer, options: BpannFuseOptions = {}): Promise<BpannFusion> {
  const o = { ...BPANN_FUSE_DEFAULTS, ...options };
  const { days, pixels } = cube;
  const [first, end] = o.pixelRange ?? [0, pixels];
  const n = end - first;
  const status = new Uint8Array(n).fill(PixelStatus.TOO_FEW_OBS);
  const splitDay = new Int32Array(n).fill(days);
  // training rows are flat cube indices j = day · pixels + pixel (a neighbour's, when pooling)
  const plans: { pixel: number; train: number[]; holdout: number; scales: MinMax[] }[] = [];
  const samplesCache = new Map<number, number[]>();
  const samplesOf = (q: number): number[] => {
    let s = samplesCache.get(q);
    if (!s) samplesCache.set(q, (s = sampleDays(cube, q)));
    return s;
  };
  // a cube's pixels are a grid's cells row by row: neighbours need the row length
  if (o.poolRadius > 0 && o.gridWidth === undefined) throw new RangeError('bpannFuse: poolRadius > 0 needs gridWidth');
  for (let p = first; p < end; p++) {
    const samples = samplesOf(p);
    const split = timeSplit(samples, o.trainFraction, days);
    splitDay[p - first] = split.splitDay;
    if (split.train < o.minTrainDays) continue;
    const train =
      o.poolRadius > 0
        ? pooledRows(cube, p, split.splitDay, o.poolRadius, o.gridWidth!, samplesOf)
        : samples.slice(0, split.train).map((d) => d * pixels + p);
    const scales = [cube.smap, cube.clm, cube.lst, cube.obs].map((v) => minMaxOf(train.map((j) => v[j])));
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
      const rows = o.bagging ? bootstrapSamples(train, holdout, o.seed, pixel + (o.seedOffset ?? 0), m) : train;
      rows.forEach((j, s) => {
        const i = (n * K + m) * maxSamples + s;
        scaledInputs(cube, j, scales, batch.x, i * 3);
        batch.y[i] = toUnitRange(cube.obs[j], scales[3]);
      });
    }
  });
  const params = initBpannParams(
    o.seed,
    plans.map((pl) => pl.pixel + (o.seedOffset ?? 0)),
    K,
  );
  const trained = await trainer.train({
    batch,
    params,
    options: { trainer: o.trainer, learningRate: o.learningRate, iterations: o.iterations, errorGoal: o.errorGoal, history: o.history },
  });
  const fused = new Float32Array(days * n).fill(NaN);
  const sd = new Float32Array(days * n).fill(NaN);
  const kept = new Uint8Array(n);
  const score = new Float64Array(networks);
  const firstLayer = new Float64Array(n * BPANN_WIDTH * 3).fill(NaN);
  const x = new Float64Array(days * 3);
  const pred = new Float64Array(K * days);
  const holdoutX = new Float64Array(plans.reduce((m, pl) => Math.max(m, pl.holdout), 0) * 3);
  const holdoutY = new Float64Array(holdoutX.length / 3);
  const keep = new Uint8Array(K);
  const mean = new Float64Array(days);
  const spread = new Float64Array(days);
  plans.forEach(({ pixel, train, holdout, scales }, plan) => {
    for (let d = 0; d < days; d++) {
      if (inputsValid(cube, d, pixel)) scaledInputs(cube, d * pixels + pixel, scales, x, d * 3);
      else x.fill(NaN, d * 3, d * 3 + 3);
    }
    const watched = train.slice(train.length - holdout);
    watched.forEach((j, s) => scaledInputs(cube, j, scales, holdoutX, s * 3));
    for (let m = 0; m < K; m++) {
      const net = plan * K + m;
      bpannPredict(trained.params, net, x, days, pred.subarray(m * days, (m + 1) * days));
      score[net] =
        holdout > 0
          ? holdoutMse(bpannPredict(trained.params, net, holdoutX, holdout, holdoutY), watched, cube, scales[3])
          : trained.mse[net];
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

/** MSE (scaled units) of one member's outputs `y[s]` on the holdout rows `watched[s]` (flat cube indices). */
function holdoutMse(y: Float64Array, watched: readonly number[], cube: PixelCube, scale: MinMax): number {
  let sse = 0;
  watched.forEach((j, s) => {
    const e = y[s] - toUnitRange(cube.obs[j], scale);
    sse += e * e;
  });
  return sse / watched.length;
}

/** The scaled inputs of cube cell j = day · pixels + pixel. */
function scaledInputs(cube: PixelCube, j: number, scales: readonly MinMax[], into: Float32Array | Float64Array, at: number): void {
  into[at] = toUnitRange(cube.smap[j], scales[0]);
  into[at + 1] = toUnitRange(cube.clm[j], scales[1]);
  into[at + 2] = toUnitRange(cube.lst[j], scales[2]);
}
