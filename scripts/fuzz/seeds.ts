/**
 * The real inputs the fuzzer mutates: the bundled DEM, small crops of a bundled daily stack
 * (deflate and uncompressed), NetCDF classic / 64-bit-offset / NetCDF-4 files built from the
 * test CDL with ncgen (when netcdf-bin is installed), the ESA CCI files of the shared data
 * folder (when present), the HDF4 fixtures (plain, chunked+DEFLATE, a MODIS-like HDF-EOS tile),
 * a uint8 GeoTIFF with scale/offset items, a zipped 3″ SRTM tile (when `zip` is installed),
 * and the station and site CSVs.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readGeoTiffStack } from '../../src/io/geotiff-read.js';
import { writeGeoTiff } from '../../src/io/geotiff-write.js';
import { openDataFile } from '../../src/io/open-data-file.js';
import { dataFileLandmarks, textLandmarks, type Landmark } from './landmarks.js';
import { hdf4Landmarks } from './hdf4-landmarks.js';
import { tiffEntries, type TiffEntry } from './tiff-entries.js';
import { zipLandmarks } from './zip-landmarks.js';

export type SeedKind = 'tiff' | 'netcdf' | 'hdf4' | 'srtm' | 'stations' | 'site';

export interface Seed {
  /** File name; mutated copies keep it, since product readers take dates from names. */
  name: string;
  kind: SeedKind;
  bytes: Buffer;
  landmarks: Landmark[];
  tiff?: { littleEndian: boolean; entries: TiffEntry[] };
}

export interface SeedOptions {
  /** Package root (data/, test/fixtures/). */
  root: string;
  /** A scratch folder for generated seeds. */
  work: string;
  /** Folder of ESA CCI .nc files to include (skipped when missing). */
  esaCci?: string;
  /** Leave out seeds over this many bytes (keeps the CI run fast). Default: none. */
  maxSeedBytes?: number;
}

const STATION_LINES = 200;
const CROP = { col0: 10, row0: 6, cols: 24, rows: 16, bands: 3 };

export async function buildSeeds(o: SeedOptions): Promise<Seed[]> {
  const files: { path: string; kind: SeedKind }[] = [{ path: join(o.root, 'data', 'dem.tif'), kind: 'tiff' }];
  for (const compression of ['deflate', 'none'] as const) {
    files.push({
      path: await cropStack(join(o.root, 'data', 'ecv.tif'), join(o.work, `ecv-crop-${compression}.tif`), compression),
      kind: 'tiff',
    });
  }
  if (spawnSync('ncgen', ['-version']).error === undefined) {
    const cdl = join(o.root, 'test', 'fixtures', 'packed-classic.cdl');
    for (const k of ['classic', '64-bit-offset', 'nc4'] as const) {
      const out = join(o.work, `packed-${k}.nc`);
      execFileSync('ncgen', ['-k', k, '-o', out, cdl]);
      files.push({ path: out, kind: 'netcdf' });
    }
  }
  if (o.esaCci && existsSync(o.esaCci)) {
    for (const f of readdirSync(o.esaCci)
      .filter((n) => n.endsWith('.nc'))
      .sort())
      files.push({ path: join(o.esaCci, f), kind: 'netcdf' });
  }
  // HDF4: the chunked+deflated and plain type fixtures and a MODIS-like HDF-EOS tile
  for (const f of ['types-chunked-deflate.hdf', 'types.hdf', 'MOD11A1.A2021225.h25v05.061.2021226000000.hdf'])
    files.push({ path: join(o.root, 'test', 'fixtures', 'hdf4', f), kind: 'hdf4' });
  files.push({ path: await scaledTiff(join(o.work, 'scaled-uint8.tif')), kind: 'tiff' });
  if (spawnSync('zip', ['-v']).error === undefined) files.push({ path: srtmZip(o.work), kind: 'srtm' });
  const stations = readFileSync(join(o.root, 'data', 'stations.csv'), 'utf8')
    .split('\n')
    .slice(0, STATION_LINES)
    .join('\n');
  const seeds: Seed[] = [
    { name: 'stations.csv', kind: 'stations', bytes: Buffer.from(`${stations}\n`), landmarks: [] },
    { name: 'series.csv', kind: 'site', bytes: readFileSync(join(o.root, 'data', 'site', 'series.csv')), landmarks: [] },
  ];
  for (const f of files) {
    const bytes = readFileSync(f.path);
    if (o.maxSeedBytes !== undefined && bytes.length > o.maxSeedBytes) continue;
    seeds.push({ name: f.path.replace(/^.*\//, ''), kind: f.kind, bytes, ...(await structure(f.path, f.kind, bytes)) });
  }
  return seeds;
}

async function structure(path: string, kind: SeedKind, bytes: Buffer): Promise<Pick<Seed, 'landmarks' | 'tiff'>> {
  if (kind === 'tiff') return { landmarks: textLandmarks(bytes), tiff: tiffEntries(bytes) };
  if (kind === 'hdf4') return { landmarks: [...hdf4Landmarks(bytes), ...textLandmarks(bytes)] };
  if (kind === 'srtm') return { landmarks: zipLandmarks(bytes) };
  const data = await openDataFile(path);
  try {
    return { landmarks: [...dataFileLandmarks(bytes, data), ...textLandmarks(bytes)] };
  } finally {
    data.close();
  }
}

/** A few bands of a window of a bundled stack, dated, as a small GeoTIFF. */
async function cropStack(from: string, to: string, compression: 'deflate' | 'none'): Promise<string> {
  const s = await readGeoTiffStack(from);
  const { col0, row0, cols, rows, bands } = CROP;
  const data = new Float32Array(bands * rows * cols);
  for (let b = 0; b < bands; b++) {
    for (let r = 0; r < rows; r++) {
      const src = (b * s.grid.height + row0 + r) * s.grid.width + col0;
      data.set(s.data.subarray(src, src + cols), (b * rows + r) * cols);
    }
  }
  const grid = {
    ...s.grid,
    width: cols,
    height: rows,
    originX: s.grid.originX + col0 * s.grid.resX,
    originY: s.grid.originY - row0 * s.grid.resY,
  };
  const dates = s.dates.slice(0, bands).map((d, b) => d ?? `2013-01-0${b + 1}`);
  await writeGeoTiff(to, data, { grid, bands, sampleType: 'float32', nodata: NaN, bandDescriptions: dates, compression, tileSize: 16 });
  return to;
}

/** A small uint8 GeoTIFF whose bands are scaled by metadata items (dataset and band level). */
async function scaledTiff(to: string): Promise<string> {
  const grid = { width: 20, height: 12, originX: 90, originY: 31, resX: 0.05, resY: 0.05, epsg: 4326 };
  const data = Uint8Array.from({ length: 2 * 240 }, (_, i) => (i * 37) % 251);
  await writeGeoTiff(to, data, {
    grid,
    bands: 2,
    sampleType: 'uint8',
    nodata: 255,
    tileSize: 16,
    metadata: { scale_factor: '0.004', add_offset: '0' },
    bandMetadata: [{ scale_factor: '0.02', add_offset: '250' }, {}],
  });
  return to;
}

/** A 3″ SRTM tile (smooth heights, a few voids) zipped as LP DAAC ships it. */
function srtmZip(work: string): string {
  const side = 1201;
  const hgt = join(work, 'N28E086.hgt');
  const bytes = Buffer.alloc(2 * side * side);
  for (let i = 0; i < side * side; i++)
    bytes.writeInt16BE(i % 9973 === 0 ? -32768 : 4000 + Math.round(900 * Math.sin(i / 40000) + (i % side) / 3), 2 * i);
  writeFileSync(hgt, bytes);
  const zip = join(work, 'N28E086.SRTMGL3.hgt.zip');
  execFileSync('zip', ['-q', '-j', zip, hgt]);
  return zip;
}
