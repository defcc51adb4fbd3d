/** One row of importance.csv (GRNN paper eq. 2, Fig. 9). */
export interface ImportanceRow {
  readonly variable: string;
  /** RMSE of the model without this variable against the model with all variables. */
  readonly rmse: number;
  /** rmse / Σ rmse: the shares add up to 1. */
  readonly nrmsei: number;
}

/**
 * NRMSEIᵢ = RMSEᵢ / Σⱼ RMSEⱼ from pooled squared differences (`sumSq[i]` over `count`
 * predictions). NaN everywhere when nothing was measured or no variable mattered.
 */
export function nrmsei(names: readonly string[], sumSq: ArrayLike<number>, count: number): ImportanceRow[] {
  const rmse = names.map((_, i) => (count > 0 ? Math.sqrt(sumSq[i] / count) : NaN));
  const total = rmse.reduce((a, b) => a + b, 0);
  return names.map((variable, i) => ({ variable, rmse: rmse[i], nrmsei: total > 0 ? rmse[i] / total : NaN }));
}
