/**
 * EnKF of the BPANN/EnKF paper (SPEC §6). The state of a pixel is τ = [a₁, a₂, a₃, a₄]
 * and its daily observation operator H = [SMAP², CLM, LST, 1], so SM = H·τ (eq. 1).
 */
export const STATE_SIZE = 4;

/** Daily inputs as cubes [day][pixel] (NaN = missing). */
export interface EnkfInputs {
  readonly days: number;
  readonly pixels: number;
  readonly smap: Float32Array;
  readonly clm: Float32Array;
  readonly lst: Float32Array;
  readonly obs: Float32Array;
}

/** The pixels to filter and how each starts. */
export interface EnkfSetup {
  /** Cube index of each filtered pixel (also its seed id). */
  readonly pixels: Int32Array;
  /** [i][4]: initial state (the least-squares fit of eq. 1). */
  readonly initMean: Float64Array;
  /** [i][4]: variance of the Gaussian perturbations of each coefficient's initial value. */
  readonly initVariance: Float64Array;
  /** [i][4]: variance added to each coefficient per day (0 = a static state), as `stateNoiseMode` says. */
  readonly stateNoise: Float64Array;
}

/**
 * How the daily state noise q_k enters the ensemble (both add q_k to the variance of
 * coefficient k per day; both are applied, summed over the days since, at the next analysis):
 * - `inflate`: multiplicative inflation sized to add it, each coefficient's anomalies
 *   scaled by √(1 + q_k/var_k); deterministic, keeps the correlations between coefficients.
 * - `additive`: additive random noise, N(0, Σq_k) drawn per member and coefficient;
 *   decorrelates the coefficients, costs 4 draws per member and observed day.
 */
export type StateNoiseMode = 'inflate' | 'additive';

export interface EnkfFilterOptions {
  /** Ensemble size N. Default 100. */
  members?: number;
  /** Observation-error variance R, (m³/m³)². Default 4e-4 (σ = 0.02 m³/m³, a CRNS's error). */
  obsVariance?: number;
  /** Multiplicative inflation of the anomalies before each analysis. Default 1 (none). */
  inflation?: number;
  /** How the state noise is applied (StateNoiseMode). Default 'inflate'. */
  stateNoiseMode?: StateNoiseMode;
  /** Seed of the perturbations; pixel i draws from (seed, pixels[i] + seedOffset). Default 0. */
  seed?: number;
  /**
   * Added to a pixel's cube index to make its seed id: the whole grid's index of cube
   * pixel 0 when the cube holds only some rows (a shard's band), so that each pixel draws
   * the same stream as in the whole grid. Default 0.
   */
  seedOffset?: number;
}

/** Defaults of every option but seedOffset (0 when absent; not a setting a run records). */
export const ENKF_FILTER_DEFAULTS: Required<Omit<EnkfFilterOptions, 'seedOffset'>> = {
  members: 100,
  obsVariance: 4e-4,
  inflation: 1,
  stateNoiseMode: 'inflate',
  seed: 0,
};

/** Where results go: `fused` [day][pixel] (only filtered pixels are written). */
export interface EnkfOutputs {
  readonly fused: Float32Array;
  /**
   * Optional [day][pixel] as `fused`: the spread (1/N sd) over members of H·τ_member of the
   * ensemble that gives the day's fused value, i.e. the forecast ensemble with the state
   * noise of the days since the last analysis (inflate: anomalies scaled; additive: its
   * variance added, the draws' expectation). Only filtered pixels are written.
   */
  readonly sd?: Float32Array;
  /** Optional [day][i][4]: ensemble mean of τ after the day's analysis. */
  readonly stateMean?: Float32Array;
  /** Optional [day][i][4]: ensemble standard deviation (1/N) of τ after the analysis. */
  readonly stateSpread?: Float32Array;
}

/**
 * One EnKF implementation. Each day: fused = H·τ̄ (the forecast, before that day's
 * observation is used); with an observation, the state noise of the days since the last
 * analysis is applied (StateNoiseMode), then every member is updated with
 * K = P·Hᵀ/(H·P·Hᵀ + R) (eq. 2; P the 1/N ensemble covariance, eq. 3) against its own
 * perturbed observation obs + ε, ε ~ N(0, R). Random draws per pixel, in this order:
 * 4N initial (member-major), then per analysis 4N state-noise draws (`additive` only,
 * member-major) and N observation perturbations.
 */
export interface EnkfKernel {
  readonly name: string;
  run(inputs: EnkfInputs, setup: EnkfSetup, options: EnkfFilterOptions, out: EnkfOutputs): void;
}

/** Stream id of EnKF perturbations in deriveSeed(seed, STREAM, pixel). */
export const STREAM_ENKF = 0xe4cf;
