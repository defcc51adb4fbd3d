import { datesOfYear } from '../cube/dates.js';
import type { GridSpec } from '../grid/gridspec.js';
import type { StationObservation } from '../cube/station-observation.js';
import { deriveSeed } from '../../core/rng.js';
import { makeGeography } from './geography.js';
import { simulateLandSurface } from './land-surface.js';
import { ECV_MODEL, FY_MODEL, simulateProduct } from './products.js';
import { simulateReference } from './reference.js';
import { simulateStations } from './station-networks.js';
import { simulateWeather } from './weather.js';

export interface SyntheticOptions {
  grid: GridSpec;
  year: number;
  seed: number;
}

export interface SyntheticSample {
  grid: GridSpec;
  dates: string[];
  /** SM, m³/m³, NaN = gap, [day][row][col]. The truth is gap-free. */
  truth: Float32Array;
  ecv: Float32Array;
  fy: Float32Array;
  /** Daytime LST, kelvin, gap-free. */
  lst: Float32Array;
  ndvi: Float32Array;
  albedo: Float32Array;
  /** Metres, [row][col]. */
  dem: Float32Array;
  stations: StationObservation[];
}

/** Storage precision, so that the files compress and a round trip through them is exact. */
export const QUANTUM = { sm: 1e-4, lst: 0.01, ndvi: 1e-4, albedo: 1e-4 } as const;

const STREAMS = { weather: 1, reference: 2, ecv: 3, fy: 4, stations: 5 } as const;

function quantize(data: Float32Array, step: number): void {
  const scale = 1 / step;
  for (let j = 0; j < data.length; j++) data[j] = Math.round(data[j] * scale) / scale; // NaN stays NaN
}

/**
 * A synthetic Tibetan-Plateau year with a known truth: terrain and climate → weather →
 * bucket soil moisture (the truth) → reference data (LST, NDVI, albedo) → two gappy,
 * biased SM products (ECV-like, FY-like) and station networks. Deterministic in
 * (grid, year, seed); the terrain depends on the seed only, the weather on seed and year.
 */
export function synthesizeSample(opts: SyntheticOptions): SyntheticSample {
  const { grid, year, seed } = opts;
  const dates = datesOfYear(year);
  const yearSeed = deriveSeed(seed, year);
  const geo = makeGeography(grid, seed);
  const weather = simulateWeather(grid, geo, dates.length, deriveSeed(yearSeed, STREAMS.weather));
  const land = simulateLandSurface(geo, weather);
  const truth = land.sm;
  quantize(truth, QUANTUM.sm);
  const reference = simulateReference(grid, geo, weather, land, deriveSeed(yearSeed, STREAMS.reference));
  // Quantize before the products' frozen test, so the mask on the stored values agrees with it.
  quantize(reference.lst, QUANTUM.lst);
  quantize(reference.ndvi, QUANTUM.ndvi);
  quantize(reference.albedo, QUANTUM.albedo);

  const inputs = { grid, geo, weather, reference, truth };
  const ecv = simulateProduct(ECV_MODEL, inputs, deriveSeed(yearSeed, STREAMS.ecv));
  const fy = simulateProduct(FY_MODEL, inputs, deriveSeed(yearSeed, STREAMS.fy));
  quantize(ecv, QUANTUM.sm);
  quantize(fy, QUANTUM.sm);
  const stations = simulateStations(grid, dates, truth, reference.lst, deriveSeed(yearSeed, STREAMS.stations));
  return { grid, dates, truth, ecv, fy, ...reference, dem: geo.dem, stations };
}
