/**
 * Least-squares fit of eq. 1, SM = a₁·SMAP² + a₂·CLM + a₃·LST + a₄, on a pixel's first
 * sample days (the paper: the first 91). The normal equations are solved in float64
 * after scaling each column to unit RMS (LST in kelvin is ~300 while SMAP² is ~0.01),
 * by Gaussian elimination with partial pivoting. Null when the columns are degenerate.
 */
export function fitObservationOperator(rows: readonly (readonly number[])[], targets: readonly number[]): number[] | null {
  const n = rows.length;
  if (n < 4) return null;
  const scale = [0, 1, 2, 3].map((k) => Math.sqrt(rows.reduce((s, r) => s + r[k] * r[k], 0) / n) || 1);
  const A = [0, 1, 2, 3].map(() => [0, 0, 0, 0, 0]);
  rows.forEach((r, i) => {
    for (let a = 0; a < 4; a++) {
      for (let b = 0; b < 4; b++) A[a][b] += (r[a] / scale[a]) * (r[b] / scale[b]);
      A[a][4] += (r[a] / scale[a]) * targets[i];
    }
  });
  for (let c = 0; c < 4; c++) {
    let pivot = c;
    for (let r = c + 1; r < 4; r++) if (Math.abs(A[r][c]) > Math.abs(A[pivot][c])) pivot = r;
    [A[c], A[pivot]] = [A[pivot], A[c]];
    // relative to the diagonal of unit-RMS columns (≈ n): below this the columns are collinear
    if (!(Math.abs(A[c][c]) > 1e-10 * n)) return null;
    for (let r = c + 1; r < 4; r++) {
      const f = A[r][c] / A[c][c];
      for (let k = c; k < 5; k++) A[r][k] -= f * A[c][k];
    }
  }
  const x = [0, 0, 0, 0];
  for (let c = 3; c >= 0; c--) {
    let s = A[c][4];
    for (let k = c + 1; k < 4; k++) s -= A[c][k] * x[k];
    x[c] = s / A[c][c];
  }
  return x.map((v, k) => v / scale[k]);
}

/** The observation-operator row H = [SMAP², CLM, LST, 1]. */
export function operatorRow(smap: number, clm: number, lst: number): number[] {
  return [smap * smap, clm, lst, 1];
}
