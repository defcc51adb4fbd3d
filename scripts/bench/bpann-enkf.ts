import { fastKernel as bpannKernel } from '../../kernels/bpann/fast.js';
import { initBpannParams } from '../../kernels/bpann/init.js';
import { fastKernel as enkfKernel } from '../../kernels/enkf/fast.js';
import { makeRng } from '../../src/util/rng.js';

/** Prints BPANN sample-iterations/s (one thread) and EnKF pixel-days/s at 100 members. */
const rng = makeRng(1);
const networks = 8, samples = 240, iterations = 100;
const x = new Float32Array(networks * samples * 3).map(() => 2 * rng.next() - 1);
const y = new Float32Array(networks * samples).map((_, i) => 0.5 * x[3 * i] - 0.3 * x[3 * i + 1] ** 2);
let t = performance.now();
bpannKernel.train({ networks, maxSamples: samples, count: new Int32Array(networks).fill(samples), x, y }, initBpannParams(0, Array.from({ length: networks }, (_, i) => i)), { iterations, errorGoal: 0 });
const bp = (networks * samples * iterations) / ((performance.now() - t) / 1000);
const pixels = 840, days = 365;
const cube = () => new Float32Array(days * pixels).map(() => 0.1 + 0.2 * rng.next());
const obs = cube().map((v, i) => (i % 3 === 0 ? NaN : v));
const setup = { pixels: Int32Array.from({ length: pixels }, (_, i) => i), initMean: new Float64Array(pixels * 4).fill(0.1), stateNoise: new Float64Array(pixels * 4).fill(1e-6) };
t = performance.now();
enkfKernel.run({ days, pixels, smap: cube(), clm: cube(), lst: cube(), obs }, setup, { members: 100 }, { fused: new Float32Array(days * pixels) });
const ek = (pixels * days) / ((performance.now() - t) / 1000);
console.log(`bpann js: ${bp.toExponential(2)} sample-iterations/s per thread (8400 px × 1000 it × 240 samples ≈ ${(8400 * 1000 * 240 / bp / 60).toFixed(0)} min on 1 thread)`);
console.log(`enkf js: ${ek.toExponential(2)} pixel-days/s at 100 members (8400 px × 365 d ≈ ${(8400 * 365 / ek).toFixed(1)} s)`);
