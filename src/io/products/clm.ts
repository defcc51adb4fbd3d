/**
 * CLM5.0 history files (NetCDF classic or NetCDF-4): `H2OSOI` [time, levsoi, lat, lon] in
 * mm³/mm³, top layer; or `SOILLIQ` (kg m⁻²) / (1000 kg m⁻³ · DZSOI) of the top layer.
 * lat runs south → north, lon 0 … 360 (the regridding wraps it onto −180 … 180); `time`
 * has units and a calendar (usually noleap) and, for averaged steps, bounds.
 */
import { InputError } from '../../../core/errors.js';
import { attrString, type DataFile } from '../data-file.js';
import { decodeCfDates, gregorianSteps } from '../cf-time.js';
import { latLonGrid } from './latlon-grid.js';
import { checkGridShape, readGridLayer, soilMoistureScale, type ProductFile, type ProductOptions } from './product.js';

const WATER_DENSITY = 1000;

export function isClm(data: DataFile): boolean {
  return (data.hasVariable('H2OSOI') || data.hasVariable('SOILLIQ')) && data.hasVariable('time');
}

export function clmFile(data: DataFile, options: ProductOptions = {}): ProductFile {
  const name = options.variable ?? (data.hasVariable('H2OSOI') ? 'H2OSOI' : 'SOILLIQ');
  const variable = data.variable(name);
  const { grid, southUp } = latLonGrid(data, 'lat', 'lon');
  checkGridShape(data.path, variable, grid, 'lat × lon');
  const labels = clmDates(data);
  if (variable.shape[0] !== labels.length)
    throw new InputError(data.path, `${name}: first dimension ${variable.shape[0]} is not time (${labels.length} steps)`);
  const { dates, layers } = gregorianSteps(data.path, labels, options.log);
  const { factor, units } =
    name === 'SOILLIQ' ? { factor: 1 / (WATER_DENSITY * topLayerThickness(data)), units: 'm3/m3' } : soilMoistureScale(data.path, variable);
  return {
    file: data.path,
    product: 'clm',
    variable: name,
    grid,
    units,
    dates,
    readLayer: (layer, window) => readGridLayer({ data, variable, grid, southUp, layerDim: 0, factor }, layers[layer], window),
    close: () => data.close(),
  };
}

/**
 * One date per time step, in the file's calendar. CLM stamps an averaged step at the end
 * of its interval (the mean of 1 January has time 1.0, i.e. 2 January 00:00), so when
 * `time` names CF `bounds` (CLM5: `time_bounds`) a step is dated by its interval's first day.
 */
function clmDates(data: DataFile): string[] {
  const time = data.variable('time');
  const n = time.shape[0];
  const units = attrString(time.attrs, 'units');
  const calendar = attrString(time.attrs, 'calendar') ?? 'noleap';
  const boundsName = attrString(time.attrs, 'bounds');
  if (boundsName === undefined || !data.hasVariable(boundsName))
    return decodeCfDates(data.path, data.readRaw('time', [0], [n]), units, calendar);
  const bounds = data.variable(boundsName);
  if (bounds.shape.length !== 2 || bounds.shape[0] !== n || bounds.shape[1] !== 2) {
    throw new InputError(data.path, `${boundsName}: shape [${bounds.shape}] is not [${n}, 2] (the bounds of time)`);
  }
  const starts = data.readRaw(boundsName, [0, 0], [n, 1]);
  return decodeCfDates(data.path, starts, attrString(bounds.attrs, 'units') ?? units, attrString(bounds.attrs, 'calendar') ?? calendar);
}

/** DZSOI of the top layer (m), which CLM5 sets the same everywhere. */
function topLayerThickness(data: DataFile): number {
  const v = data.variable('DZSOI');
  const count = v.shape.map((n, i) => (i === 0 ? 1 : n));
  const dz = data.readRaw(
    'DZSOI',
    v.shape.map(() => 0),
    count,
  );
  let value = NaN;
  for (let i = 0; i < dz.length; i++) {
    if (!(dz[i] > 0 && dz[i] < 1e3)) continue;
    if (Number.isNaN(value)) value = dz[i];
    else if (Math.abs(dz[i] - value) > 1e-6 * value)
      throw new InputError(data.path, 'DZSOI of the top layer varies between cells: SOILLIQ cannot be converted with one thickness');
  }
  if (Number.isNaN(value)) throw new InputError(data.path, 'DZSOI has no valid top-layer thickness');
  return value;
}
