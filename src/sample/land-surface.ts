import type { Geography } from './geography.js';
import type { Weather } from './weather.js';

/** Daily state of the soil bucket and the snowpack, [day][cell]. */
export interface LandSurface {
  /** Top-layer volumetric soil moisture, m³/m³: the truth. */
  readonly sm: Float32Array;
  /** Snow water equivalent, mm. */
  readonly swe: Float32Array;
}

export const BUCKET = {
  /** Effective depth of the top layer, mm of soil (water held = θ·depth). */
  depthMm: 100,
  /** Drying rate of the plant-available water per day: base + per °C above zero. */
  dryingBase: 0.01,
  dryingPerDegree: 0.012,
  /** Drier air dries faster: rate × (dryAirBoost − dryAirSlope·humidity). */
  dryAirBoost: 1.3,
  dryAirSlope: 0.6,
  /** Frozen soil (air below 0 °C) loses water only by slow sublimation. */
  frozenDrying: 0.005,
  /** Precipitation falls as snow below this air temperature, °C. */
  snowBelow: 0.5,
  /**
   * Degree-day snowmelt, mm per °C per day, driven by daytime air (daily mean + this, °C):
   * the strong plateau sun melts snow on days whose mean stays below zero.
   */
  meltPerDegree: 3.5,
  meltDaytimeWarming: 6,
  /** Sublimation of the thin, wind-blown plateau snow, mm/day. */
  sublimation: 0.5,
} as const;

/**
 * One-layer bucket: rain and snowmelt infiltrate up to porosity (the rest runs off),
 * plant-available water θ − residual decays exponentially at a rate rising with air
 * temperature. The year is run twice and the second pass kept, so 1 January starts from
 * the state the same climate leaves on 31 December rather than from an arbitrary guess.
 */
export function simulateLandSurface(geo: Geography, weather: Weather): LandSurface {
  const cells = geo.dem.length;
  const { days, airTemp, precip } = weather;
  const theta = new Float64Array(cells);
  const snow = new Float64Array(cells);
  const dryFactor = new Float64Array(cells);
  for (let i = 0; i < cells; i++) {
    theta[i] = (geo.residual[i] + geo.porosity[i]) / 2;
    dryFactor[i] = BUCKET.dryAirBoost - BUCKET.dryAirSlope * geo.humidity[i];
  }
  const sm = new Float32Array(days * cells);
  const swe = new Float32Array(days * cells);
  for (let pass = 0; pass < 2; pass++) {
    for (let d = 0; d < days; d++) {
      const off = d * cells;
      for (let i = 0; i < cells; i++) {
        const t = airTemp[off + i];
        const p = precip[off + i];
        let water = 0;
        if (t < BUCKET.snowBelow) snow[i] += p;
        else water += p;
        if (snow[i] > 0) {
          const melt = Math.min(snow[i], BUCKET.meltPerDegree * Math.max(t + BUCKET.meltDaytimeWarming, 0));
          water += melt;
          snow[i] = Math.max(0, snow[i] - melt - BUCKET.sublimation);
        }
        const rate = t > 0 ? (BUCKET.dryingBase + BUCKET.dryingPerDegree * t) * dryFactor[i] : BUCKET.frozenDrying;
        const res = geo.residual[i];
        let th = res + (theta[i] - res) * Math.exp(-rate);
        th = Math.min(geo.porosity[i], th + water / BUCKET.depthMm);
        theta[i] = th;
        if (pass === 1) {
          sm[off + i] = th;
          swe[off + i] = snow[i];
        }
      }
    }
  }
  return { sm, swe };
}
