import { FREEZING_POINT_K } from '../cube/masks.js';
import { cellCenterLat, cellCenterLon, cellOf, type GridSpec } from '../grid/gridspec.js';
import type { StationObservation } from '../cube/station-observation.js';
import { deriveSeed, makeRng } from '../../core/rng.js';
import { clamp } from './curves.js';

export interface NetworkSite {
  readonly name: string;
  /** Station id prefix: NQ01, NQ02… */
  readonly prefix: string;
  readonly lat: number;
  readonly lon: number;
  readonly stations: number;
  /** Where the network goes when (lon, lat) is outside the grid: fractions of the box from its west and north edges. */
  readonly fallback: readonly [number, number];
}

/** The two in-situ networks of the GRNN paper (Table I), as many stations as fit one 0.25° cell. */
export const NETWORKS: readonly NetworkSite[] = [
  { name: 'Naqu', prefix: 'NQ', lat: 31.37, lon: 91.9, stations: 5, fallback: [0.3, 0.6] },
  { name: 'Maqu', prefix: 'MQ', lat: 33.91, lon: 102.15, stations: 3, fallback: [0.8, 0.3] },
];

export const STATION_ERRORS = {
  /** Sd of each station's own bias (representativeness of a point in a 0.25° cell), m³/m³. */
  biasSd: 0.02,
  /** Sd of daily measurement noise, m³/m³. */
  noiseSd: 0.015,
  /** Share of days lost at random. */
  randomGap: 0.03,
  /** Chance that a station has one outage, and its length range in days. */
  outageChance: 0.5,
  outageDays: [10, 40],
  range: [0.01, 0.6],
} as const;

/** The cell a network's stations sit in. */
export function networkCell(grid: GridSpec, site: NetworkSite): { row: number; col: number } {
  const inside = cellOf(grid, site.lon, site.lat);
  if (inside) return inside;
  const col = Math.min(grid.width - 1, Math.floor(site.fallback[0] * grid.width));
  const row = Math.min(grid.height - 1, Math.floor(site.fallback[1] * grid.height));
  return { row, col };
}

/** Rounds to `digits` decimals (dividing by a power of ten gives the nearest double of the decimal). */
function round(x: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(x * scale) / scale;
}

/**
 * Daily station readings: the truth of the station's cell + a station bias + noise,
 * missing when the cell is frozen (LST ≤ 0 °C: the probes report no liquid water), on a
 * few random days and during an occasional outage. Positions are jittered within the
 * central 80 % of the cell.
 */
export function simulateStations(
  grid: GridSpec,
  dates: readonly string[],
  truth: Float32Array,
  lst: Float32Array,
  seed: number,
): StationObservation[] {
  const cells = grid.width * grid.height;
  const out: StationObservation[] = [];
  NETWORKS.forEach((site, n) => {
    const { row, col } = networkCell(grid, site);
    const cell = row * grid.width + col;
    for (let s = 0; s < site.stations; s++) {
      const rng = makeRng(deriveSeed(seed, n, s));
      const lat = round(cellCenterLat(grid, row) + (rng.next() - 0.5) * 0.8 * grid.resY, 5);
      const lon = round(cellCenterLon(grid, col) + (rng.next() - 0.5) * 0.8 * grid.resX, 5);
      const bias = STATION_ERRORS.biasSd * rng.normal();
      const [minOutage, maxOutage] = STATION_ERRORS.outageDays;
      const outageLength = rng.next() < STATION_ERRORS.outageChance ? minOutage + Math.floor(rng.next() * (maxOutage - minOutage + 1)) : 0;
      const outageStart = Math.floor(rng.next() * dates.length);
      const station = `${site.prefix}${String(s + 1).padStart(2, '0')}`;
      for (let d = 0; d < dates.length; d++) {
        const j = d * cells + cell;
        const noise = STATION_ERRORS.noiseSd * rng.normal();
        const lost = rng.next() < STATION_ERRORS.randomGap || (d >= outageStart && d < outageStart + outageLength);
        if (lost || !(lst[j] - FREEZING_POINT_K > 0)) continue;
        const sm = round(clamp(truth[j] + bias + noise, STATION_ERRORS.range[0], STATION_ERRORS.range[1]), 4);
        out.push({ network: site.name, station, lat, lon, date: dates[d], sm });
      }
    }
  });
  return out;
}
