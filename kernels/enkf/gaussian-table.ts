/**
 * Fast seeded standard-normal draws for the EnKF, whose perturbations are its hot cost
 * (one per member and observed day). A draw is one mulberry32 step and a look-up in a
 * table of the 2¹⁴ midpoint quantiles Φ⁻¹((i + ½)/2¹⁴), rescaled to unit variance: a
 * discrete stand-in for N(0, 1) that matches it to within 2⁻¹⁴ in distribution and
 * reaches ±3.9σ, about 10× cheaper than Box–Muller.
 */
const TABLE_BITS = 14;
const TABLE_SIZE = 1 << TABLE_BITS;

export const NORMAL_TABLE: Float64Array = (() => {
  const t = new Float64Array(TABLE_SIZE);
  let m2 = 0;
  for (let i = 0; i < TABLE_SIZE; i++) {
    t[i] = inverseNormalCdf((i + 0.5) / TABLE_SIZE);
    m2 += t[i] * t[i];
  }
  const scale = 1 / Math.sqrt(m2 / TABLE_SIZE);
  for (let i = 0; i < TABLE_SIZE; i++) t[i] *= scale;
  return t;
})();

/** A seeded stream of standard-normal draws (see the module note). */
export function makeGaussianStream(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return NORMAL_TABLE[(t ^ (t >>> 14)) >>> (32 - TABLE_BITS)];
  };
}

/** Φ⁻¹(p) by Acklam's rational approximation (relative error < 1.2e-9), 0 < p < 1. */
export function inverseNormalCdf(p: number): number {
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  if (p < low || p > 1 - low) {
    const q = Math.sqrt(-2 * Math.log(p < low ? p : 1 - p));
    const v = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    return p < low ? v : -v;
  }
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) /
    (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
  );
}
