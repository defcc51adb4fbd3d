import { deriveSeed } from '../../core/rng.js';
import { makeGaussianStream } from './gaussian-table.js';
import {
  ENKF_FILTER_DEFAULTS,
  STREAM_ENKF,
  type EnkfFilterOptions,
  type EnkfInputs,
  type EnkfKernel,
  type EnkfOutputs,
  type EnkfSetup,
} from './types.js';

/**
 * Plain reference EnKF, one pixel at a time, written as the paper's equations: the full
 * 4×4 ensemble covariance P (eq. 3), K = P·Hᵀ (H·P·Hᵀ + R)⁻¹ (eq. 2); `inflate` state
 * noise applied to the ensemble every day, `additive` noise summed until the next
 * analysis (as the fast kernel, so that both draw the same numbers in the same order).
 */
export function enkfRunReference(inputs: EnkfInputs, setup: EnkfSetup, options: EnkfFilterOptions, out: EnkfOutputs): void {
  const { members: N, obsVariance: R, inflation, stateNoiseMode, seed, seedOffset = 0 } = { ...ENKF_FILTER_DEFAULTS, ...options };
  const count = setup.pixels.length;
  for (let i = 0; i < count; i++) {
    const p = setup.pixels[i];
    const gauss = makeGaussianStream(deriveSeed(seed, STREAM_ENKF, p + seedOffset));
    const q = Array.from(setup.stateNoise.subarray(i * 4, i * 4 + 4));
    const sdInit = [0, 1, 2, 3].map((k) => Math.sqrt(setup.initVariance[i * 4 + k]));
    const ens: number[][] = [];
    for (let m = 0; m < N; m++) ens.push([0, 1, 2, 3].map((k) => setup.initMean[i * 4 + k] + sdInit[k] * gauss()));
    let pending = [0, 0, 0, 0]; // additive: the noise variance of the days since the last analysis
    for (let d = 0; d < inputs.days; d++) {
      const j = d * inputs.pixels + p;
      const h = [inputs.smap[j] ** 2, inputs.clm[j], inputs.lst[j], 1];
      const y = inputs.obs[j];
      const valid = h.every((v) => !Number.isNaN(v));
      out.fused[j] = valid ? dot(h, ensembleMean(ens)) : NaN;
      if (out.sd) {
        // the spread of H·τ over the members (inflate's noise is in them; additive's is pending: its variance added)
        const hx = ens.map((e) => dot(h, e));
        const mh = hx.reduce((t, v) => t + v, 0) / N;
        const pendingVar = pending.reduce((t, v, k) => t + h[k] * h[k] * v, 0);
        out.sd[j] = valid ? Math.sqrt(hx.reduce((t, v) => t + (v - mh) ** 2, 0) / N + pendingVar) : NaN;
      }
      if (valid && !Number.isNaN(y)) {
        const before = ensembleMean(ens);
        for (const e of ens) {
          for (let k = 0; k < 4; k++) {
            e[k] = before[k] + inflation * (e[k] - before[k]);
            if (stateNoiseMode === 'additive') e[k] += Math.sqrt(pending[k]) * gauss();
          }
        }
        pending = [0, 0, 0, 0];
        const P = covariance(ens);
        const PHt = P.map((row) => dot(row, h));
        const HPHt = dot(h, PHt);
        const K = PHt.map((v) => v / (HPHt + R));
        const hx = ens.map((e) => dot(h, e));
        for (let m = 0; m < N; m++) {
          const innovation = y + Math.sqrt(R) * gauss() - hx[m];
          for (let k = 0; k < 4; k++) ens[m][k] += K[k] * innovation;
        }
      }
      const mean = ensembleMean(ens);
      const P = covariance(ens);
      if (out.stateMean) {
        for (let k = 0; k < 4; k++) {
          out.stateMean[(d * count + i) * 4 + k] = mean[k];
          out.stateSpread![(d * count + i) * 4 + k] = Math.sqrt(P[k][k] + pending[k]); // additive: with the noise still pending
        }
      }
      if (stateNoiseMode === 'additive') pending = pending.map((v, k) => v + q[k]);
      else
        for (let k = 0; k < 4; k++) {
          if (!(P[k][k] > 0)) continue;
          const factor = Math.sqrt(1 + q[k] / P[k][k]);
          for (const e of ens) e[k] = mean[k] + factor * (e[k] - mean[k]);
        }
    }
  }
}

function dot(a: readonly number[], b: readonly number[]): number {
  return a.reduce((s, v, k) => s + v * b[k], 0);
}

function ensembleMean(ens: readonly number[][]): number[] {
  return [0, 1, 2, 3].map((k) => ens.reduce((s, e) => s + e[k], 0) / ens.length);
}

/** Eq. 3: P = (1/N)·Σ (τ − τ̄)(τ − τ̄)ᵀ. */
function covariance(ens: readonly number[][]): number[][] {
  const mean = ensembleMean(ens);
  return [0, 1, 2, 3].map((a) => [0, 1, 2, 3].map((b) => ens.reduce((s, e) => s + (e[a] - mean[a]) * (e[b] - mean[b]), 0) / ens.length));
}

export const referenceKernel: EnkfKernel = { name: 'reference', run: enkfRunReference };
