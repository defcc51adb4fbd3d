/**
 * HDF-EOS grids from StructMetadata.0: size, corners, projection and fields of each grid,
 * as the GridSpec smfuse regrids from. Corners are the outer edges of the corner cells
 * (as GDAL's HDF4 driver reads them). Projections: GCTP_SNSOID (the MODIS sinusoidal
 * sphere) and GCTP_GEO (degrees, corners in packed DMS); others are refused.
 */
import { InputError } from '../../../core/errors.js';
import { fileDefinedCrs, MODIS_SINUSOIDAL } from '../../grid/crs.js';
import type { GridSpec } from '../../grid/gridspec.js';
import type { Attribute } from '../data-file.js';
import { findNode, odlList, odlNumbers, odlString, parseOdl } from './odl.js';

export interface EosGrid {
  readonly name: string;
  readonly projection: string;
  readonly grid: GridSpec;
  /** Field name → its dimension names, as StructMetadata lists them. */
  readonly fields: ReadonlyMap<string, readonly string[]>;
}

/** The MODIS sphere (ProjParams[0] of GCTP_SNSOID). */
const MODIS_SPHERE_M = 6371007.181;

/** StructMetadata.0, .1, … joined (HDF-EOS splits it into 32 000-byte pieces). */
export function joinedMetadata(attrs: Readonly<Record<string, Attribute>>, base: string): string | undefined {
  const parts: string[] = [];
  for (let i = 0; ; i++) {
    const a = attrs[`${base}.${i}`];
    if (!a || typeof a.value !== 'string') break;
    parts.push(a.value);
  }
  return parts.length > 0 ? parts.join('') : undefined;
}

export function readEosGrids(file: string, structMetadata: string): EosGrid[] {
  const root = findNode(parseOdl(structMetadata), 'GridStructure');
  if (!root) return [];
  return root.children.map((g) => {
    const name = odlString(g.values.get('GridName')) ?? g.name;
    const what = `grid ${name}`;
    const width = Number(g.values.get('XDim'));
    const height = Number(g.values.get('YDim'));
    if (!(Number.isInteger(width) && width > 0 && Number.isInteger(height) && height > 0)) {
      throw new InputError(file, `${what}: XDim/YDim ${g.values.get('XDim')}×${g.values.get('YDim')} are not sizes`);
    }
    const origin = g.values.get('GridOrigin') ?? 'HDFE_GD_UL';
    if (origin !== 'HDFE_GD_UL') throw new InputError(file, `${what}: GridOrigin ${origin} is not supported (only HDFE_GD_UL, upper-left)`);
    const projection = g.values.get('Projection') ?? '(none)';
    let [ulx, uly] = odlNumbers(g.values.get('UpperLeftPointMtrs'));
    let [lrx, lry] = odlNumbers(g.values.get('LowerRightMtrs'));
    let epsg: number;
    if (projection === 'GCTP_SNSOID') {
      const params = odlNumbers(g.values.get('ProjParams'));
      const radius = params[0] ?? NaN;
      const rest = params.slice(1).filter((p) => p !== 0);
      if (Math.abs(radius - MODIS_SPHERE_M) > 1e-3 || rest.length > 0) {
        throw new InputError(
          file,
          `${what}: sinusoidal with ProjParams (${params.join(', ')}) is not the MODIS sinusoidal (sphere ${MODIS_SPHERE_M} m, central meridian 0); reproject with gdalwarp`,
        );
      }
      epsg = fileDefinedCrs(MODIS_SINUSOIDAL);
    } else if (projection === 'GCTP_GEO') {
      [ulx, uly, lrx, lry] = [ulx, uly, lrx, lry].map(packedDmsToDegrees);
      epsg = 4326;
    } else {
      throw new InputError(
        file,
        `${what}: projection ${projection} is not supported (smfuse reads GCTP_SNSOID and GCTP_GEO HDF-EOS grids); reproject with gdalwarp`,
      );
    }
    const resX = (lrx - ulx) / width;
    const resY = (uly - lry) / height;
    if (!([ulx, uly, lrx, lry].every(Number.isFinite) && resX > 0 && resY > 0)) {
      throw new InputError(
        file,
        `${what}: corners UpperLeftPointMtrs ${g.values.get('UpperLeftPointMtrs')} / LowerRightMtrs ${g.values.get('LowerRightMtrs')} do not make a north-up grid`,
      );
    }
    const fields = new Map<string, string[]>();
    for (const f of findNode(g, 'DataField')?.children ?? []) {
      const fname = odlString(f.values.get('DataFieldName'));
      if (fname !== undefined) fields.set(fname, odlList(f.values.get('DimList')));
    }
    const grid: GridSpec = Object.freeze({ width, height, originX: ulx, originY: uly, resX, resY, epsg });
    return { name, projection, grid, fields };
  });
}

/** GCTP packed degrees-minutes-seconds DDDMMMSSS.SS → decimal degrees (as GDAL's CPLPackedDMSToDec). */
export function packedDmsToDegrees(packed: number): number {
  const sign = packed < 0 ? -1 : 1;
  const v = Math.abs(packed);
  const deg = Math.floor(v / 1e6);
  const min = Math.floor((v - deg * 1e6) / 1e3);
  const sec = v - deg * 1e6 - min * 1e3;
  return sign * (deg + min / 60 + sec / 3600);
}
