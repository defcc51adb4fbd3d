import type { GrnnKernel, GrnnTrainingSet } from '../../../kernels/grnn/types.js';
import { deriveSeed, makeRng } from '../../../core/rng.js';
import { assignFolds, selectFold } from './folds.js';
import { applyScaler, fitScaler } from './scaling.js';
import { selectModel } from './select.js';
import { predictWithSd } from './uncertainty.js';

/** One GRNN model of one window: what a worker receives. Features are unscaled. */
export interface WindowModelTask {
  readonly samples: GrnnTrainingSet;
  readonly queries: Float32Array;
  readonly m: number;
  readonly seed: number;
  readonly subsets: number;
  readonly sigmas: readonly number[];
  readonly minSamples: number;
  /** Queries used for variable importance (evenly strided); 0 skips it. */
  readonly importanceQueries: number;
  /** Relative error the kernel may add by truncation (GrnnKernel.predict). */
  readonly tolerance: number;
}

export interface WindowModelResult {
  readonly status: 'ok' | 'too-few-samples';
  /** One value per query; NaN when status is not ok. */
  readonly prediction: Float32Array;
  /** Standard uncertainty of each prediction (uncertainty.ts); NaN when status is not ok. */
  readonly sd: Float32Array;
  readonly sigma: number;
  readonly testR: number;
  /** Σ (ŷ without feature i − ŷ with all)² over the importance queries, per feature. */
  readonly importanceSumSq: Float64Array;
  readonly importanceCount: number;
}

/**
 * SPEC §3 steps 4–5 for one window: scale features on the training set, split it into
 * `subsets` random subsets, keep the GRNN (and σ) with the best test R, predict every
 * query with it and give each prediction its uncertainty, and measure how much each feature matters (SPEC §4, eq. 2).
 */
export function fitWindowModel(task: WindowModelTask, kernel: GrnnKernel): WindowModelResult {
  const { samples, m, subsets, sigmas, tolerance } = task;
  const d = samples.d;
  if (samples.n < Math.max(task.minSamples, subsets)) {
    return {
      status: 'too-few-samples',
      prediction: new Float32Array(m).fill(NaN),
      sd: new Float32Array(m).fill(NaN),
      sigma: NaN,
      testR: NaN,
      importanceSumSq: new Float64Array(d),
      importanceCount: 0,
    };
  }
  const scaler = fitScaler(samples.x, samples.n, d);
  const scaled: GrnnTrainingSet = { ...samples, x: applyScaler(scaler, samples.x, samples.n, d) };
  const queries = applyScaler(scaler, task.queries, m, d);
  const fold = assignFolds(samples.n, subsets, makeRng(task.seed));
  const choice = selectModel(scaled, fold, subsets, sigmas, kernel, tolerance);
  const sigma = sigmas[choice.sigmaIndex];
  const kept = selectFold(scaled, fold, choice.fold, false);
  const keptHeldOutSq = selectFold({ ...scaled, y: choice.heldOutSq }, fold, choice.fold, false).y;
  const { prediction, sd } = predictWithSd(kept, keptHeldOutSq, queries, m, sigma, kernel, tolerance);
  const importance = featureImportance(kept, queries, m, prediction, sigma, task.importanceQueries, kernel, tolerance);
  return { status: 'ok', prediction, sd, sigma, testR: choice.testR, importanceSumSq: importance.sumSq, importanceCount: importance.count };
}

/**
 * For each feature i, the squared difference between the kept GRNN's predictions and
 * those of the same GRNN (same samples, same σ) without feature i, over evenly strided
 * queries: the RMSEᵢ of NRMSEI (eq. 2) once pooled over all windows.
 */
function featureImportance(
  train: GrnnTrainingSet,
  queries: Float32Array,
  m: number,
  full: Float32Array,
  sigma: number,
  maxQueries: number,
  kernel: GrnnKernel,
  tolerance: number,
): { sumSq: Float64Array; count: number } {
  const d = train.d;
  const sumSq = new Float64Array(d);
  if (maxQueries <= 0 || m === 0 || d < 2) return { sumSq, count: 0 };
  const stride = Math.ceil(m / maxQueries);
  const count = Math.ceil(m / stride);
  for (let drop = 0; drop < d; drop++) {
    const reduced = dropFeature(train.x, train.n, d, drop, 1);
    const q = dropFeature(queries, count, d, drop, stride);
    const without = kernel.predict({ x: reduced, y: train.y, n: train.n, d: d - 1 }, q, count, [sigma], tolerance);
    for (let j = 0; j < count; j++) {
      const diff = without[j] - full[j * stride];
      sumSq[drop] += diff * diff;
    }
  }
  return { sumSq, count };
}

/** Rows 0, stride, 2·stride… (count of them) of x without column `drop`. */
function dropFeature(x: Float32Array, count: number, d: number, drop: number, stride: number): Float32Array {
  const out = new Float32Array(count * (d - 1));
  for (let j = 0; j < count; j++) {
    const row = j * stride;
    let k2 = 0;
    for (let k = 0; k < d; k++) if (k !== drop) out[j * (d - 1) + k2++] = x[row * d + k];
  }
  return out;
}

/** Seed of one model of one window: from (run seed, year, window, model), never run order. */
export function windowModelSeed(seed: number, year: number, windowIndex: number, modelIndex: number): number {
  return deriveSeed(seed, year, windowIndex, modelIndex);
}
