import { describe, expect, it } from 'vitest';
import { fastKernel } from '../../../kernels/enkf/fast.js';
import { referenceKernel } from '../../../kernels/enkf/reference.js';
import type { EnkfInputs, EnkfSetup } from '../../../kernels/enkf/types.js';
import { makeRng } from '../../../src/util/rng.js';

/** A linear-Gaussian case: a static state, obs = H·τ_true + N(0, R), some gaps. */
function linearCase(pixels: number, days: number): EnkfInputs {
  const rng = makeRng(3);
  const n = days * pixels;
  const smap = new Float32Array(n).map(() => 0.1 + 0.3 * rng.next());
  const clm = new Float32Array(n).map(() => 0.1 + 0.2 * rng.next());
  const lst = new Float32Array(n).map(() => rng.next() - 0.5);
  const obs = new Float32Array(n).map((_, j) => {
    const truth = 0.9 * smap[j] ** 2 + 0.5 * clm[j] + 0.02 * lst[j] + 0.05;
    return j % 7 === 3 ? NaN : truth + 0.02 * rng.normal();
  });
  smap[5 * pixels] = NaN; // a day without SMAP: no fused value, no update
  return { days, pixels, smap, clm, lst, obs };
}

function setupOf(pixels: number, noise = 0): EnkfSetup {
  const idx = Int32Array.from({ length: pixels }, (_, p) => p);
  return { pixels: idx, initMean: new Float64Array(4 * pixels).fill(0.1), stateNoise: new Float64Array(4 * pixels).fill(noise) };
}

/** The exact Kalman filter of the same static-state problem (P₀ = v·I). */
function kalman(inputs: EnkfInputs, R: number, v: number): Float64Array {
  const fused = new Float64Array(inputs.days).fill(NaN);
  let x = [0.1, 0.1, 0.1, 0.1];
  let P = [0, 1, 2, 3].map((a) => [0, 1, 2, 3].map((b) => (a === b ? v : 0)));
  for (let d = 0; d < inputs.days; d++) {
    const h = [inputs.smap[d] ** 2, inputs.clm[d], inputs.lst[d], 1];
    if (h.some(Number.isNaN)) continue;
    fused[d] = h.reduce((s, hk, k) => s + hk * x[k], 0);
    const y = inputs.obs[d];
    if (Number.isNaN(y)) continue;
    const Ph = P.map((row) => row.reduce((s, p, k) => s + p * h[k], 0));
    const S = h.reduce((s, hk, k) => s + hk * Ph[k], 0) + R;
    const K = Ph.map((p) => p / S);
    const innovation = y - fused[d];
    x = x.map((xk, k) => xk + K[k] * innovation);
    P = P.map((row, a) => row.map((p, b) => p - K[a] * Ph[b]));
  }
  return fused;
}

describe('EnKF kernels', () => {
  it('converges to the exact Kalman filter as members grow', () => {
    const inputs = linearCase(1, 60);
    const exact = kalman(inputs, 4e-4, 0.01);
    const errors = [200, 20000].map((members) => {
      const fused = new Float32Array(60).fill(NaN);
      fastKernel.run(inputs, setupOf(1), { members, obsVariance: 4e-4, initVariance: 0.01, seed: 1 }, { fused });
      let worst = 0;
      for (let d = 0; d < 60; d++) if (!Number.isNaN(exact[d])) worst = Math.max(worst, Math.abs(fused[d] - exact[d]));
      expect(Number.isNaN(fused[5])).toBe(true);
      return worst;
    });
    expect(errors[1]).toBeLessThan(2e-3);
    expect(errors[1]).toBeLessThan(errors[0] / 3);
  });

  it('the vectorized kernel equals the per-pixel reference (covariance, gain, noise, inflation)', () => {
    const inputs = linearCase(3, 40);
    const options = { members: 30, obsVariance: 1e-3, initVariance: 1e-4, inflation: 1.05, seed: 4 };
    const run = (kernel: typeof fastKernel) => {
      const out = { fused: new Float32Array(120).fill(NaN), stateMean: new Float32Array(40 * 3 * 4), stateSpread: new Float32Array(40 * 3 * 4) };
      kernel.run(inputs, setupOf(3, 1e-6), options, out);
      return out;
    };
    const a = run(fastKernel);
    const b = run(referenceKernel);
    for (const key of ['fused', 'stateMean', 'stateSpread'] as const) {
      a[key].forEach((v, i) => (Number.isNaN(b[key][i]) ? expect(v).toBeNaN() : expect(v).toBeCloseTo(b[key][i], 5)));
    }
  });

  it('is deterministic and does not depend on the other pixels filtered', () => {
    const inputs = linearCase(3, 30);
    const all = new Float32Array(90).fill(NaN);
    fastKernel.run(inputs, setupOf(3), { seed: 9 }, { fused: all });
    const alone = new Float32Array(90).fill(NaN);
    const setup = setupOf(3);
    fastKernel.run(inputs, { pixels: setup.pixels.slice(2), initMean: setup.initMean.slice(8), stateNoise: setup.stateNoise.slice(8) }, { seed: 9 }, { fused: alone });
    for (let d = 0; d < 30; d++) expect(alone[d * 3 + 2]).toBe(all[d * 3 + 2]);
  });
});
