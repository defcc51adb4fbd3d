/**
 * What each mutated file is fed to: `smfuse info`'s code path and every reader of its kind,
 * read through to the values (a reader that opens fine may still fail on the data).
 */
import { describeFile } from '../../src/io/describe-file.js';
import { readGeoTiffStack } from '../../src/io/geotiff-read.js';
import { openDataFile } from '../../src/io/open-data-file.js';
import { openHdf4 } from '../../src/io/hdf4/hdf4-file.js';
import { openProduct } from '../../src/io/products/open-product.js';
import { readSiteSeries } from '../../src/io/site-series.js';
import { readStations } from '../../src/io/stations.js';
import type { SeedKind } from './seeds.js';

/** Layers read from each product: enough to reach every code path, few enough to stay fast. */
const LAYERS = 2;

export async function feed(file: string, kind: SeedKind): Promise<void> {
  await describeFile(file);
  if (kind === 'stations') await readStations(file);
  else if (kind === 'site') await readSiteSeries(file);
  else {
    if (kind === 'tiff') await readGeoTiffStack(file);
    else if (kind === 'hdf4') readEveryHdf4Dataset(file);
    else if (kind !== 'srtm') await readEveryVariable(file);
    await readProduct(file);
  }
}

async function readEveryVariable(file: string): Promise<void> {
  const data = await openDataFile(file);
  try {
    for (const v of data.variables())
      if (v.type !== 'other')
        data.readRaw(
          v.name,
          v.shape.map(() => 0),
          v.shape,
        );
  } finally {
    data.close();
  }
}

function readEveryHdf4Dataset(file: string): void {
  const h = openHdf4(file);
  try {
    for (const v of h.variables())
      h.readRaw(
        v.name,
        v.shape.map(() => 0),
        v.shape,
      );
  } finally {
    h.close();
  }
}

async function readProduct(file: string): Promise<void> {
  const p = await openProduct(file, 'auto');
  try {
    const window = { row0: 0, col0: 0, rows: p.grid.height, cols: p.grid.width };
    for (let layer = 0; layer < Math.min(LAYERS, p.dates.length); layer++) p.readLayer(layer, window);
  } finally {
    p.close();
  }
}
