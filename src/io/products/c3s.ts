/**
 * Copernicus Climate Change Service (C3S) Soil Moisture: the ESA CCI SM layout (esa-cci.ts)
 * under C3S's own names (C3S-SOILMOISTURE-L3S-SSMV-{ACTIVE,PASSIVE,COMBINED}-{DAILY,
 * DEKADAL,MONTHLY}-…-{TCDR,ICDR}-v….nc), recognised by its global attributes so
 * `--product auto` takes it. A product of its own, not `esa-cci`, so a run's inputs say
 * which record they came from.
 */
import { attrString, type DataFile } from '../data-file.js';
import { ecvSoilMoistureFile } from './esa-cci.js';
import type { ProductFile, ProductOptions } from './product.js';

export function isC3s(data: DataFile): boolean {
  const a = data.globalAttrs;
  const said = ['title', 'project', 'id', 'summary'].map((k) => attrString(a, k) ?? '').join(' ');
  return /\bC3S\b|Copernicus Climate Change Service/i.test(said) && data.hasVariable('sm');
}

export function c3sFile(data: DataFile, options: ProductOptions = {}): ProductFile {
  return ecvSoilMoistureFile(data, options, 'c3s');
}
