import { compiledModuleUrl } from '../../core/compiled-url.js';
import { gpuAllowed } from '../../core/env.js';
import { makeRng } from '../../core/rng.js';
import { startBlockingWorker } from './blocking-worker.js';
import { preferHeadlessEgl } from './device.js';
import type { GpuPredictRequest, GpuWorkerHello } from './grnn-worker.js';
import { grnnPredictReference } from '../grnn/reference.js';
import type { GrnnKernel, GrnnTrainingSet } from '../grnn/types.js';

/** The GRNN on a WebGPU device (kernels/webgpu/grnn-shader.ts), behind the synchronous GrnnKernel interface. */
export interface WebGpuGrnnKernel extends GrnnKernel {
  /** The adapter, e.g. "llvmpipe-llvm-15-0-6-256-bits- (OpenGL ES 3.2 Mesa 22.3.6)". */
  readonly description: string;
  /** A CPU rasterizer (Mesa's llvmpipe…): right answers, but slower than the native kernel. */
  readonly software: boolean;
  /** Ends the GPU worker thread; predict must not be called after. */
  close(): Promise<void>;
}

export type WebGpuGrnnOpening = { readonly kernel: WebGpuGrnnKernel } | { readonly reason: string };

/** Largest |GPU − reference| the first-use probe accepts: the kernels' float32 tolerance. */
export const PROBE_TOLERANCE = 1e-3;

/**
 * Starts a GPU worker thread (Dawn through the optional `webgpu` package) and checks it
 * on a probe against the float64 reference before anyone trusts it, since software and
 * compatibility-mode GPUs can fail silently. Never throws for want of a GPU: without a
 * usable one the answer is the reason (SMFUSE_GPU=off also disables it, as SMFUSE_NATIVE=off
 * does the addon; a malformed value is a ConfigError, core/env.ts).
 *
 * Usage, e.g. to measure evaluations/s as scripts/bench.ts does for the other kernels:
 *
 *   const gpu = await openWebGpuGrnnKernel();
 *   if ('kernel' in gpu) {
 *     evals[`gpu_webgpu${gpu.kernel.software ? '_software' : ''}`] = await rate(M, (m) => gpu.kernel.predict(train, query, m, [SIGMA]));
 *     await gpu.kernel.close();
 *   }
 *
 * Each predict call is one round trip to the worker (upload, dispatch, readback), so
 * the GPU pays off on large calls; the calling thread sleeps while the GPU works.
 */
export async function openWebGpuGrnnKernel(): Promise<WebGpuGrnnOpening> {
  if (!gpuAllowed()) return { reason: 'disabled by SMFUSE_GPU=off' };
  preferHeadlessEgl();
  let started: Awaited<ReturnType<typeof startBlockingWorker<GpuWorkerHello, GpuPredictRequest, Float32Array>>>;
  try {
    started = await startBlockingWorker<GpuWorkerHello, GpuPredictRequest, Float32Array>(
      compiledModuleUrl(import.meta.url, './grnn-worker.js'),
    );
  } catch (e) {
    return { reason: (e as Error).message };
  }
  const { hello, worker } = started;
  if ('reason' in hello) {
    await worker.close();
    return { reason: hello.reason };
  }
  const kernel: WebGpuGrnnKernel = {
    name: 'gpu-webgpu',
    description: hello.description,
    software: hello.software,
    predict: (train, query, m, sigmas) =>
      worker.call({
        train: { ...train, x: whole(train.x), y: whole(train.y) },
        query: whole(query.subarray(0, m * train.d)),
        m,
        sigmas: [...sigmas],
      }),
    close: () => worker.close(),
  };
  const disagreement = probeGrnnKernel(kernel);
  if (disagreement) {
    await kernel.close();
    return { reason: `${hello.description}: ${disagreement}` };
  }
  return { kernel };
}

/**
 * A view that covers its whole buffer: posting a view to a worker clones all of its
 * buffer, so a small view of a large one is copied out first.
 */
function whole(a: Float32Array): Float32Array {
  return a.byteOffset === 0 && a.byteLength === a.buffer.byteLength ? a : a.slice();
}

/**
 * Null when the kernel matches the reference on seeded data that spans several
 * workgroup tiles, a partial workgroup and two σ passes; else what went wrong.
 */
export function probeGrnnKernel(kernel: GrnnKernel): string | null {
  const rng = makeRng(20240601);
  const n = 2000,
    d = 4,
    m = 100;
  const x = new Float32Array(n * d).map(() => rng.next());
  const y = new Float32Array(n).map(() => rng.next());
  const train: GrnnTrainingSet = { x, y, n, d };
  const query = new Float32Array(m * d).map(() => rng.next());
  const sigmas = [0.01, 0.02, 0.03, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 1];
  let got: Float32Array;
  try {
    got = kernel.predict(train, query, m, sigmas);
  } catch (e) {
    return `the probe computation failed: ${(e as Error).message.split('\n')[0]}`;
  }
  const expected = grnnPredictReference(train, query, m, sigmas);
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    const diff = Math.abs(got[i] - expected[i]);
    worst = Number.isNaN(diff) ? Infinity : Math.max(worst, diff);
  }
  return worst <= PROBE_TOLERANCE
    ? null
    : `its GRNN results differ from the CPU reference by up to ${worst} on a probe (tolerance ${PROBE_TOLERANCE})`;
}
