import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeGeoTiff } from '../io/geotiff-write.js';
import { formatStationsCsv } from '../io/stations.js';
import type { SyntheticSample } from './synthetic-tp.js';

/** The demo configuration the sample ships with (paths relative to the out folder). */
export const SAMPLE_RUN_CONFIG = {
  year: 2013,
  seed: 7,
  out: '../out',
  inputs: { ecv: 'ecv.tif', fy: 'fy.tif', lst: 'lst.tif', ndvi: 'ndvi.tif', albedo: 'albedo.tif', dem: 'dem.tif' },
  stations: 'stations.csv',
  truth: 'truth.tif',
  grnn: { windowDeg: 1, subsets: 5, sigmas: 'auto', minSamples: 30 },
};

/**
 * Writes a sample as smfuse inputs into `out`: one GeoTIFF stack per variable, the DEM,
 * stations.csv and a run.json whose paths are relative to `out`.
 */
export async function writeSample(sample: SyntheticSample, out: string, provenance: Record<string, string>): Promise<void> {
  const { grid, dates } = sample;
  const daily = async (name: string, data: Float32Array, variable: string, units: string) =>
    writeGeoTiff(join(out, `${name}.tif`), data, {
      grid,
      bands: dates.length,
      sampleType: 'float32',
      nodata: NaN,
      bandDescriptions: dates,
      metadata: { ...provenance, variable, units },
    });
  await daily('ecv', sample.ecv, 'ECV-like soil moisture', 'm3/m3');
  await daily('fy', sample.fy, 'FY-3B-like soil moisture', 'm3/m3');
  await daily('truth', sample.truth, 'true soil moisture', 'm3/m3');
  await daily('lst', sample.lst, 'daytime land surface temperature', 'K');
  await daily('ndvi', sample.ndvi, 'NDVI', '1');
  await daily('albedo', sample.albedo, 'albedo', '1');
  await writeGeoTiff(join(out, 'dem.tif'), sample.dem, {
    grid,
    bands: 1,
    sampleType: 'float32',
    nodata: NaN,
    bandDescriptions: ['elevation'],
    metadata: { ...provenance, variable: 'elevation', units: 'm' },
  });
  await writeFile(join(out, 'stations.csv'), formatStationsCsv(sample.stations));
  await writeFile(join(out, 'run.json'), `${JSON.stringify(SAMPLE_RUN_CONFIG, null, 2)}\n`);
}
