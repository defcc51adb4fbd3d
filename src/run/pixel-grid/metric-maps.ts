import { accumulatePairsStrided, emptyPairMoments, pairStatsFromMoments } from '../../../kernels/metrics/pair-stats.js';
import { writeGeoTiff } from '../../io/geotiff-write.js';
import type { Staging } from '../../io/staging.js';
import type { GridSpec } from '../../grid/gridspec.js';

/** The per-pixel metrics written as maps, in file-name order. */
export const MAP_METRICS = ['r', 'rmse', 'bias', 'nse'] as const;
export type MapMetric = (typeof MAP_METRICS)[number];

/**
 * Per-pixel R, RMSE, bias (est − obs) and NSE of `est` against `obs`, cubes [day][pixel],
 * over pixel p's days from firstDay[p] on where both are valid. NaN where the pixel has
 * no such day (R and NSE also with fewer than 3 days or a constant series).
 */
export function metricMaps(
  est: Float32Array,
  obs: Float32Array,
  days: number,
  firstDay: ArrayLike<number>,
): Record<MapMetric, Float32Array> {
  const pixels = firstDay.length;
  const maps = {
    r: new Float32Array(pixels),
    rmse: new Float32Array(pixels),
    bias: new Float32Array(pixels),
    nse: new Float32Array(pixels),
  };
  const m = emptyPairMoments();
  for (let p = 0; p < pixels; p++) {
    const from = Math.min(firstDay[p], days);
    accumulatePairsStrided(est, obs, from * pixels + p, pixels, days - from, m);
    const s = pairStatsFromMoments(m);
    maps.r[p] = s.r;
    maps.rmse[p] = s.rmse;
    maps.bias[p] = s.bias;
    maps.nse[p] = m.n >= 3 ? s.nse : NaN;
  }
  return maps;
}

/** Writes metric_<r|rmse|bias|nse>.tif into the staging folder; `period` goes into each file's metadata. */
export async function writeMetricMaps(
  staging: Staging,
  grid: GridSpec,
  maps: Record<MapMetric, Float32Array>,
  period: string,
): Promise<void> {
  for (const name of MAP_METRICS) {
    await writeGeoTiff(staging.path(`metric_${name}.tif`), maps[name], {
      grid,
      bands: 1,
      sampleType: 'float32',
      nodata: NaN,
      bandDescriptions: [name],
      metadata: { metric: name, period },
    });
  }
}
