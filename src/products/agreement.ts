import { planeSize, type Stack } from '../cube/stack.js';
import { accumulatePairsStrided, biasOf, correlationOf, emptyPairMoments, rmseOf } from '../../kernels/metrics/pair-stats.js';
import { assertSameLayout } from './same-layout.js';

/** Per-pixel agreement of an estimate with a reference over time (GRNN paper Fig. 5). */
export interface AgreementMaps {
  /** Pearson r; NaN where n < minN (or either series is constant). */
  r: Float32Array;
  /** NaN where n < minN. */
  rmse: Float32Array;
  /** mean(est − ref); NaN where n < minN. */
  bias: Float32Array;
  /** Days where both are valid, always reported. */
  n: Int32Array;
}

/**
 * Agreement maps of `est` (e.g. the fused SM) against `ref` (e.g. ECV) over the days
 * where both are valid. `minN` (default 10): fewer common days give no map value,
 * because r and RMSE from a handful of days are noise.
 */
export function agreementMaps(est: Stack, ref: Stack, minN = 10): AgreementMaps {
  assertSameLayout({ est, ref });
  const plane = planeSize(est);
  const days = est.dates.length;
  const r = new Float32Array(plane);
  const rmse = new Float32Array(plane);
  const bias = new Float32Array(plane);
  const n = new Int32Array(plane);
  const m = emptyPairMoments();
  for (let p = 0; p < plane; p++) {
    accumulatePairsStrided(est.data, ref.data, p, plane, days, m);
    n[p] = m.n;
    const enough = m.n >= minN;
    r[p] = enough ? correlationOf(m) : NaN;
    rmse[p] = enough ? rmseOf(m) : NaN;
    bias[p] = enough ? biasOf(m) : NaN;
  }
  return { r, rmse, bias, n };
}
