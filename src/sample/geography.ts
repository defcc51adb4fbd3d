import { cellCenterLat, cellCenterLon, type GridSpec } from '../grid/gridspec.js';
import { deriveSeed } from '../../core/rng.js';
import { clamp, sigmoid, softplus } from './curves.js';
import { staticNoise } from './lattice.js';

/** Static fields of the synthetic Tibetan Plateau, one value per cell. */
export interface Geography {
  readonly lat: Float64Array;
  readonly lon: Float64Array;
  /** Metres above sea level. */
  readonly dem: Float32Array;
  /** Climate index in (0, 1): 0 hyper-arid (Tarim), ~0.55 semi-arid (Naqu), ~0.85 humid (Maqu). */
  readonly humidity: Float32Array;
  /** Mean annual precipitation, mm. */
  readonly annualPrecip: Float32Array;
  /** Soil water content bounds of the bucket, m³/m³. */
  readonly porosity: Float32Array;
  readonly residual: Float32Array;
}

/** Plateau outline and heights, degrees and metres (a smooth cartoon of the real TP). */
export const PLATEAU = {
  /** Width of the plateau escarpments, degrees. */
  edgeWidth: 0.6,
  westLon: 74.5,
  /** South edge (Himalaya): 28.2°N, curving north-west of 80°E. */
  southLat: (lon: number) => 28.2 + 0.5 * softplus(80 - lon),
  /** North edge (Kunlun, Qilian): 35.9°N, rising east of 90°E. */
  northLat: (lon: number) => 35.9 + 0.2 * softplus(lon - 90),
  /** East edge (towards the Sichuan basin), slanting north-east. */
  eastLon: (lat: number) => 102.8 + 0.15 * (lat - 30),
  /** Plateau surface: ~4900 m in the centre-west, sinking east of 88°E and faster east of 97°E. */
  topHeight: (lon: number) => 4900 - 45 * softplus(lon - 88) - 40 * softplus(lon - 97),
  /** Himalayan and Kunlun rims above the plateau surface. */
  southRim: 900,
  northRim: 500,
} as const;

/** Lowland floor around the plateau: Ganges plain ~200 m, Tarim ~1100 m, Sichuan ~500 m. */
function lowlandHeight(lat: number, lon: number): number {
  return 200 + 900 * sigmoid((lat - 36.5) / 0.8) + 300 * sigmoid((lon - 101) / 1.5);
}

/** Share of the plateau (0–1) at a place: product of four soft escarpments. */
function plateauShare(lat: number, lon: number): number {
  const w = PLATEAU.edgeWidth;
  return (
    sigmoid((lat - PLATEAU.southLat(lon)) / w) *
    sigmoid((PLATEAU.northLat(lon) - lat) / w) *
    sigmoid((lon - PLATEAU.westLon) / w) *
    sigmoid((PLATEAU.eastLon(lat) - lon) / w)
  );
}

function rims(lat: number, lon: number): number {
  const south = (lat - PLATEAU.southLat(lon) - 0.5) / 0.5;
  const north = (lat - PLATEAU.northLat(lon) + 0.4) / 0.5;
  const alongEastWest = sigmoid((lon - PLATEAU.westLon) / 1) * sigmoid((PLATEAU.eastLon(lat) - lon) / 1);
  return alongEastWest * (PLATEAU.southRim * Math.exp(-south * south) + PLATEAU.northRim * Math.exp(-north * north));
}

/**
 * Monsoon moisture reaches the plateau from the south-east: wetter east and south, drier
 * west and north (Tarim desert), plus smooth regional noise.
 */
function humidityIndex(lat: number, lon: number, noise: number): number {
  return sigmoid(0.25 * (lon - 92) - 0.4 * (lat - 32) + 0.35 * noise);
}

const SEEDS = { relief: 1, hills: 2, climate: 3, porosity: 4, residual: 5 } as const;

export function makeGeography(grid: GridSpec, seed: number): Geography {
  const cells = grid.width * grid.height;
  const relief = staticNoise(grid, 2, deriveSeed(seed, SEEDS.relief));
  const hills = staticNoise(grid, 0.5, deriveSeed(seed, SEEDS.hills));
  const climate = staticNoise(grid, 3, deriveSeed(seed, SEEDS.climate));
  const porosityNoise = staticNoise(grid, 1, deriveSeed(seed, SEEDS.porosity));
  const residualNoise = staticNoise(grid, 1, deriveSeed(seed, SEEDS.residual));

  const lat = new Float64Array(cells);
  const lon = new Float64Array(cells);
  const dem = new Float32Array(cells);
  const humidity = new Float32Array(cells);
  const annualPrecip = new Float32Array(cells);
  const porosity = new Float32Array(cells);
  const residual = new Float32Array(cells);
  for (let r = 0; r < grid.height; r++) {
    for (let c = 0; c < grid.width; c++) {
      const i = r * grid.width + c;
      const y = cellCenterLat(grid, r);
      const x = cellCenterLon(grid, c);
      lat[i] = y;
      lon[i] = x;
      const share = plateauShare(y, x);
      const low = lowlandHeight(y, x);
      const ground = low + (PLATEAU.topHeight(x) - low) * share + rims(y, x);
      // Mountains are rougher than plains.
      const roughness = 0.3 + 0.7 * share;
      dem[i] = Math.round(Math.max(0, ground + roughness * (250 * relief[i] + 120 * hills[i])));
      humidity[i] = humidityIndex(y, x, climate[i]);
      annualPrecip[i] = 30 + 850 * humidity[i];
      porosity[i] = clamp(0.47 + 0.03 * porosityNoise[i], 0.4, 0.55);
      residual[i] = clamp(0.03 + 0.006 * residualNoise[i], 0.02, 0.045);
    }
  }
  return { lat, lon, dem, humidity, annualPrecip, porosity, residual };
}
