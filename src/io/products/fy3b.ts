/**
 * FY-3B/3C/3D MWRI daily soil moisture (NSMC), named as NSMC ships it:
 * FY3B_MWRIX_GBAL_L2_VSM_MLT_ESD_20130101_POAD_025KM_MS.HDF, FY3C_MWRIA_…, FY3D_MWRID_…
 * (satellite, MWRI + A ascending / D descending / X either, the date after ESD): an int16
 * [586][1383] dataset on EASE-Grid v1 global 25 km (EPSG:3410), physical = Slope · DN +
 * Intercept (FY-3 HDF attributes; CF scale_factor / add_offset are honoured too), fill
 * from `FillValue` or `_FillValue` (−999), cm³/cm³. Dataset names tried in order:
 * `Soil Moisture`, SM, Soil_Moisture, VSM (or `variable`). No NSMC format document is
 * public: this follows the layout the issue and the product literature describe
 * (data/PROVENANCE.md), and a file whose name says the other pass than --pass is refused.
 */
import { InputError } from '../../../core/errors.js';
import { ease1Global25kmGrid } from '../../grid/crs.js';
import { attrNumbers, attrString, type Attribute, type DataFile, type VariableInfo } from '../data-file.js';
import { checkGridShape, dateInFileName, readGridLayer, soilMoistureScale, type ProductFile, type ProductOptions } from './product.js';

const DATASETS = ['/Soil Moisture', '/SM', '/Soil_Moisture', '/VSM'];
/** FY3B/FY3C/FY3D, MWRI with the pass letter. */
const NAME = /FY3([BCD])_MWRI([AXD])_/i;

export function isFy3b(data: DataFile): boolean {
  return NAME.test(data.path.replace(/^.*\//, '')) && DATASETS.some((d) => data.hasVariable(d));
}

export function fy3bFile(data: DataFile, options: ProductOptions = {}): ProductFile {
  const name = options.variable ?? DATASETS.find((d) => data.hasVariable(d));
  if (!name) throw new InputError(data.path, `no FY-3 MWRI soil-moisture dataset (${DATASETS.join(', ')})`);
  const pass = NAME.exec(data.path.replace(/^.*\//, ''))?.[2].toUpperCase();
  const wanted = options.pass === undefined ? undefined : options.pass === 'am' ? 'A' : 'D';
  if (wanted && pass && pass !== 'X' && pass !== wanted) {
    throw new InputError(
      data.path,
      `the name says the ${pass === 'A' ? 'ascending' : 'descending'} pass (MWRI${pass}) but --pass ${options.pass} asks for the ${wanted === 'A' ? 'ascending' : 'descending'} one`,
    );
  }
  const variable = asCf(data.variable(name));
  const grid = ease1Global25kmGrid();
  checkGridShape(data.path, variable, grid, 'EASE-Grid v1 25 km');
  const { factor, units } =
    attrString(variable.attrs, 'units') === undefined ? { factor: 1, units: 'm3/m3' } : soilMoistureScale(data.path, variable);
  return {
    file: data.path,
    product: 'fy3b',
    variable: name,
    grid,
    units,
    dates: [dateInFileName(data.path)],
    readLayer: (_layer, window) => readGridLayer({ data, variable, grid, southUp: false, layerDim: -1, factor }, 0, window),
    close: () => data.close(),
  };
}

/** FY-3 packing attributes (Slope, Intercept, FillValue) under their CF names. */
function asCf(v: VariableInfo): VariableInfo {
  const attrs: Record<string, Attribute> = { ...v.attrs };
  const map = [
    ['Slope', 'scale_factor'],
    ['Intercept', 'add_offset'],
    ['FillValue', '_FillValue'],
  ] as const;
  for (const [fy, cf] of map) {
    const x = attrNumbers(v.attrs, fy);
    if (x !== undefined && attrs[cf] === undefined) attrs[cf] = { type: v.attrs[fy].type, value: x };
  }
  return { ...v, attrs };
}
