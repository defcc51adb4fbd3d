/** The target grid of a command: --like a GeoTIFF, or --bbox + --res, or the Tibetan Plateau box. */
import { InvalidArgumentError } from 'commander';
import { ConfigError } from '../../core/errors.js';
import { crsName } from '../grid/crs.js';
import { makeGrid, tibetanPlateauGrid, type BBox, type GridSpec } from '../grid/gridspec.js';
import { readGeoTiffStack } from '../io/geotiff-read.js';

/** Why a W,S,E,N box in degrees cannot be a lon/lat target, or null when it can. */
export function bboxProblem(b: BBox): string | null {
  const { west, south, east, north } = b;
  if (![west, south, east, north].every(Number.isFinite)) return 'W, S, E and N must be numbers';
  if (west < -180 || east > 360) return `longitudes must lie within −180…360 (W ${west}, E ${east})`;
  if (south < -90 || north > 90) return `latitudes must lie within −90…90 (S ${south}, N ${north})`;
  if (west >= east) return `W (${west}) must be less than E (${east})`;
  if (south >= north) return `S (${south}) must be less than N (${north})`;
  if (east - west > 360) return `the box spans ${east - west}° of longitude, more than 360°`;
  return null;
}

/** `W,S,E,N` in degrees (the order of gdalwarp -te). */
export function parseBBox(value: string): BBox {
  const parts = value.split(',');
  const n = parts.map((s) => (s.trim() === '' ? NaN : Number(s)));
  const problem = n.length !== 4 ? 'give four numbers W,S,E,N' : bboxProblem({ west: n[0], south: n[1], east: n[2], north: n[3] });
  if (problem !== null) throw new InvalidArgumentError(`"${value}" is not a box W,S,E,N in degrees: ${problem}`);
  return { west: n[0], south: n[1], east: n[2], north: n[3] };
}

export async function targetGrid(options: { like?: string; bbox?: BBox; res?: number }): Promise<GridSpec> {
  if (options.like) {
    if (options.bbox || options.res) throw new ConfigError('give either --like or --bbox/--res, not both');
    const grid = (await readGeoTiffStack(options.like)).grid;
    // outputs are written with EPSG GeoKeys only
    if (grid.epsg < 0)
      throw new ConfigError(
        `--like ${options.like}: its CRS has no EPSG code (${crsName(grid.epsg)}), so smfuse cannot write outputs on it; reproject the reference first (gdalwarp -t_srs EPSG:…)`,
      );
    return grid;
  }
  if (!options.bbox && !options.res) return tibetanPlateauGrid();
  if (!options.bbox || !(options.res! > 0)) throw new ConfigError('--bbox and --res go together (or give --like REF.tif)');
  const { west, south, east, north } = options.bbox;
  const res = options.res!;
  // makeGrid rounds the box to whole cells: one that rounds to no cell is a usage error
  if (Math.round((east - west) / res) < 1 || Math.round((north - south) / res) < 1) {
    throw new ConfigError(`--bbox ${west},${south},${east},${north} is smaller than one ${res}° cell: widen the box or make --res smaller`);
  }
  return makeGrid(options.bbox, res);
}
