import { describe, expect, it } from 'vitest';
import { fastKernel } from '../../../kernels/enkf/fast.js';
import { nativeEnkfKernel } from '../../../kernels/enkf/native.js';
import type { EnkfFilterOptions, EnkfInputs, EnkfKernel, EnkfSetup } from '../../../kernels/enkf/types.js';
import { nativeUnavailableReason } from '../../../kernels/native/load.js';
import { makeRng } from '../../../core/rng.js';

const native = nativeEnkfKernel({ threads: 1 });
if (!native) console.warn(`native EnKF kernel not tested: ${nativeUnavailableReason() || 'the addon has no enkfRun'}`);

/** A cube with gaps of every kind: days without SMAP, CLM or observation, and a pixel never filtered. */
function cubeOf(pixels: number, days: number): EnkfInputs {
  const rng = makeRng(21);
  const n = days * pixels;
  const smap = new Float32Array(n).map((_, j) => (j % 11 === 4 ? NaN : 0.1 + 0.3 * rng.next()));
  const clm = new Float32Array(n).map((_, j) => (j % 17 === 9 ? NaN : 0.1 + 0.2 * rng.next()));
  const lst = new Float32Array(n).map(() => rng.next() - 0.5);
  const obs = new Float32Array(n).map((_, j) =>
    j % 3 === 1 || Math.floor(j / pixels) % 10 === 7 ? NaN : 0.5 * clm[j] + 0.02 * rng.normal(),
  );
  return { days, pixels, smap, clm, lst, obs };
}

/** Every pixel but the second, in reverse order, each with its own start and state noise. */
function setupOf(pixels: number): EnkfSetup {
  const filtered = Int32Array.from({ length: pixels }, (_, p) => pixels - 1 - p).filter((p) => p !== 1);
  const rng = makeRng(5);
  return {
    pixels: filtered,
    initMean: new Float64Array(4 * filtered.length).map(() => 0.2 * rng.next()),
    initVariance: new Float64Array(4 * filtered.length).map((_, k) => [1e-4, 1e-3, 1e-6, 1e-4][k % 4] * (0.5 + rng.next())),
    stateNoise: new Float64Array(4 * filtered.length).map((_, k) => (k % 4 === 2 ? 0 : 1e-6 * rng.next())),
  };
}

function runOf(kernel: EnkfKernel, inputs: EnkfInputs, setup: EnkfSetup, options: EnkfFilterOptions) {
  const states = inputs.days * setup.pixels.length * 4;
  const out = {
    fused: new Float32Array(inputs.days * inputs.pixels).fill(-1),
    sd: new Float32Array(inputs.days * inputs.pixels).fill(-1),
    stateMean: new Float32Array(states),
    stateSpread: new Float32Array(states),
  };
  kernel.run(inputs, setup, options, out);
  return out;
}

describe.skipIf(!native)('EnKF native kernel', () => {
  const inputs = cubeOf(13, 70);
  const setup = setupOf(13);

  it('equals the JS kernel bit for bit (same draws, same arithmetic)', () => {
    const cases: EnkfFilterOptions[] = [
      { seed: 0 },
      { members: 17, seed: 3, inflation: 1.05, obsVariance: 1e-3 },
      { members: 1, seed: 8 },
      { members: 23, seed: 4, inflation: 1.02, stateNoiseMode: 'additive' },
    ];
    for (const options of cases) {
      const js = runOf(fastKernel, inputs, setup, options);
      const nat = runOf(native!, inputs, setup, options);
      expect(nat.fused).toEqual(js.fused);
      expect(nat.sd).toEqual(js.sd);
      expect(nat.stateMean).toEqual(js.stateMean);
      expect(nat.stateSpread).toEqual(js.stateSpread);
      expect(nat.fused[1]).toBe(-1); // the pixel not filtered is not written
      expect(nat.fused.some(Number.isNaN)).toBe(true);
    }
  });

  it('writes only fused when no state arrays are given', () => {
    const fused = new Float32Array(inputs.days * inputs.pixels).fill(-1);
    native!.run(inputs, setup, { seed: 2 }, { fused });
    expect(fused).toEqual(runOf(fastKernel, inputs, setup, { seed: 2 }).fused);
  });

  it('gives bitwise the same results whatever the thread count', () => {
    const wide = cubeOf(100, 20);
    const all = setupOf(100);
    const one = runOf(native!, wide, all, { seed: 1 });
    for (const threads of [2, 3, 8]) expect(runOf(nativeEnkfKernel({ threads })!, wide, all, { seed: 1 })).toEqual(one);
  });

  it('refuses arrays that do not fit the cube', () => {
    const fused = new Float32Array(5);
    expect(() => native!.run(inputs, setup, {}, { fused })).toThrow(RangeError);
    const outside = { ...setup, pixels: setup.pixels.map((p) => p + 13) };
    expect(() => native!.run(inputs, outside, {}, { fused: new Float32Array(13 * 70) })).toThrow(/outside the cube/);
  });
});
