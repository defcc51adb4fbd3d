import { deriveSeed, makeRng } from '../../core/rng.js';

/**
 * A synthetic site series with a known truth, shaped like the paper's CRNS sites
 * (semi-arid grassland, SM ≈ 0.05–0.35 m³/m³):
 * - truth: a one-layer bucket. Rain falls on random days (more in summer: probability
 *   0.08 + 0.25·summer, depth exponential, mean 6 mm), fills a 100 mm layer up to
 *   porosity 0.40, and the layer dries each day by evapotranspiration proportional to
 *   the water above the residual 0.04 and to the warmth of the day (LST).
 * - lst: kelvin, a seasonal cycle 265–305 K plus day-to-day noise (σ 3 K).
 * - smap (satellite): truth + 0.025 wet bias + noise σ 0.035, a retrieval on 45% of
 *   days, none when frozen (LST < 273 K).
 * - clm (model): a smoothed (3-day memory), compressed, too-wet copy of the truth,
 *   0.6·truth + 0.09 + noise σ 0.02, every day.
 * - obs (CRNS): truth + noise σ 0.008, missing on 5% of days.
 * Every draw comes from streams seeded by (seed, variable).
 */
export interface SiteSeries {
  dates: string[];
  truth: Float64Array;
  smap: Float64Array;
  clm: Float64Array;
  lst: Float64Array;
  obs: Float64Array;
}

export function syntheticSiteSeries(seed = 1, startYear = 2017, years = 2): SiteSeries {
  const start = Date.UTC(startYear, 0, 1);
  const days = Math.round((Date.UTC(startYear + years, 0, 1) - start) / 86_400_000);
  const stream = (id: number) => makeRng(deriveSeed(seed, 0x5173, id));
  const [rain, temp, sat, model, crns, gaps] = [1, 2, 3, 4, 5, 6].map(stream);
  const s = {
    dates: [] as string[],
    truth: new Float64Array(days),
    smap: new Float64Array(days),
    clm: new Float64Array(days),
    lst: new Float64Array(days),
    obs: new Float64Array(days),
  };
  let theta = 0.15;
  let memory = theta;
  for (let d = 0; d < days; d++) {
    s.dates.push(new Date(start + d * 86_400_000).toISOString().slice(0, 10));
    const season = Math.sin((2 * Math.PI * ((d % 365) - 105)) / 365); // +1 in mid-July
    const lst = 285 + 20 * season + 3 * temp.normal();
    const summer = Math.max(0, season);
    if (rain.next() < 0.08 + 0.25 * summer) theta += (-6 * Math.log(1 - rain.next())) / 100;
    theta = Math.min(theta, 0.4);
    const warmth = Math.max(0, (lst - 268) / 40);
    theta -= 0.06 * warmth * (theta - 0.04);
    memory = 0.67 * memory + 0.33 * theta;
    s.truth[d] = theta;
    s.lst[d] = lst;
    const retrieved = gaps.next() < 0.45 && lst >= 273;
    s.smap[d] = retrieved ? Math.max(0.01, theta + 0.025 + 0.035 * sat.normal()) : NaN;
    s.clm[d] = 0.6 * memory + 0.09 + 0.02 * model.normal();
    s.obs[d] = gaps.next() < 0.05 ? NaN : theta + 0.008 * crns.normal();
  }
  return s;
}
