// One tolerance table for every conformance suite: how far each backend family may be
// from the float64 reference (kernels/*/reference.ts), |got − ref| ≤ abs + rel·|ref|.
import type { KernelId } from '../../../src/backends/backend.js';

export interface Tolerance {
  readonly abs: number;
  readonly rel: number;
}

/**
 * Per kernel and backend (the registry's names). GRNN outputs are float32 from float32
 * inputs: js uses a tabulated exponential, native a polynomial one; tfjs and the GPU
 * compute in float32 throughout. BPANN parameters (rel of the network's largest
 * parameter) after 50 descent steps: js is the reference's arithmetic in the same order
 * (bitwise); native sums in another order (float64); tfjs steps in float32. EnKF
 * outputs: js and native share the reference's draws and differ by float rounding of
 * the covariance algebra; tfjs works in float32.
 */
export const TOLERANCES: Record<KernelId, Record<string, Tolerance>> = {
  grnn: {
    // worst measured on the cases: 3.6e-7 js, 1.6e-6 native (avx2, baseline), 1.7e-6 tfjs, 1.6e-6 gpu (llvmpipe)
    js: { abs: 5e-6, rel: 0 },
    native: { abs: 5e-6, rel: 0 },
    tfjs: { abs: 5e-6, rel: 0 },
    gpu: { abs: 1e-5, rel: 0 },
  },
  bpann: {
    // worst measured: 0 js, 3.5e-16 native (avx2, baseline), 5.1e-7 tfjs (wasm, cpu)
    js: { abs: 0, rel: 0 },
    native: { abs: 0, rel: 1e-9 },
    tfjs: { abs: 0, rel: 1e-5 },
  },
  enkf: {
    // worst measured: 0 js and native (float32 outputs equal), 1.2e-7 tfjs (wasm, cpu)
    js: { abs: 1e-7, rel: 0 },
    native: { abs: 1e-7, rel: 0 },
    tfjs: { abs: 2e-6, rel: 0 },
  },
};

/** Whether `got` is within `tol` of `ref` (NaN only matches NaN). */
export function within(got: number, ref: number, tol: Tolerance, scale = Math.abs(ref)): boolean {
  if (Number.isNaN(ref)) return Number.isNaN(got);
  return Math.abs(got - ref) <= tol.abs + tol.rel * scale;
}

/** The largest |got − ref| over entries, and the first entry out of tolerance (-1 if none). */
export function compare(got: ArrayLike<number>, ref: ArrayLike<number>, tol: Tolerance, scale?: number): { worst: number; bad: number } {
  let worst = 0;
  let bad = -1;
  for (let i = 0; i < ref.length; i++) {
    if (!Number.isNaN(ref[i])) worst = Math.max(worst, Math.abs(got[i] - ref[i]));
    if (bad < 0 && !within(got[i], ref[i], tol, scale)) bad = i;
  }
  if (got.length !== ref.length) bad = Math.min(got.length, ref.length);
  return { worst, bad };
}
