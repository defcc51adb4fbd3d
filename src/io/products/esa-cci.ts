/**
 * ESA CCI SM L3S daily files (COMBINED, ACTIVE, PASSIVE; v02.x stores `sm` as short with
 * scale_factor, v03+ as float). 0.25° global lon/lat, latitude north → south, one time step.
 * COMBINED and PASSIVE are m³/m³; ACTIVE is % of saturation and stays so.
 */
import { InputError } from '../../errors.js';
import { attrString, type DataFile } from '../data-file.js';
import { decodeCfDates } from '../cf-time.js';
import { latLonGrid } from './latlon-grid.js';
import { checkGridShape, readGridLayer, soilMoistureScale, type ProductFile, type ProductOptions } from './product.js';

export function isEsaCci(data: DataFile): boolean {
  return /soil ?moisture cci|ESA CCI/i.test(`${attrString(data.globalAttrs, 'title') ?? ''} ${attrString(data.globalAttrs, 'project') ?? ''}`) &&
    data.hasVariable('sm');
}

export function esaCciFile(data: DataFile, options: ProductOptions = {}): ProductFile {
  const name = options.variable ?? 'sm';
  const variable = data.variable(name);
  const { grid, southUp } = latLonGrid(data, 'lat', 'lon');
  checkGridShape(data.path, variable, grid, 'lat × lon');
  const time = data.variable('time');
  const dates = decodeCfDates(data.path, data.readRaw('time', [0], [time.shape[0]]), attrString(time.attrs, 'units'), attrString(time.attrs, 'calendar'));
  if (variable.shape.length !== 3 || variable.shape[0] !== dates.length) {
    throw new InputError(data.path, `${name}: expected [time, lat, lon] with ${dates.length} time step(s), found shape [${variable.shape}]`);
  }
  const { factor, units } = name === 'sm' || name === 'sm_uncertainty'
    ? soilMoistureScale(data.path, variable)
    : { factor: 1, units: attrString(variable.attrs, 'units') ?? '1' };
  return {
    file: data.path, product: 'esa-cci', variable: name, grid, units, dates,
    readLayer: (layer, window) => readGridLayer({ data, variable, grid, southUp, layerDim: 0, factor }, layer, window),
    close: () => data.close(),
  };
}
