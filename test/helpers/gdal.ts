import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { GridSpec } from '../../src/grid/gridspec.js';
import type { Resampling } from '../../src/grid/regrid.js';
import { readGeoTiffStack } from '../../src/io/geotiff-read.js';

/** GDAL is the independent reader; PAM off so it leaves no .aux.xml beside the files. */
export const GDAL_ENV = { ...process.env, GDAL_PAM_ENABLED: 'NO' };

export const hasGdal = spawnSync('gdalinfo', ['--version']).status === 0;

export function gdal(tool: string, ...args: string[]): string {
  return execFileSync(tool, args, { env: GDAL_ENV, encoding: 'utf8', maxBuffer: 256 << 20 });
}

export interface GdalInfo {
  size: [number, number];
  geoTransform: number[];
  stac?: { 'proj:epsg'?: number };
  metadata: Record<string, Record<string, string>>;
  bands: {
    type: string;
    block: [number, number];
    description?: string;
    noDataValue?: number | string;
    /** GDAL's band scale/offset, where set. */
    scale?: number;
    offset?: number;
    metadata?: Record<string, Record<string, string>>;
    /** Internal overviews, largest first. */
    overviews?: { size: [number, number] }[];
  }[];
}

export function gdalinfo(path: string): GdalInfo {
  return JSON.parse(gdal('gdalinfo', '-json', path)) as GdalInfo;
}

/** gdalwarp's kernel for each resampling it has ('centres' binning has none: tests check it against a plain binning). */
export type GdalResampling = Exclude<Resampling, 'centres'>;
export const GDAL_METHOD: Record<GdalResampling, string> = { nearest: 'near', bilinear: 'bilinear', mean: 'average' };

/** gdalwarp of `source` onto `target` (exact transformer, NaN nodata) into `dir`, read back. */
export async function gdalwarpOnto(
  source: string,
  target: GridSpec,
  method: GdalResampling,
  dir: string,
  extra: string[] = [],
): Promise<Float32Array> {
  const out = join(dir, `warp-${Math.random().toString(36).slice(2)}.tif`);
  const te = [target.originX, target.originY - target.height * target.resY, target.originX + target.width * target.resX, target.originY];
  gdal(
    'gdalwarp',
    '-q',
    ...extra,
    '-et',
    '0',
    '-r',
    GDAL_METHOD[method],
    '-ot',
    'Float32',
    '-dstnodata',
    'nan',
    '-t_srs',
    `EPSG:${target.epsg}`,
    '-te',
    ...te.map(String),
    '-ts',
    String(target.width),
    String(target.height),
    source,
    out,
  );
  return (await readGeoTiffStack(out)).data;
}
