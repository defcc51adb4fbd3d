import type { GridSpec } from '../grid/gridspec.js';
import { deriveSeed } from '../../core/rng.js';
import { normalPdf, normalTail, seasonPhase } from './curves.js';
import type { Geography } from './geography.js';
import { DailyNoise } from './lattice.js';

/** Daily near-surface weather, [day][cell]. */
export interface Weather {
  readonly days: number;
  /** Daily mean air temperature, °C. */
  readonly airTemp: Float32Array;
  /** Precipitation (rain or snow water equivalent), mm/day. */
  readonly precip: Float32Array;
}

export const CLIMATE = {
  /** Annual mean air temperature reduced to sea level: 30 °C at 25°N, −0.8 K per degree north. */
  seaLevelMean: (lat: number) => 30 - 0.8 * (lat - 25),
  /** Half the annual range, growing northwards (more continental). */
  seasonalAmplitude: (lat: number) => 9 + 0.45 * (lat - 25),
  warmestDoy: 201,
  /** Environmental lapse rate, K per metre. */
  lapseRate: 0.0065,
  /** Day-to-day synoptic temperature anomalies: sd (K), lattice spacing (°), persistence. */
  anomalySd: 2.5,
  anomalySpacing: 4,
  anomalyPersistence: 0.75,
  /** Monsoon: precipitation weight base + Gaussian bump peaking late July. */
  monsoonBase: 0.05,
  monsoonPeakDoy: 205,
  monsoonWidthDays: 55,
  /** Storm field: synoptic (3°, persistent) and convective (0.75°, daily) components. */
  synopticSpacing: 3,
  synopticPersistence: 0.5,
  synopticShare: 0.8,
  convectiveSpacing: 0.75,
  convectiveShare: 0.6,
  /**
   * Wet-day threshold of the storm field: z > wetBase − wetSlope·humidity·(dryShare +
   * (1 − dryShare)·monsoon weight / peak weight). Wet days in July: Naqu ~35 %, Maqu ~75 %, Tarim ~2 %.
   */
  wetBase: 2,
  wetSlope: 3.4,
  drySeasonShare: 0.35,
} as const;

/** Precipitation weight of a day of year (relative, not normalised). */
function monsoonWeight(doy: number): number {
  const x = (doy - CLIMATE.monsoonPeakDoy) / CLIMATE.monsoonWidthDays;
  return CLIMATE.monsoonBase + Math.exp(-x * x);
}

const SEEDS = { anomaly: 1, synoptic: 2, convective: 3 } as const;

/**
 * Air temperature from latitude, season and elevation, plus synoptic anomalies; rain
 * where a spatially correlated storm field exceeds a threshold that drops with humidity
 * and in the monsoon, scaled so each cell's expected total matches its annual
 * precipitation with the monsoon's seasonal share.
 */
export function simulateWeather(grid: GridSpec, geo: Geography, days: number, seed: number): Weather {
  const cells = grid.width * grid.height;
  const anomaly = new DailyNoise(grid, CLIMATE.anomalySpacing, CLIMATE.anomalyPersistence, deriveSeed(seed, SEEDS.anomaly));
  const synoptic = new DailyNoise(grid, CLIMATE.synopticSpacing, CLIMATE.synopticPersistence, deriveSeed(seed, SEEDS.synoptic));
  const convective = new DailyNoise(grid, CLIMATE.convectiveSpacing, 0, deriveSeed(seed, SEEDS.convective));

  const meanTemp = new Float32Array(cells);
  const amplitude = new Float32Array(cells);
  for (let i = 0; i < cells; i++) {
    meanTemp[i] = CLIMATE.seaLevelMean(geo.lat[i]) - CLIMATE.lapseRate * geo.dem[i];
    amplitude[i] = CLIMATE.seasonalAmplitude(geo.lat[i]);
  }
  let weightSum = 0;
  let weightMax = 0;
  for (let d = 0; d < days; d++) {
    weightSum += monsoonWeight(d + 1);
    weightMax = Math.max(weightMax, monsoonWeight(d + 1));
  }
  const { synopticShare: a, convectiveShare: b } = CLIMATE;
  const norm = Math.hypot(a, b);

  const airTemp = new Float32Array(days * cells);
  const precip = new Float32Array(days * cells);
  const tempNoise = new Float32Array(cells);
  const synField = new Float32Array(cells);
  const convField = new Float32Array(cells);
  for (let d = 0; d < days; d++) {
    const doy = d + 1;
    const season = Math.cos(seasonPhase(doy, CLIMATE.warmestDoy));
    const weight = monsoonWeight(doy);
    const dayShare = weight / weightSum;
    const wetSeason = CLIMATE.drySeasonShare + (1 - CLIMATE.drySeasonShare) * (weight / weightMax);
    anomaly.next(tempNoise);
    synoptic.next(synField);
    convective.next(convField);
    const off = d * cells;
    for (let i = 0; i < cells; i++) {
      airTemp[off + i] = meanTemp[i] + amplitude[i] * season + CLIMATE.anomalySd * tempNoise[i];
      const storm = (a * synField[i] + b * convField[i]) / norm;
      const threshold = CLIMATE.wetBase - CLIMATE.wetSlope * geo.humidity[i] * wetSeason;
      if (storm > threshold) {
        // E[(Z − t)+] for Z ~ N(0, 1): makes the expected rain equal the climatological mean.
        const excessMean = normalPdf(threshold) - threshold * normalTail(threshold);
        precip[off + i] = (geo.annualPrecip[i] * dayShare * (storm - threshold)) / excessMean;
      }
    }
  }
  return { days, airTemp, precip };
}
