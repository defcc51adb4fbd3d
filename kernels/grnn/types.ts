/** GRNN training pairs: `x[i*d + k]` is feature k of sample i, `y[i]` its target. */
export interface GrnnTrainingSet {
  readonly x: Float32Array;
  readonly y: Float32Array;
  readonly n: number;
  readonly d: number;
}

/**
 * One GRNN implementation. `predict` evaluates
 *   ŷ(q) = Σ yᵢ·exp(−‖q−xᵢ‖²/2σ²) / Σ exp(−‖q−xᵢ‖²/2σ²)
 * for the `m` queries in `query` (row-major, `d` features each) and every σ in `sigmas`,
 * returning `out[s*m + j]`. NaN when the training set is empty. `tolerance` (default 0)
 * is the relative error a kernel may add to each value by leaving out weights too small
 * to matter (exact truncation, bounded a posteriori); 0 sums every weight.
 */
export interface GrnnKernel {
  readonly name: string;
  predict(train: GrnnTrainingSet, query: Float32Array, m: number, sigmas: readonly number[], tolerance?: number): Float32Array;
  /**
   * Optional: one σ, two targets in one pass over the distances: `out[j]` is predict's
   * value (bit for bit), `out[m + j]` the same weighted mean of `second` (one value per
   * training sample). Kernels without it are called twice (fit-window's uncertainty).
   */
  predictWithSecond?(
    train: GrnnTrainingSet,
    second: Float32Array,
    query: Float32Array,
    m: number,
    sigma: number,
    tolerance?: number,
  ): Float32Array;
}
