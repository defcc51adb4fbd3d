/**
 * ESA CCI SM L3S files (COMBINED, ACTIVE, PASSIVE; v02.x stores `sm` as short with
 * scale_factor, v03+ as float) and C3S SM (c3s.ts), which share the layout: 0.25° global
 * lon/lat, latitude north → south, one time step. COMBINED and PASSIVE are m³/m³; ACTIVE
 * is % of saturation and stays so. Daily, dekadal and monthly files are told apart
 * (ecv-period.ts): a dekadal or monthly layer carries its period.
 */
import { InputError } from '../../../core/errors.js';
import { attrString, type DataFile } from '../data-file.js';
import { decodeCfDates, gregorianSteps } from '../cf-time.js';
import { ecvPeriod } from './ecv-period.js';
import { latLonGrid } from './latlon-grid.js';
import { checkGridShape, readGridLayer, soilMoistureScale, type ProductFile, type ProductOptions } from './product.js';

export function isEsaCci(data: DataFile): boolean {
  return (
    /soil ?moisture cci|ESA CCI/i.test(`${attrString(data.globalAttrs, 'title') ?? ''} ${attrString(data.globalAttrs, 'project') ?? ''}`) &&
    data.hasVariable('sm')
  );
}

export function esaCciFile(data: DataFile, options: ProductOptions = {}): ProductFile {
  return ecvSoilMoistureFile(data, options, 'esa-cci');
}

/** A file of the ESA CCI / C3S SM layout, read as `product`. */
export function ecvSoilMoistureFile(data: DataFile, options: ProductOptions, product: 'esa-cci' | 'c3s'): ProductFile {
  const name = options.variable ?? 'sm';
  const variable = data.variable(name);
  const { grid, southUp } = latLonGrid(data, 'lat', 'lon');
  checkGridShape(data.path, variable, grid, 'lat × lon');
  const time = data.variable('time');
  const labels = decodeCfDates(
    data.path,
    data.readRaw('time', [0], [time.shape[0]]),
    attrString(time.attrs, 'units'),
    attrString(time.attrs, 'calendar'),
  );
  if (variable.shape.length !== 3 || variable.shape[0] !== labels.length) {
    throw new InputError(
      data.path,
      `${name}: expected [time, lat, lon] with ${labels.length} time step(s), found shape [${variable.shape}]`,
    );
  }
  const { dates, layers } = gregorianSteps(data.path, labels, options.log);
  const period = ecvPeriod(data, dates);
  const { factor, units } =
    name === 'sm' || name === 'sm_uncertainty'
      ? soilMoistureScale(data.path, variable)
      : { factor: 1, units: attrString(variable.attrs, 'units') ?? '1' };
  return {
    file: data.path,
    product,
    variable: name,
    grid,
    units,
    dates: period.dates,
    period: period.period,
    readLayer: (layer, window) => readGridLayer({ data, variable, grid, southUp, layerDim: 0, factor }, layers[layer], window),
    close: () => data.close(),
  };
}
