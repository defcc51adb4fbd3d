import { fromFile } from 'geotiff';
import { gdalItems } from './tiff/gdal-metadata.js';

/**
 * The units a GeoTIFF declares for its values, as GDAL writes them: band 1's unit type
 * (`gdal_edit.py -units`), else a band 1 or dataset `units` metadata item (what smfuse and
 * gdal_translate from NetCDF write). Undefined when it declares none or is no TIFF; the
 * file was read (and its errors reported) already, so this only opens its first directory.
 */
export async function geoTiffUnits(path: string): Promise<string | undefined> {
  let xml: string;
  try {
    const tiff = await fromFile(path);
    try {
      const fd = (await tiff.getImage(0)).getFileDirectory();
      if (!fd.hasTag('GDAL_METADATA')) return undefined;
      xml = String(await fd.loadValue('GDAL_METADATA'));
    } finally {
      await tiff.close();
    }
  } catch {
    return undefined;
  }
  const items = gdalItems(xml).filter((i) => i.domain === '');
  const band1 = (name: string, role?: string) =>
    items.find((i) => i.sample === 0 && i.role === role && i.name.toLowerCase() === name)?.value;
  return (
    band1('unittype', 'unittype') ?? band1('units') ?? items.find((i) => i.sample === undefined && i.name.toLowerCase() === 'units')?.value
  );
}
