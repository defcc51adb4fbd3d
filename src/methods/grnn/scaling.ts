/** Per-feature min–max scaling to [0, 1], fitted on a window's training set (SPEC §3). */
export interface FeatureScaler {
  readonly min: Float64Array;
  /** 1/(max − min), or 0 for a feature constant over the training set. */
  readonly invRange: Float64Array;
}

export function fitScaler(x: Float32Array, n: number, d: number): FeatureScaler {
  const min = new Float64Array(d).fill(Infinity);
  const max = new Float64Array(d).fill(-Infinity);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < d; k++) {
      const v = x[i * d + k];
      if (v < min[k]) min[k] = v;
      if (v > max[k]) max[k] = v;
    }
  }
  const invRange = new Float64Array(d);
  for (let k = 0; k < d; k++) {
    const range = max[k] - min[k];
    // A constant feature (e.g. DEM over a one-cell window) carries no information.
    invRange[k] = range > 0 ? 1 / range : 0;
    if (!Number.isFinite(min[k])) min[k] = 0;
  }
  return { min, invRange };
}

/** A scaled copy of `count` rows of `x`. */
export function applyScaler(scaler: FeatureScaler, x: Float32Array, count: number, d: number): Float32Array {
  const out = new Float32Array(count * d);
  for (let i = 0; i < count; i++) {
    for (let k = 0; k < d; k++) out[i * d + k] = (x[i * d + k] - scaler.min[k]) * scaler.invRange[k];
  }
  return out;
}
