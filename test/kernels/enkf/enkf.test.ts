import { describe, expect, it } from 'vitest';
import { fastKernel } from '../../../kernels/enkf/fast.js';
import { referenceKernel } from '../../../kernels/enkf/reference.js';
import type { EnkfInputs, EnkfSetup } from '../../../kernels/enkf/types.js';
import { makeRng } from '../../../core/rng.js';
import type { EnkfFilterOptions } from '../../../kernels/enkf/types.js';

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

/** Every pixel from τ = 0.1, initial variance v per coefficient (or [v₁…v₄]), daily state noise `noise`. */
function setupOf(pixels: number, noise = 0, v: number | readonly number[] = 1e-4): EnkfSetup {
  const idx = Int32Array.from({ length: pixels }, (_, p) => p);
  const initVariance = new Float64Array(4 * pixels).map((_, k) => (typeof v === 'number' ? v : v[k % 4]));
  return {
    pixels: idx,
    initMean: new Float64Array(4 * pixels).fill(0.1),
    initVariance,
    stateNoise: new Float64Array(4 * pixels).fill(noise),
  };
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
      fastKernel.run(inputs, setupOf(1, 0, 0.01), { members, obsVariance: 4e-4, seed: 1 }, { fused });
      let worst = 0;
      for (let d = 0; d < 60; d++) if (!Number.isNaN(exact[d])) worst = Math.max(worst, Math.abs(fused[d] - exact[d]));
      expect(Number.isNaN(fused[5])).toBe(true);
      return worst;
    });
    expect(errors[1]).toBeLessThan(2e-3);
    expect(errors[1]).toBeLessThan(errors[0] / 3);
  });

  it('starts each coefficient with its own spread', () => {
    const inputs = { ...linearCase(1, 3), obs: new Float32Array(3).fill(NaN) }; // no analysis: the initial ensemble stays
    const v = [1e-6, 4e-4, 9e-2, 1e-4];
    const out = { fused: new Float32Array(3), stateMean: new Float32Array(12), stateSpread: new Float32Array(12) };
    fastKernel.run(inputs, setupOf(1, 0, v), { members: 4000, seed: 2 }, out);
    for (let k = 0; k < 4; k++) expect(out.stateSpread[k] / Math.sqrt(v[k])).toBeCloseTo(1, 1);
  });

  it('additive noise adds the same variance per day as inflation, without its correlations', () => {
    // no observations after day 0: each coefficient's spread grows by q per day in both modes
    const inputs = linearCase(1, 30);
    inputs.obs.fill(NaN, 1);
    const spreads = (['inflate', 'additive'] as const).map((stateNoiseMode) => {
      const out = { fused: new Float32Array(30), stateMean: new Float32Array(120), stateSpread: new Float32Array(120) };
      fastKernel.run(inputs, setupOf(1, 1e-5), { members: 50, seed: 6, stateNoiseMode }, out);
      return out.stateSpread;
    });
    expect(spreads[1][29 * 4 + 2] ** 2 - spreads[1][2] ** 2).toBeCloseTo(29 * 1e-5, 9);
    expect(spreads[0][29 * 4 + 2] ** 2 - spreads[0][2] ** 2).toBeCloseTo(29 * 1e-5, 9);
  });

  it('is deterministic and does not depend on the other pixels filtered', () => {
    const inputs = linearCase(3, 30);
    const all = new Float32Array(90).fill(NaN);
    fastKernel.run(inputs, setupOf(3), { seed: 9 }, { fused: all });
    const alone = new Float32Array(90).fill(NaN);
    const setup = setupOf(3);
    const third = {
      pixels: setup.pixels.slice(2),
      initMean: setup.initMean.slice(8),
      initVariance: setup.initVariance.slice(8),
      stateNoise: setup.stateNoise.slice(8),
    };
    fastKernel.run(inputs, third, { seed: 9 }, { fused: alone });
    for (let d = 0; d < 30; d++) expect(alone[d * 3 + 2]).toBe(all[d * 3 + 2]);
  });

  it.each(['inflate', 'additive'] as const)(
    'gives the spread of H·τ over the members as the reference computes it from them (%s), and the same fused values',
    (stateNoiseMode) => {
      const inputs = linearCase(2, 40);
      const setup = setupOf(2, 2e-6, [1e-2, 1e-2, 1e-4, 1e-4]);
      const options: EnkfFilterOptions = { members: 30, inflation: 1.02, stateNoiseMode, seed: 4 };
      const run = (kernel: typeof fastKernel, withSd: boolean) => {
        const out = { fused: new Float32Array(80).fill(NaN), ...(withSd && { sd: new Float32Array(80).fill(NaN) }) };
        kernel.run(inputs, setup, options, out);
        return out;
      };
      const fast = run(fastKernel, true);
      const reference = run(referenceKernel, true);
      expect(fast.fused).toEqual(run(fastKernel, false).fused); // asking for sd changes no fused value
      let compared = 0;
      for (let j = 0; j < 80; j++) {
        if (Number.isNaN(reference.sd![j])) {
          expect(fast.sd![j]).toBeNaN();
          continue;
        }
        expect(fast.sd![j]).toBeGreaterThan(0);
        expect(Math.abs(fast.sd![j] - reference.sd![j])).toBeLessThan(1e-6 * reference.sd![j] + 1e-9);
        compared++;
      }
      expect(compared).toBeGreaterThan(70);
      expect(fast.sd![5 * 2]).toBeNaN(); // the day without SMAP
    },
  );
});
