/**
 * The coordinate reference systems smfuse regrids between, as proj4 definitions (DESIGN §4),
 * and the global EASE grids the satellite products are delivered on.
 */
import proj4 from 'proj4';
import { ConfigError } from '../../core/errors.js';
import { cellOf, makeGrid, type GridSpec } from './gridspec.js';

const CEA_EASE = '+proj=cea +lat_ts=30 +lon_0=0 +x_0=0 +y_0=0 +units=m +no_defs';

const DEFINITIONS: ReadonlyMap<number, string> = new Map([
  [4326, '+proj=longlat +datum=WGS84 +no_defs'],
  /** EASE-Grid 2.0 global (SMAP). */
  [6933, `${CEA_EASE} +datum=WGS84`],
  /** EASE-Grid v1 global (FY-3B, AMSR-E): the same cylinder on the authalic sphere. */
  [3410, `${CEA_EASE} +R=6371228`],
  /** Web Mercator (tiles, many web exports): spherical formulas on WGS 84 coordinates. */
  [3857, '+proj=merc +a=6378137 +b=6378137 +lat_ts=0 +lon_0=0 +x_0=0 +y_0=0 +k=1 +units=m +nadgrids=@null +no_defs'],
  /** CGCS2000 (Chinese national data): within centimetres of WGS 84, so no datum shift. */
  [4490, '+proj=longlat +ellps=GRS80 +no_defs'],
]);

/** WGS 84 / UTM zone N: EPSG 32601–32660 (north), 32701–32760 (south). */
function utmDefinition(epsg: number): string | undefined {
  const zone = epsg % 100;
  const hemisphere = Math.floor(epsg / 100);
  if (zone < 1 || zone > 60 || (hemisphere !== 326 && hemisphere !== 327)) return undefined;
  return `+proj=utm +zone=${zone}${hemisphere === 327 ? ' +south' : ''} +datum=WGS84 +units=m +no_defs`;
}

/**
 * CRSs that files define themselves (GeoTIFF user-defined GeoKeys, HDF-EOS grids, CF
 * grid_mapping), as proj4 definitions. Each distinct definition gets a negative code for the
 * run, so grids carry it where an EPSG code goes and equal definitions compare equal.
 */
const FILE_DEFINED = new Map<string, number>();
const FILE_DEFINED_BY_CODE = new Map<number, string>();

/** MODIS sinusoidal (MOD11/MOD13/MCD43 tiles), on the sphere of radius 6 371 007.181 m. */
export const MODIS_SINUSOIDAL = '+proj=sinu +lon_0=0 +x_0=0 +y_0=0 +R=6371007.181 +units=m +no_defs';

/** The code standing for a proj4 definition read from a file (always negative). */
export function fileDefinedCrs(definition: string): number {
  let code = FILE_DEFINED.get(definition);
  if (code === undefined) {
    code = -(FILE_DEFINED.size + 1);
    FILE_DEFINED.set(definition, code);
    FILE_DEFINED_BY_CODE.set(code, definition);
  }
  return code;
}

/** "EPSG:4326", or a file-defined CRS's proj4 definition. */
export function crsName(code: number): string {
  return FILE_DEFINED_BY_CODE.get(code) ?? `EPSG:${code}`;
}

export function crsDefinition(epsg: number): string {
  const def = DEFINITIONS.get(epsg) ?? FILE_DEFINED_BY_CODE.get(epsg) ?? utmDefinition(epsg);
  if (!def)
    throw new ConfigError(
      `EPSG:${epsg} is not a CRS smfuse can regrid from or to (${[...DEFINITIONS.keys()].join(', ')} and WGS 84 / UTM 32601–32660, 32701–32760); reproject the file first`,
    );
  return def;
}

export function isGeographic(epsg: number): boolean {
  return epsg === 4326 || epsg === 4490 || (FILE_DEFINED_BY_CODE.get(epsg)?.startsWith('+proj=longlat ') ?? false);
}

/** A point transform from one CRS to another; identity when they are the same. */
export function crsTransform(from: number, to: number): (x: number, y: number) => [number, number] {
  if (from === to) return (x, y) => [x, y];
  const converter = proj4(crsDefinition(from), crsDefinition(to));
  return (x, y) => converter.forward([x, y]) as [number, number];
}

/**
 * The cell of a WGS 84 longitude/latitude (a station's) on `grid`, projected into the
 * grid's CRS first when that is not geographic; null outside the grid.
 */
export function lonLatCellOf(grid: GridSpec): (lon: number, lat: number) => { row: number; col: number } | null {
  if (isGeographic(grid.epsg)) return (lon, lat) => cellOf(grid, lon, lat);
  const project = crsTransform(4326, grid.epsg);
  return (lon, lat) => {
    const [x, y] = project(lon, lat);
    return cellOf(grid, x, y);
  };
}

/** EASE-Grid 2.0 global cell sizes in metres (NSIDC: 36 km 964 × 406, 9 km 3856 × 1624). */
const EASE2_CELL = { 36: 36032.220840584, 9: 9008.055210146 } as const;
const EASE2_SIZE = { 36: [964, 406], 9: [3856, 1624] } as const;

export function ease2GlobalGrid(km: 36 | 9): GridSpec {
  const res = EASE2_CELL[km];
  const [width, height] = EASE2_SIZE[km];
  return easeGrid(width, height, res, 6933);
}

/** EASE-Grid v1 global 25 km (NSIDC "ML"): 1383 × 586 cells of 25 067.525 m, origin at the centre. */
export function ease1Global25kmGrid(): GridSpec {
  return easeGrid(1383, 586, 25067.525, 3410);
}

function easeGrid(width: number, height: number, res: number, epsg: number): GridSpec {
  const halfW = (width / 2) * res;
  const halfH = (height / 2) * res;
  return makeGrid({ west: -halfW, south: -halfH, east: halfW, north: halfH }, res, epsg);
}
