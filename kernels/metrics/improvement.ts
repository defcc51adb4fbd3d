/**
 * Improvement of a fused series over an input, as in the BPANN/EnKF paper's Tables 2–3:
 * R improves by (new − old)/old, RMSE by (old − new)/old, so positive is better for both.
 */
export function rImprovement(oldR: number, newR: number): number {
  return (newR - oldR) / oldR;
}

export function rmseImprovement(oldRmse: number, newRmse: number): number {
  return (oldRmse - newRmse) / oldRmse;
}

/** "44% (0.618~0.888)": the improvement in whole percent, then old~new to 3 decimals. */
export function formatImprovement(improvement: number, oldValue: number, newValue: number): string {
  if (!Number.isFinite(improvement)) return '';
  const pct = Math.round(improvement * 100);
  return `${pct === 0 ? 0 : pct}% (${oldValue.toFixed(3)}~${newValue.toFixed(3)})`;
}
