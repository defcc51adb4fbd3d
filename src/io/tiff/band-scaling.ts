/**
 * Per-band scale and offset of a GeoTIFF (value = stored · scale + offset), from its
 * GDAL_METADATA items:
 * - GDAL's band scale/offset (role="scale" / role="offset"), which `gdal_translate
 *   -a_scale/-a_offset`, AppEEARS and GDAL's NetCDF/HDF drivers write; GDAL leaves out a
 *   band's 1 and 0, so when any band has them, a band without them is not scaled;
 * - else CF `scale_factor` / `add_offset` items, of the band or else of the dataset, and
 *   only on integer samples: `gdal_translate -unscale` applies the scale to float output
 *   but keeps these items, so on float samples they describe what was already done.
 * MODIS vegetation indices (MOD13/MYD13) store scale_factor = 10000 meaning "divide"
 * (value = (stored − add_offset) / scale_factor); GDAL's HDF4 driver copies it into the band
 * scale unchanged, so a GeoTIFF made from such a granule is recognised by its metadata.
 */
import type { GdalItem } from './gdal-metadata.js';

export interface BandScaling {
  /** Per band, as applied (already inverted for MODIS vegetation indices). */
  readonly scales: number[];
  readonly offsets: number[];
}

/** The scaling of each of `bands` bands, or a sentence saying which item is not a number. */
export function bandScaling(items: readonly GdalItem[], bands: number, integerSamples: boolean): BandScaling | string {
  const own = items.filter((i) => i.domain === '');
  const scales: number[] = [];
  const offsets: number[] = [];
  const modisVi = own.some((i) => i.sample === undefined && isModisVegetationIndex(i));
  const gdalScaled = own.some((i) => i.sample !== undefined && (i.role === 'scale' || i.role === 'offset'));
  for (let b = 0; b < bands; b++) {
    const byRole = (role: string) => own.find((i) => i.sample === b && i.role === role);
    const byName = (name: string) =>
      own.find((i) => i.sample === b && i.role === undefined && i.name === name) ??
      own.find((i) => i.sample === undefined && i.name === name);
    const scaleItem = gdalScaled ? byRole('scale') : integerSamples ? byName('scale_factor') : undefined;
    const offsetItem = gdalScaled ? byRole('offset') : integerSamples ? byName('add_offset') : undefined;
    let scale = number(scaleItem, 1);
    let offset = number(offsetItem, 0);
    if (typeof scale === 'string') return `band ${b + 1}: ${scale}`;
    if (typeof offset === 'string') return `band ${b + 1}: ${offset}`;
    if (scale === 0) return `band ${b + 1}: scale ${scaleItem!.name} is 0, which would erase the values`;
    if (modisVi && scale > 1) {
      offset = offset === 0 ? 0 : -offset / scale;
      scale = 1 / scale;
    }
    scales.push(scale);
    offsets.push(offset);
  }
  return { scales, offsets };
}

function number(item: GdalItem | undefined, absent: number): number | string {
  if (item === undefined) return absent;
  const v = Number(item.value.trim());
  return item.value.trim() !== '' && Number.isFinite(v) ? v : `${item.name} "${item.value}" is not a number`;
}

/** MOD13/MYD13 granule metadata, as GDAL's HDF4 driver copies it. */
function isModisVegetationIndex(i: GdalItem): boolean {
  return (
    (i.name === 'SHORTNAME' && /^M[OY]D13/.test(i.value.trim())) || (i.name === 'identifier_product_doi' && /MODIS\/M[OY]D13/.test(i.value))
  );
}

/** Scales each band of a [band][cell] stack in place; NaN (missing) stays NaN. */
export function applyBandScaling(data: Float32Array, plane: number, s: BandScaling): void {
  for (let b = 0; b < s.scales.length; b++) {
    const scale = s.scales[b];
    const offset = s.offsets[b];
    if (scale === 1 && offset === 0) continue;
    const end = (b + 1) * plane;
    for (let i = b * plane; i < end; i++) data[i] = data[i] * scale + offset;
  }
}
