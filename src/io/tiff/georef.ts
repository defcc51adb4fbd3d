/**
 * GeoTIFF georeferencing ↔ GridSpec: GeoKeys, ModelPixelScale, ModelTiepoint and
 * ModelTransformation, for north-up grids identified by an EPSG code or, when the file
 * defines its own CRS (user-defined GeoKeys), by that CRS as a proj4 definition.
 */
import { fileDefinedCrs } from '../../grid/crs.js';
import type { GridSpec } from '../../grid/gridspec.js';
import { proj4FromGeoKeys } from './geokeys-proj4.js';

export const GeoTag = { ModelPixelScale: 33550, ModelTiepoint: 33922, GeoKeyDirectory: 34735 } as const;

const GT_MODEL_TYPE = 1024;
const GT_RASTER_TYPE = 1025;
const GEOGRAPHIC_TYPE = 2048;
const GEOG_ANGULAR_UNITS = 2054;
const PROJECTED_CS_TYPE = 3072;
const MODEL_PROJECTED = 1;
const MODEL_GEOGRAPHIC = 2;
const RASTER_PIXEL_IS_AREA = 1;
const RASTER_PIXEL_IS_POINT = 2;
const ANGULAR_DEGREE = 9102;
const USER_DEFINED = 32767;

/**
 * Geographic 2D CRSs among the EPSG codes smfuse meets (WGS 84, NAD83, ETRS89, CGCS2000,
 * GDA94, JGD2000, SIRGAS 2000); any other code is written as a projected CRS.
 */
const GEOGRAPHIC_EPSG = new Set([4326, 4269, 4258, 4490, 4283, 4612, 4674]);

/** GeoKeyDirectoryTag values: header (version 1.1.0, key count) then sorted keys. */
export function geoKeyDirectory(epsg: number): number[] {
  const keys: [number, number][] = GEOGRAPHIC_EPSG.has(epsg)
    ? [
        [GT_MODEL_TYPE, MODEL_GEOGRAPHIC],
        [GT_RASTER_TYPE, RASTER_PIXEL_IS_AREA],
        [GEOGRAPHIC_TYPE, epsg],
        [GEOG_ANGULAR_UNITS, ANGULAR_DEGREE],
      ]
    : [
        [GT_MODEL_TYPE, MODEL_PROJECTED],
        [GT_RASTER_TYPE, RASTER_PIXEL_IS_AREA],
        [PROJECTED_CS_TYPE, epsg],
      ];
  const out = [1, 1, 0, keys.length];
  for (const [key, value] of keys) out.push(key, 0, 1, value);
  return out;
}

export function modelPixelScale(grid: GridSpec): number[] {
  return [grid.resX, grid.resY, 0];
}

/** Raster (0, 0), the upper-left corner of the upper-left cell, to model (originX, originY). */
export function modelTiepoint(grid: GridSpec): number[] {
  return [0, 0, 0, grid.originX, grid.originY, 0];
}

/** What a reader found in the file, as geotiff.js reports it. */
export interface GeoTags {
  readonly width: number;
  readonly height: number;
  readonly geoKeys: Partial<Record<string, unknown>> | null;
  readonly pixelScale?: ArrayLike<number>;
  readonly tiepoint?: ArrayLike<number>;
  readonly transformation?: ArrayLike<number>;
}

/** The file's grid, or a sentence saying why it has none smfuse can use. */
export function gridFromGeoTags(t: GeoTags): GridSpec | string {
  if (!t.geoKeys) return 'no georeferencing (no GeoKeyDirectory tag)';
  const epsg = epsgFromGeoKeys(t.geoKeys);
  if (typeof epsg === 'string') return epsg;
  const affine = affineFromTags(t);
  if (typeof affine === 'string') return affine;
  let { originX, originY } = affine;
  const { resX, resY } = affine;
  if (!(resX > 0 && resY > 0)) {
    return `grid is not north-up (cell size ${resX} × ${-resY}); only north-up grids are supported`;
  }
  // GDAL's convention: a PixelIsPoint tiepoint names a cell centre, so the corner is half a cell off.
  if (t.geoKeys.GTRasterTypeGeoKey === RASTER_PIXEL_IS_POINT) {
    originX -= resX / 2;
    originY += resY / 2;
  }
  return Object.freeze({ width: t.width, height: t.height, originX, originY, resX, resY, epsg });
}

function epsgFromGeoKeys(keys: Partial<Record<string, unknown>>): number | string {
  const model = keys.GTModelTypeGeoKey;
  const code =
    model === MODEL_PROJECTED
      ? keys.ProjectedCSTypeGeoKey
      : model === MODEL_GEOGRAPHIC
        ? keys.GeographicTypeGeoKey
        : (keys.ProjectedCSTypeGeoKey ?? keys.GeographicTypeGeoKey);
  if (typeof code !== 'number' || code <= 0) {
    return 'no EPSG code in the GeoKeys (GeographicTypeGeoKey / ProjectedCSTypeGeoKey missing)';
  }
  if (code !== USER_DEFINED) return code;
  const definition = proj4FromGeoKeys(keys);
  if (typeof definition !== 'string')
    return `user-defined CRS smfuse cannot read: ${definition.error}; reproject it to an EPSG CRS first (gdalwarp -t_srs EPSG:4326)`;
  return fileDefinedCrs(definition);
}

interface Affine {
  originX: number;
  originY: number;
  resX: number;
  resY: number;
}

function affineFromTags(t: GeoTags): Affine | string {
  const { pixelScale: s, tiepoint: tp, transformation: m } = t;
  if (s && s.length >= 2 && tp && tp.length >= 6) {
    // the first tiepoint anchors raster (i, j) at model (x, y)
    return { resX: s[0], resY: s[1], originX: tp[3] - tp[0] * s[0], originY: tp[4] + tp[1] * s[1] };
  }
  if (m && m.length >= 8) {
    if (m[1] !== 0 || m[4] !== 0) return 'grid is rotated (ModelTransformation has shear terms); only north-up grids are supported';
    return { resX: m[0], resY: -m[5], originX: m[3], originY: m[7] };
  }
  if (tp && tp.length > 6) return 'georeferenced by ground control points, not by a regular grid';
  return 'no georeferencing (neither ModelPixelScale + ModelTiepoint nor ModelTransformation)';
}
