/**
 * FY-3B MWRI L3 daily soil moisture (NSMC), one file per day and pass (…MWRIA… ascending,
 * …MWRID… descending): an int16 [586][1383] dataset on EASE-Grid v1 global 25 km
 * (EPSG:3410), physical = Slope · DN + Intercept (FY-3 HDF attributes; CF scale_factor /
 * add_offset are honoured too), fill from `FillValue` or `_FillValue`, cm³/cm³.
 * Dataset names tried in order: SM, Soil_Moisture, VSM (or `variable`).
 */
import { InputError } from '../../errors.js';
import { ease1Global25kmGrid } from '../../grid/crs.js';
import { attrNumbers, attrString, type Attribute, type DataFile, type VariableInfo } from '../data-file.js';
import { checkGridShape, dateInFileName, readGridLayer, soilMoistureScale, type ProductFile, type ProductOptions } from './product.js';

const DATASETS = ['/SM', '/Soil_Moisture', '/VSM'];

export function isFy3b(data: DataFile): boolean {
  return /FY3B/i.test(data.path.replace(/^.*\//, '')) && DATASETS.some((d) => data.hasVariable(d));
}

export function fy3bFile(data: DataFile, options: ProductOptions = {}): ProductFile {
  const name = options.variable ?? DATASETS.find((d) => data.hasVariable(d));
  if (!name) throw new InputError(data.path, `no FY-3B soil-moisture dataset (${DATASETS.join(', ')})`);
  const variable = asCf(data.variable(name));
  const grid = ease1Global25kmGrid();
  checkGridShape(data.path, variable, grid, 'EASE-Grid v1 25 km');
  const { factor, units } = attrString(variable.attrs, 'units') === undefined ? { factor: 1, units: 'm3/m3' } : soilMoistureScale(data.path, variable);
  return {
    file: data.path, product: 'fy3b', variable: name, grid, units, dates: [dateInFileName(data.path)],
    readLayer: (_layer, window) => readGridLayer({ data, variable, grid, southUp: false, layerDim: -1, factor }, 0, window),
    close: () => data.close(),
  };
}

/** FY-3 packing attributes (Slope, Intercept, FillValue) under their CF names. */
function asCf(v: VariableInfo): VariableInfo {
  const attrs: Record<string, Attribute> = { ...v.attrs };
  const map = [['Slope', 'scale_factor'], ['Intercept', 'add_offset'], ['FillValue', '_FillValue']] as const;
  for (const [fy, cf] of map) {
    const x = attrNumbers(v.attrs, fy);
    if (x !== undefined && attrs[cf] === undefined) attrs[cf] = { type: v.attrs[fy].type, value: x };
  }
  return { ...v, attrs };
}
