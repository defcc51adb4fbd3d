import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fastKernel } from '../../../kernels/grnn/fast.js';
import { grnnPredictReference } from '../../../kernels/grnn/reference.js';
import type { GrnnKernel, GrnnTrainingSet } from '../../../kernels/grnn/types.js';
import { openWebGpuGrnnKernel, probeGrnnKernel, type WebGpuGrnnKernel } from '../../../kernels/webgpu/grnn.js';
import { acquireGpuDevice, preferHeadlessEgl } from '../../../kernels/webgpu/device.js';
import { withErrorScopes } from '../../../kernels/webgpu/error-scopes.js';
import { tileRows } from '../../../kernels/webgpu/grnn-shader.js';
import { predictWithSd } from '../../../src/methods/grnn/uncertainty.js';
import { makeRng } from '../../../core/rng.js';

function randomSet(seed: number, n: number, d: number): GrnnTrainingSet {
  const rng = makeRng(seed);
  const x = new Float32Array(n * d).map(() => rng.next());
  const y = new Float32Array(n).map((_, i) => Math.sin(3 * x[i * d]) + x[i * d + d - 1] + 0.1 * rng.next());
  return { x, y, n, d };
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Number.isNaN(a[i] - b[i]) ? Infinity : Math.abs(a[i] - b[i]));
  return worst;
}

let gpu: WebGpuGrnnKernel | undefined;
let unavailable = '';
beforeAll(async () => {
  const opened = await openWebGpuGrnnKernel();
  if ('kernel' in opened) gpu = opened.kernel;
  else {
    unavailable = opened.reason;
    console.warn(`GPU GRNN kernel not tested numerically: ${opened.reason}`);
  }
}, 60_000);
afterAll(() => gpu?.close());

describe('WebGPU GRNN kernel: availability', () => {
  it('opens, or says why not', () => {
    if (gpu) {
      expect(gpu.name).toBe('gpu-webgpu');
      expect(gpu.description.length).toBeGreaterThan(0);
    } else expect(unavailable).toMatch(/\S/);
  });

  it('reports a reason, and does not crash, where no driver gives an adapter', ({ skip }) => {
    if (unavailable.startsWith('the optional package')) skip();
    // A fresh process whose Vulkan loader and EGL find no driver at all.
    const compiled = new URL('../../../dist/kernels/webgpu/grnn.js', import.meta.url).href;
    const script = `import('${compiled}').then(async (m) => console.log(JSON.stringify(await m.openWebGpuGrnnKernel())))`;
    const stdout = execFileSync(process.execPath, ['-e', script], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      env: {
        ...process.env,
        VK_ICD_FILENAMES: '/nonexistent/icd.json',
        __EGL_VENDOR_LIBRARY_FILENAMES: '/nonexistent/egl.json',
        SMFUSE_GPU: '',
      },
    });
    const result = JSON.parse(stdout);
    expect(result.kernel).toBeUndefined();
    expect(result.reason).toMatch(/^no WebGPU adapter \(.*\)\. A GPU driver is needed/);
  }, 60_000);

  it('is off under SMFUSE_GPU=off', async () => {
    process.env.SMFUSE_GPU = 'off';
    try {
      expect(await openWebGpuGrnnKernel()).toEqual({ reason: 'disabled by SMFUSE_GPU=off' });
    } finally {
      delete process.env.SMFUSE_GPU;
    }
  });

  it('the first-use probe accepts the reference and rejects a kernel off by 0.01', () => {
    expect(probeGrnnKernel(fastKernel)).toBeNull();
    const off: GrnnKernel = { name: 'off', predict: (...a) => fastKernel.predict(...a).map((v) => v + 0.01) };
    expect(probeGrnnKernel(off)).toMatch(/differ from the CPU reference by up to 0\.01\d* on a probe \(tolerance 0\.001\)/);
    const broken: GrnnKernel = {
      name: 'broken',
      predict: () => {
        throw new Error('lost\nstack');
      },
    };
    expect(probeGrnnKernel(broken)).toBe('the probe computation failed: lost');
  });

  it('stages at most 16 KiB of training rows per workgroup tile', () => {
    for (const d of [1, 4, 7, 20]) {
      expect(tileRows(d, 32768) * (d + 1) * 4).toBeLessThanOrEqual(16384);
      expect((tileRows(d, 32768) + 1) * (d + 1) * 4).toBeGreaterThan(16384);
    }
    expect(tileRows(4, 8192)).toBe(409);
  });
});

describe('WebGPU GRNN kernel: numbers', () => {
  const predict = (...a: Parameters<GrnnKernel['predict']>) => gpu!.predict(...a);

  it('matches the hand-computed two-sample case', ({ skip }) => {
    if (!gpu) skip();
    // Samples at 0 and 1 with targets 0 and 2, query 0.25, σ = 0.5: ŷ = 2/(1 + e).
    const out = predict({ x: new Float32Array([0, 1]), y: new Float32Array([0, 2]), n: 2, d: 1 }, new Float32Array([0.25]), 1, [0.5]);
    expect(out[0]).toBeCloseTo(2 / (1 + Math.E), 6);
  });

  it('is nearest-neighbour as σ → 0 and the training mean as σ → ∞', ({ skip }) => {
    if (!gpu) skip();
    const train = randomSet(3, 50, 4);
    const query = randomSet(4, 20, 4).x;
    const out = predict(train, query, 20, [1e-4, 1e4]);
    const nearest = grnnPredictReference(train, query, 20, [1e-4]);
    const mean = train.y.reduce((a, b) => a + b, 0) / train.n;
    for (let j = 0; j < 20; j++) {
      expect(out[j]).toBeCloseTo(nearest[j], 5);
      expect(out[20 + j]).toBeCloseTo(mean, 4);
    }
  });

  it('agrees with the float64 reference across tiles, partial workgroups, σ passes and d = 1…7', ({ skip }) => {
    if (!gpu) skip();
    // 2500 rows span several 16 KiB tiles; 131 queries leave a partial workgroup of 64;
    // 11 σ take two passes of 8; σ = 0.01 shifts hard by the nearest distance.
    const sigmas = [0.01, 0.02, 0.03, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 1, 10];
    for (const d of [1, 2, 3, 4, 5, 6, 7]) {
      const train = randomSet(10 + d, 2500, d);
      const query = randomSet(20 + d, 131, d).x;
      expect(maxAbsDiff(predict(train, query, 131, sigmas), grnnPredictReference(train, query, 131, sigmas)), `d = ${d}`).toBeLessThan(
        1e-3,
      );
    }
  });

  it('reads only the m queries asked for, from a view into a larger buffer', ({ skip }) => {
    if (!gpu) skip();
    const train = randomSet(7, 300, 3);
    const all = randomSet(8, 40, 3).x;
    const view = all.subarray(3 * 10);
    const out = predict(train, view, 5, [0.1]);
    expect(out.length).toBe(5);
    expect(maxAbsDiff(out, grnnPredictReference(train, view, 5, [0.1]))).toBeLessThan(1e-3);
  });

  it('survives garbage collection of the Dawn instances it tried (webgpu 0.6.2 aborted on it)', ({ skip }) => {
    if (!gpu) skip();
    const dir = new URL('../../../dist/kernels/webgpu/', import.meta.url).href;
    const script = `(async () => {
      const { acquireGpuDevice, preferHeadlessEgl } = await import('${dir}device.js');
      const { gpuGrnn } = await import('${dir}grnn-gpu.js');
      preferHeadlessEgl();
      const { gpu } = await acquireGpuDevice();
      const grnn = gpuGrnn(gpu.device);
      const x = new Float32Array(4000).map((_, i) => (i * 0.618) % 1);
      for (let i = 0; i < 5; i++) {
        globalThis.gc();
        await grnn.predict({ x, y: x.subarray(0, 1000), n: 1000, d: 4 }, x.subarray(0, 400), 100, [0.1]);
      }
      gpu.device.destroy();
      console.log('ok');
    })()`;
    const stdout = execFileSync(process.execPath, ['--expose-gc', '-e', script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    expect(stdout.trim()).toBe('ok');
  }, 60_000);

  it("gives the js kernel's uncertainty (two predict calls against its one pass)", ({ skip }) => {
    if (!gpu) skip();
    const set = randomSet(81, 700, 4);
    const queries = randomSet(82, 150, 4).x;
    const sq = new Float32Array(set.n).map((_, i) => 0.0001 * (i % 13));
    const onGpu = predictWithSd(set, sq, queries, 150, 0.1, gpu!);
    const onJs = predictWithSd(set, sq, queries, 150, 0.1, fastKernel);
    expect(maxAbsDiff(onGpu.prediction, onJs.prediction)).toBeLessThan(1e-3);
    expect(maxAbsDiff(onGpu.sd, onJs.sd)).toBeLessThan(1e-4);
  });

  it('gives NaN for an empty training set and nothing for no queries', ({ skip }) => {
    if (!gpu) skip();
    const out = predict({ x: new Float32Array(0), y: new Float32Array(0), n: 0, d: 4 }, new Float32Array(8), 2, [0.1]);
    expect(Number.isNaN(out[0]) && Number.isNaN(out[1])).toBe(true);
    expect(predict(randomSet(1, 10, 2), new Float32Array(0), 0, [0.1]).length).toBe(0);
  });
});

describe('WebGPU error scopes', () => {
  it('turn an invalid shader into an error instead of a silent failure', async ({ skip }) => {
    if (!gpu) skip();
    preferHeadlessEgl();
    const acquired = await acquireGpuDevice();
    if (!('gpu' in acquired)) throw new Error(acquired.reason);
    const { device } = acquired.gpu;
    try {
      await expect(
        withErrorScopes(device, 'test pipeline', async () =>
          device.createComputePipeline({
            layout: 'auto',
            compute: { module: device.createShaderModule({ code: 'fn main( {' }), entryPoint: 'main' },
          }),
        ),
      ).rejects.toThrow(/^GPU test pipeline failed: /);
      await expect(withErrorScopes(device, 'nothing', async () => 42)).resolves.toBe(42);
      await expect(
        withErrorScopes(device, 'a throw', async () => {
          throw new RangeError('mine');
        }),
      ).rejects.toThrow(RangeError);
    } finally {
      device.destroy();
    }
  }, 60_000);
});
