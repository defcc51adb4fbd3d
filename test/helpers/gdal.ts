import { execFileSync, spawnSync } from 'node:child_process';

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
    metadata?: Record<string, Record<string, string>>;
    /** Internal overviews, largest first. */
    overviews?: { size: [number, number] }[];
  }[];
}

export function gdalinfo(path: string): GdalInfo {
  return JSON.parse(gdal('gdalinfo', '-json', path)) as GdalInfo;
}
