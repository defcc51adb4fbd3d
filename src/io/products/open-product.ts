/** Opens a file as a product: the named one, or (`auto`) the one its content says. */
import { InputError } from '../../../core/errors.js';
import type { DataFile } from '../data-file.js';
import { openDataFile } from '../open-data-file.js';
import { sniffFormat } from '../sniff.js';
import { c3sFile, isC3s } from './c3s.js';
import { clmFile, isClm } from './clm.js';
import { esaCciFile, isEsaCci } from './esa-cci.js';
import { fy3bFile, isFy3b } from './fy3b.js';
import { geotiffFile } from './geotiff-product.js';
import { openHdf4 } from '../hdf4/hdf4-file.js';
import { modisFile } from './modis.js';
import type { ProductName } from '../../config/product-names.js';
import type { ProductFile, ProductOptions } from './product.js';
import { isSmap, smapFile } from './smap.js';
import { isSmos, smosFile } from './smos.js';
import { srtmFile } from './srtm.js';

const READERS: Record<
  Exclude<ProductName, 'geotiff' | 'modis' | 'srtm'>,
  { test: (d: DataFile) => boolean; open: (d: DataFile, o: ProductOptions) => ProductFile }
> = {
  c3s: { test: isC3s, open: c3sFile },
  'esa-cci': { test: isEsaCci, open: esaCciFile },
  smap: { test: isSmap, open: smapFile },
  fy3b: { test: isFy3b, open: fy3bFile },
  clm: { test: isClm, open: clmFile },
  smos: { test: isSmos, open: smosFile },
};

export async function openProduct(path: string, product: ProductName | 'auto', options: ProductOptions = {}): Promise<ProductFile> {
  const format = await sniffFormat(path);
  if (format === 'geotiff') {
    if (product !== 'auto' && product !== 'geotiff') throw new InputError(path, `is a GeoTIFF, not a ${product} file`);
    return geotiffFile(path);
  }
  if (product === 'geotiff') throw new InputError(path, `is ${format}, not a GeoTIFF`);
  if (format === 'hdf4') {
    if (product !== 'auto' && product !== 'modis') throw new InputError(path, `is HDF4, not a ${product} file`);
    const h = openHdf4(path);
    try {
      return modisFile(h, options);
    } catch (err) {
      h.close();
      throw err;
    }
  }
  if (product === 'modis') throw new InputError(path, `is ${format}, not an HDF4-EOS (MODIS) file`);
  if (format === 'srtm') {
    if (product !== 'auto' && product !== 'srtm') throw new InputError(path, `is an SRTM tile, not a ${product} file`);
    return srtmFile(path);
  }
  if (product === 'srtm') throw new InputError(path, `is ${format}, not an SRTM tile (N28E086.hgt or N28E086.SRTMGL1.hgt.zip)`);
  const data = await openDataFile(path);
  try {
    const name = product !== 'auto' ? product : (Object.keys(READERS) as (keyof typeof READERS)[]).find((k) => READERS[k].test(data));
    if (!name) throw new InputError(path, `cannot tell which product this is (give --product ${Object.keys(READERS).join('|')})`);
    return READERS[name].open(data, options);
  } catch (err) {
    data.close();
    throw err;
  }
}
