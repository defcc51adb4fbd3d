// Every EnKF backend of the registry against the float64 reference (kernels/enkf/reference.ts,
// the paper's equations one pixel at a time, same draws) on the same cube, within TOLERANCES.enkf.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeRng } from '../../../core/rng.js';
import { referenceKernel } from '../../../kernels/enkf/reference.js';
import type { EnkfFilterOptions, EnkfInputs, EnkfKernel, EnkfSetup } from '../../../kernels/enkf/types.js';
import { ENKF_BACKENDS } from '../../../src/backends/registry.js';
import { conformanceBackends, reportSkipped } from './backends.js';
import { compare, TOLERANCES } from './tolerances.js';

const PIXELS = 4;
const DAYS = 40;

/** obs = H·τ_true + noise with gaps: every 7th entry has no observation, day 5 no SMAP anywhere. */
function cube(): EnkfInputs {
  const rng = makeRng(3);
  const n = DAYS * PIXELS;
  const smap = new Float32Array(n).map(() => 0.1 + 0.3 * rng.next());
  const clm = new Float32Array(n).map(() => 0.1 + 0.2 * rng.next());
  const lst = new Float32Array(n).map(() => rng.next() - 0.5);
  const obs = new Float32Array(n).map((_, j) =>
    j % 7 === 3 ? NaN : 0.9 * smap[j] ** 2 + 0.5 * clm[j] + 0.02 * lst[j] + 0.05 + 0.02 * rng.normal(),
  );
  smap.fill(NaN, 5 * PIXELS, 6 * PIXELS);
  return { days: DAYS, pixels: PIXELS, smap, clm, lst, obs };
}

/** Pixels 3, 0, 2 (pixel 1 not filtered), each with its own start, spread per coefficient and state noise. */
function setup(): EnkfSetup {
  const pixels = Int32Array.from([3, 0, 2]);
  return {
    pixels,
    initMean: Float64Array.from({ length: 12 }, (_, k) => [0.7, 0.5, 0.02, 0.05][k % 4] + 0.01 * Math.floor(k / 4)),
    initVariance: Float64Array.from({ length: 12 }, (_, k) => [1e-4, 4e-4, 1e-2, 1e-5][k % 4]),
    stateNoise: new Float64Array(12).fill(1e-6),
  };
}

function run(kernel: EnkfKernel, options: EnkfFilterOptions) {
  const out = {
    fused: new Float32Array(DAYS * PIXELS).fill(-1),
    sd: new Float32Array(DAYS * PIXELS).fill(-1),
    stateMean: new Float32Array(DAYS * 3 * 4),
    stateSpread: new Float32Array(DAYS * 3 * 4),
  };
  kernel.run(cube(), setup(), options, out);
  return out;
}

const { runnable, skipped } = await conformanceBackends(ENKF_BACKENDS);
reportSkipped('EnKF', skipped);

describe.each(runnable)('EnKF conformance: $id', ({ id, family, open }) => {
  const tol = TOLERANCES.enkf[family];
  let kernel: EnkfKernel;
  let worst = 0;
  beforeAll(async () => {
    kernel = await open();
  });
  afterAll(() => console.info(`EnKF conformance: ${id}: worst |Δ| vs reference ${worst.toExponential(2)}`));

  it.each(['inflate', 'additive'] as const)(
    'follows the reference (gaps, inflation, %s state noise): fused, sd and state records',
    (stateNoiseMode) => {
      const options = { members: 30, obsVariance: 1e-3, inflation: 1.05, stateNoiseMode, seed: 4 };
      const ref = run(referenceKernel, options);
      const got = run(kernel, options);
      for (const key of ['fused', 'sd', 'stateMean', 'stateSpread'] as const) {
        const r = compare(got[key], ref[key], tol);
        worst = Math.max(worst, r.worst);
        expect(r.bad, `${key}[${r.bad}] = ${got[key][r.bad]}, the reference ${ref[key][r.bad]}`).toBe(-1);
      }
      for (let d = 0; d < DAYS; d++) expect(got.fused[d * PIXELS + 1]).toBe(-1); // pixel 1 is not filtered
      for (const p of [0, 2, 3]) expect(got.fused[5 * PIXELS + p]).toBeNaN(); // day 5 has no SMAP
    },
  );
});
