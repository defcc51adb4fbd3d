import { planeSize, type Stack } from '../cube/stack.js';
import { assertSameLayout } from './same-layout.js';
import { seriesPixel, type NetworkCellSeries } from './validate.js';
import { clipWeight, fusionWeight, weightMinDiff, type FusionWeightOptions } from './weights.js';

/** One day of the fusion weights at a network's cell (GRNN paper Fig. 7). */
export interface StationWeightRow {
  network: string;
  row: number;
  col: number;
  date: string;
  ecv: number;
  fy: number;
  fused: number;
  /** W_ECV clipped to [−1, 1]. */
  wEcv: number;
  /** W_FY = 1 − W_ECV (unclipped), then clipped to [−1, 1] on its own. */
  wFy: number;
}

/**
 * Daily weights at the cell of each network series, one row per day where W is
 * defined (see {@link fusionWeight}); only the series' cells are used, not their values.
 */
export function stationWeightRows(
  series: readonly NetworkCellSeries[],
  fused: Stack,
  ecv: Stack,
  fy: Stack,
  opts: FusionWeightOptions = {},
): StationWeightRow[] {
  assertSameLayout({ fused, ecv, fy });
  const minDiff = weightMinDiff(opts);
  const plane = planeSize(fused);
  const rows: StationWeightRow[] = [];
  for (const s of series) {
    const pixel = seriesPixel(s, fused.grid);
    for (let d = 0; d < fused.dates.length; d++) {
      const i = d * plane + pixel;
      const w = fusionWeight(fused.data[i], ecv.data[i], fy.data[i], minDiff);
      if (Number.isNaN(w)) continue;
      rows.push({
        network: s.network,
        row: s.row,
        col: s.col,
        date: fused.dates[d],
        ecv: ecv.data[i],
        fy: fy.data[i],
        fused: fused.data[i],
        wEcv: clipWeight(w),
        wFy: clipWeight(1 - w),
      });
    }
  }
  return rows;
}
