/**
 * BPANN of the BPANN/EnKF paper (SPEC §5): 3 inputs → 6 hidden layers × 5 logsig nodes
 * → 1 linear (purelin) output. Parameters of one network are one flat run of
 * PARAMS_PER_NETWORK float64 values; a batch of networks is one Float64Array with that
 * pixel stride (one buffer, one transfer to a worker, no per-pixel objects).
 * Inside a network, layer l (0 = first hidden, 6 = output) is its weights [out][in]
 * followed by its biases [out], layers in order.
 */
export const BPANN_INPUTS = 3;
export const BPANN_WIDTH = 5;
export const BPANN_HIDDEN_LAYERS = 6;

/** Sizes of every layer, input first: [3, 5, 5, 5, 5, 5, 5, 1]. */
export const BPANN_LAYER_SIZES: readonly number[] = [BPANN_INPUTS, ...Array.from({ length: BPANN_HIDDEN_LAYERS }, () => BPANN_WIDTH), 1];

/** Offset of layer l's weights inside one network; its biases follow at + out·in. */
export const BPANN_LAYER_OFFSETS: readonly number[] = layerOffsets(BPANN_LAYER_SIZES);

export const PARAMS_PER_NETWORK = BPANN_LAYER_OFFSETS[BPANN_LAYER_OFFSETS.length - 1];

export function layerOffsets(sizes: readonly number[]): number[] {
  const offsets = [0];
  for (let l = 1; l < sizes.length; l++) offsets.push(offsets[l - 1] + sizes[l] * (sizes[l - 1] + 1));
  return offsets;
}

/**
 * Training data of a batch of networks, already scaled (mapminmax). Network p uses
 * samples s < count[p] of `x[(p·maxSamples + s)·3 + k]` and `y[p·maxSamples + s]`.
 */
export interface BpannBatch {
  readonly networks: number;
  readonly maxSamples: number;
  readonly count: Int32Array;
  readonly x: Float32Array;
  readonly y: Float32Array;
  /**
   * LM only, per network: the last holdout[p] of its count[p] samples are not fitted but
   * watched, as MATLAB's validation set: training stops after 6 epochs in a row without a
   * lower MSE on them and keeps the parameters with the lowest (trainlm's max_fail).
   */
  readonly holdout?: Int32Array;
}

/**
 * `lm`: Levenberg–Marquardt as MATLAB's default `trainlm` (the paper's MATLAB network
 * most likely used it; plain descent at lr 0.01 barely leaves its start). `gd`: plain
 * full-batch gradient descent as SPEC §5 words it, kept for fidelity.
 */
export type BpannTrainerKind = 'lm' | 'gd';

export interface BpannTrainOptions {
  /** Training algorithm. Default 'lm'. */
  trainer?: BpannTrainerKind;
  /** Gradient-descent step (`gd` only). Default 0.01 (the paper). */
  learningRate?: number;
  /** Most epochs (full-batch steps; accepted LM steps). Default 1000 (the paper). */
  iterations?: number;
  /**
   * Training stops once the training MSE (scaled target, MATLAB's `goal`) is ≤ this.
   * Default for `gd`: 0.1 (the paper's "acceptable error"). Default for `lm`: 0, so that
   * MATLAB's validation stop ends training: read as 0.1 in scaled units the goal stops LM
   * after ~4 epochs, underfitted, and read in m³/m³ it would be met before the first step.
   */
  errorGoal?: number;
}

/** The error goal of a trainer when none is given (see BpannTrainOptions.errorGoal). */
export function defaultErrorGoal(trainer: BpannTrainerKind): number {
  return trainer === 'lm' ? 0 : 0.1;
}

/** Defaults of every option but the error goal, which depends on the trainer (defaultErrorGoal). */
export const BPANN_DEFAULTS: Required<Omit<BpannTrainOptions, 'errorGoal'>> = { trainer: 'lm', learningRate: 0.01, iterations: 1000 };

/** What training did, per network. */
export interface BpannTrainResult {
  /** Steps taken (< iterations when the goal was met). */
  readonly steps: Int32Array;
  /** Training MSE (scaled units) of the returned parameters. */
  readonly mse: Float64Array;
  /** When asked for: MSE before each step, [network][iteration] (NaN after a stop). */
  readonly history?: Float32Array;
}

/**
 * One BPANN implementation: trains `params` (PARAMS_PER_NETWORK per network, updated in
 * place) on `batch`. Networks are independent, so any split of the batch gives the same
 * numbers. Native or GPU versions implement this same interface.
 */
export interface BpannKernel {
  readonly name: string;
  train(batch: BpannBatch, params: Float64Array, options?: BpannTrainOptions & { history?: boolean }): BpannTrainResult;
}
