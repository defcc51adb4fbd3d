import { FREEZING_POINT_K } from '../cube/masks.js';
import type { GridSpec } from '../grid/gridspec.js';
import { deriveSeed, makeRng } from '../../core/rng.js';
import { clamp, seasonPhase, sigmoid } from './curves.js';
import type { Geography } from './geography.js';
import type { LandSurface } from './land-surface.js';
import { staticNoise } from './lattice.js';
import type { Weather } from './weather.js';

/** Gap-free daily reference data, [day][cell]. */
export interface ReferenceFields {
  /** Daytime land surface temperature, kelvin. */
  readonly lst: Float32Array;
  readonly ndvi: Float32Array;
  readonly albedo: Float32Array;
}

export const SURFACE = {
  /** Daytime satellite LST above daily mean air: base + extra for dry climates, K. */
  diurnalBase: 10,
  diurnalDryExtra: 5,
  /** Seasonal part of the offset (clear, dry, high-sun spring; cloudy monsoon summer), K and peak day. */
  diurnalSeasonal: 3,
  diurnalPeakDoy: 100,
  /** Evaporative cooling of a saturated surface, K (scaled by relative wetness). */
  evaporativeCooling: 10,
  /** Snow cools the surface, K at full cover. */
  snowCooling: 4,
  lstNoiseSd: 1.2,
  /** NDVI responds to moisture and warmth smoothed over these e-folding times, days. */
  ndviMoistureLagDays: 25,
  ndviWarmthLagDays: 15,
  /** Green-up midpoint and width, °C of smoothed air temperature. */
  greenUpTemp: 3,
  greenUpWidth: 2.5,
  /** Dormant (brown) cover, peak green cover, and the loss of green cover per metre. */
  ndviFloor: 0.05,
  ndviDormant: 0.08,
  ndviGreenMax: 1.1,
  ndviPerMetre: 6e-5,
  ndviNoiseSd: 0.01,
  ndviRange: [0.05, 0.8],
  /** Bare dry soil albedo, darkening with green cover and wetness, and its bounds. */
  albedoDry: 0.27,
  albedoPerNdvi: 0.1,
  albedoPerWetness: 0.06,
  albedoSpatialSd: 0.01,
  albedoNoiseSd: 0.004,
  albedoRange: [0.12, 0.29],
  snowAlbedo: 0.75,
  /** Snow cover fraction = SWE / (SWE + this), mm. */
  snowCoverHalfSwe: 10,
} as const;

const SEEDS = { lst: 1, ndvi: 2, albedo: 3, albedoMap: 4 } as const;

/**
 * LST = air temperature + daytime offset − evaporative cooling ∝ relative wetness −
 * snow cooling + noise, so wet soil shows as a cool surface; NDVI follows moisture and
 * warmth smoothed over weeks; albedo darkens with green cover and wetness and jumps
 * towards snow albedo with snow cover.
 */
export function simulateReference(grid: GridSpec, geo: Geography, weather: Weather, land: LandSurface, seed: number): ReferenceFields {
  const cells = grid.width * grid.height;
  const { days, airTemp } = weather;
  const lstRng = makeRng(deriveSeed(seed, SEEDS.lst));
  const ndviRng = makeRng(deriveSeed(seed, SEEDS.ndvi));
  const albedoRng = makeRng(deriveSeed(seed, SEEDS.albedo));
  const albedoMap = staticNoise(grid, 1, deriveSeed(seed, SEEDS.albedoMap));

  const greenMax = new Float32Array(cells);
  const dryOffset = new Float32Array(cells);
  for (let i = 0; i < cells; i++) {
    const altitude = clamp(1 - SURFACE.ndviPerMetre * geo.dem[i], 0, 1);
    greenMax[i] = SURFACE.ndviGreenMax * geo.humidity[i] * altitude;
    dryOffset[i] = SURFACE.diurnalBase + SURFACE.diurnalDryExtra * (1 - geo.humidity[i]);
  }
  const moisture = new Float64Array(cells);
  const warmth = new Float64Array(cells);
  const kMoisture = 1 / SURFACE.ndviMoistureLagDays;
  const kWarmth = 1 / SURFACE.ndviWarmthLagDays;

  const lst = new Float32Array(days * cells);
  const ndvi = new Float32Array(days * cells);
  const albedo = new Float32Array(days * cells);
  for (let d = 0; d < days; d++) {
    const seasonal = SURFACE.diurnalSeasonal * Math.cos(seasonPhase(d + 1, SURFACE.diurnalPeakDoy));
    const off = d * cells;
    for (let i = 0; i < cells; i++) {
      const j = off + i;
      const res = geo.residual[i];
      const wetness = (land.sm[j] - res) / (geo.porosity[i] - res);
      const snowCover = land.swe[j] / (land.swe[j] + SURFACE.snowCoverHalfSwe);
      if (d === 0) {
        moisture[i] = wetness;
        warmth[i] = airTemp[j];
      } else {
        moisture[i] += kMoisture * (wetness - moisture[i]);
        warmth[i] += kWarmth * (airTemp[j] - warmth[i]);
      }
      const green = sigmoid((warmth[i] - SURFACE.greenUpTemp) / SURFACE.greenUpWidth) * Math.sqrt(Math.max(0, moisture[i]));
      const v = clamp(
        SURFACE.ndviFloor + SURFACE.ndviDormant * geo.humidity[i] + greenMax[i] * green + SURFACE.ndviNoiseSd * ndviRng.normal(),
        SURFACE.ndviRange[0],
        SURFACE.ndviRange[1],
      );
      ndvi[j] = v;

      lst[j] =
        FREEZING_POINT_K +
        airTemp[j] +
        dryOffset[i] +
        seasonal -
        SURFACE.evaporativeCooling * wetness -
        SURFACE.snowCooling * snowCover +
        SURFACE.lstNoiseSd * lstRng.normal();

      const soil = clamp(
        SURFACE.albedoDry -
          SURFACE.albedoPerNdvi * (v - SURFACE.ndviFloor) -
          SURFACE.albedoPerWetness * wetness +
          SURFACE.albedoSpatialSd * albedoMap[i] +
          SURFACE.albedoNoiseSd * albedoRng.normal(),
        SURFACE.albedoRange[0],
        SURFACE.albedoRange[1],
      );
      albedo[j] = soil + (SURFACE.snowAlbedo - soil) * snowCover;
    }
  }
  return { lst, ndvi, albedo };
}
