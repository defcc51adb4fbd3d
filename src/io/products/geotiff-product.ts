/** Any GeoTIFF as a product: its bands are the layers, dated by band description. */
import type { PixelWindow } from '../../grid/regrid.js';
import { readGeoTiffStack } from '../geotiff-read.js';
import type { ProductFile } from './product.js';

export async function geotiffFile(path: string): Promise<ProductFile> {
  const s = await readGeoTiffStack(path);
  const plane = s.grid.width * s.grid.height;
  return {
    file: path,
    product: 'geotiff',
    variable: 'band',
    grid: s.grid,
    units: '',
    dates: s.dates,
    readLayer(layer: number, w: PixelWindow) {
      const out = new Float32Array(w.rows * w.cols);
      for (let r = 0; r < w.rows; r++) {
        const from = layer * plane + (w.row0 + r) * s.grid.width + w.col0;
        out.set(s.data.subarray(from, from + w.cols), r * w.cols);
      }
      return out;
    },
    close: () => undefined,
  };
}
