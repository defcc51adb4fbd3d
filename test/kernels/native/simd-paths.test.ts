import { describe, expect, it } from 'vitest';
import { makeRng } from '../../../core/rng.js';
import { nativeAddon, nativeUnavailableReason } from '../../../kernels/native/load.js';

/**
 * Results independent of the node: every SIMD path this CPU runs gives the same bytes
 * from each native kernel (shards computed on avx2 and avx512 nodes merge). Inputs cover
 * remainder lanes (n not a multiple of 16 or 8) and long sums. EnKF has one scalar path.
 */
const addon = nativeAddon();
if (!addon) console.warn(`native SIMD paths not tested: ${nativeUnavailableReason()}`);
const paths = addon?.simdPaths ?? [];
if (addon && paths.length < 2) console.warn(`only the ${paths[0]} path runs here: nothing to compare`);

const bytes = (a: ArrayBufferView) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

function grnnOn(n: number, d: number, m: number, seed: number) {
  const rng = makeRng(seed);
  const x = Float32Array.from({ length: n * d }, () => rng.next());
  const y = Float32Array.from({ length: n }, () => 0.5 * rng.next());
  const second = Float32Array.from({ length: n }, () => rng.next());
  const query = Float32Array.from({ length: m * d }, () => rng.next());
  const sigmas = Float64Array.of(0.003, 0.05, 0.2, 1, 30);
  return (simd: string) => addon!.grnnPredict(x, y, n, d, query, m, sigmas, 2, simd, second);
}

function bpannOn(trainer: 0 | 1, maxSamples: number, iterations: number, seed: number) {
  const rng = makeRng(seed);
  const networks = 5;
  const x = Float32Array.from({ length: networks * maxSamples * 3 }, () => 2 * rng.next() - 1);
  const y = Float32Array.from({ length: networks * maxSamples }, (_, i) => 0.6 * x[3 * i] - 0.4 * x[3 * i + 1] ** 2 + 0.05 * rng.normal());
  const count = Int32Array.from([maxSamples, maxSamples - 3, maxSamples - 7, 9, 1]);
  const holdout = Int32Array.from(count, (c) => (trainer === 1 ? Math.floor(c / 5) : 0));
  const init = Float64Array.from({ length: networks * 176 }, () => rng.next() - 0.5);
  return (simd: string) => {
    const params = init.slice();
    const steps = new Int32Array(networks);
    const mse = new Float64Array(networks);
    const history = new Float32Array(networks * iterations);
    addon!.bpannTrain(x, y, count, holdout, networks, maxSamples, params, trainer, 0.05, iterations, 0, steps, mse, history, 2, simd);
    return Buffer.concat([bytes(params), bytes(steps), bytes(mse), bytes(history)]);
  };
}

function expectSameBytes(run: (simd: string) => ArrayBufferView) {
  const first = bytes(run(paths[0]));
  for (const simd of paths.slice(1)) expect(bytes(run(simd)).equals(first), `${simd} differs from ${paths[0]}`).toBe(true);
}

describe.skipIf(!addon)('native kernels give the same bytes on every SIMD path', () => {
  it('GRNN, with remainder lanes and long sums', () => {
    for (const [n, d, m] of [
      [9, 2, 5],
      [1000, 4, 37],
      [4301, 3, 40],
      [20_011, 4, 8],
    ] as const)
      expectSameBytes(grnnOn(n, d, m, n));
  });

  it('BPANN gradient descent', () => expectSameBytes(bpannOn(0, 45, 120, 3)));

  it('BPANN Levenberg–Marquardt (its accept/reject steps amplify any last-bit difference)', () => {
    expectSameBytes(bpannOn(1, 45, 40, 4));
    expectSameBytes(bpannOn(1, 203, 25, 5));
  });
});
