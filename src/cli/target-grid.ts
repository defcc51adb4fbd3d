/** The target grid of a command: --like a GeoTIFF, or --bbox + --res, or the Tibetan Plateau box. */
import { InvalidArgumentError } from 'commander';
import { ConfigError } from '../errors.js';
import { makeGrid, tibetanPlateauGrid, type BBox, type GridSpec } from '../grid/gridspec.js';
import { readGeoTiffStack } from '../io/geotiff-read.js';

/** `W,S,E,N` in degrees (the order of gdalwarp -te). */
export function parseBBox(value: string): BBox {
  const n = value.split(',').map(Number);
  if (n.length !== 4 || !n.every(Number.isFinite) || n[0] >= n[2] || n[1] >= n[3]) {
    throw new InvalidArgumentError(`"${value}" is not W,S,E,N with W < E and S < N`);
  }
  return { west: n[0], south: n[1], east: n[2], north: n[3] };
}

export async function targetGrid(options: { like?: string; bbox?: BBox; res?: number }): Promise<GridSpec> {
  if (options.like) {
    if (options.bbox || options.res) throw new ConfigError('give either --like or --bbox/--res, not both');
    return (await readGeoTiffStack(options.like)).grid;
  }
  if (!options.bbox && !options.res) return tibetanPlateauGrid();
  if (!options.bbox || !(options.res! > 0)) throw new ConfigError('--bbox and --res go together (or give --like REF.tif)');
  return makeGrid(options.bbox, options.res!);
}
