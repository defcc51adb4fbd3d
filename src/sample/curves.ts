/** Smooth transfer functions shared by the synthetic physics. */

export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/** A smooth max(0, x). */
export function softplus(x: number): number {
  return x > 30 ? x : Math.log1p(Math.exp(x));
}

export function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}

const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

export function normalPdf(x: number): number {
  return INV_SQRT_2PI * Math.exp(-0.5 * x * x);
}

/** Standard normal upper tail P(Z > x) (Zelen & Severo 26.2.17, |error| < 7.5e-8). */
export function normalTail(x: number): number {
  const t = 1 / (1 + 0.2316419 * Math.abs(x));
  const poly = t * (0.31938153 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
  const tail = normalPdf(x) * poly;
  return x >= 0 ? tail : 1 - tail;
}

/** Day-of-year phase in radians, 0 at `peakDoy`. */
export function seasonPhase(doy: number, peakDoy: number): number {
  return (2 * Math.PI * (doy - peakDoy)) / 365.25;
}
