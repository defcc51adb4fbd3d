import { pairStats } from '../../kernels/metrics/pair-stats.js';
import { FREEZING_POINT_K, SNOW_ALBEDO } from '../cube/masks.js';
import type { SyntheticSample } from './synthetic-tp.js';

/** How a product compares with the truth where it is valid. */
export interface ProductSkill {
  /** Valid pixel-days / all pixel-days. */
  coverage: number;
  n: number;
  r: number;
  rmse: number;
  /** Mean of product − truth. */
  bias: number;
}

export interface SampleSummary {
  /** Share of pixel-days failing the unfrozen mask (LST ≤ 0 °C or albedo ≥ 0.3). */
  frozenShare: number;
  ecv: ProductSkill;
  fy: ProductSkill;
}

export function productSkill(product: Float32Array, truth: Float32Array): ProductSkill {
  const { n, r, rmse, bias } = pairStats(product, truth);
  return { coverage: n / product.length, n, r, rmse, bias };
}

export function summarizeSample(sample: SyntheticSample): SampleSummary {
  let frozen = 0;
  for (let j = 0; j < sample.lst.length; j++) {
    if (!(sample.lst[j] - FREEZING_POINT_K > 0 && sample.albedo[j] < SNOW_ALBEDO)) frozen++;
  }
  return {
    frozenShare: frozen / sample.lst.length,
    ecv: productSkill(sample.ecv, sample.truth),
    fy: productSkill(sample.fy, sample.truth),
  };
}
