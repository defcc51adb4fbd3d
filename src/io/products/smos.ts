/**
 * SMOS CATDS Level 3 soil moisture (SM_…_MIR_CLF31A/D daily, CLF33 3-day, CLF3E 10-day,
 * CLF3M monthly) and Level 4 root-zone (RZSM) NetCDF-4 files: `Soil_Moisture` [lat, lon]
 * (or [time, lat, lon]) on EASE-Grid 2.0 global 25 km (1388 × 584, or a crop), with 1-D
 * `lat` and `lon` of cell centres, units "m3.m-3" (float, or int16 × scale_factor).
 * The latitudes of EASE-Grid 2.0 rows are not evenly spaced, so the grid is recognised
 * from the values: every latitude, projected to EPSG:6933, must be a row centre of the
 * 25 km (or 36 / 9 km) grid, and every longitude a column centre.
 */
import { InputError } from '../../../core/errors.js';
import { attrString, type DataFile } from '../data-file.js';
import { ease2ColsOfLongitudes, ease2RowsOfLatitudes, ease2Window } from './ease2-grid.js';
import { checkGridShape, dateInFileName, readGridLayer, soilMoistureScale, type ProductFile, type ProductOptions } from './product.js';

const VARIABLES = ['Soil_Moisture', 'RZSM'];
/** CATDS L3 product codes → the period one file stands for. */
const PERIODS: Record<string, string> = { CLF31: 'P1D', CLF33: 'P3D', CLF3E: 'P10D', CLF3M: 'P1M' };

export function isSmos(data: DataFile): boolean {
  const said = `${data.path.replace(/^.*\//, '')} ${attrString(data.globalAttrs, 'title') ?? ''} ${attrString(data.globalAttrs, 'source') ?? ''} ${attrString(data.globalAttrs, 'institution') ?? ''}`;
  return (
    /SMOS|CATDS|MIR_CL[FP]|MIR_CDF/i.test(said) &&
    VARIABLES.some((v) => data.hasVariable(v)) &&
    data.hasVariable('lat') &&
    data.hasVariable('lon')
  );
}

export function smosFile(data: DataFile, options: ProductOptions = {}): ProductFile {
  const name = options.variable ?? VARIABLES.find((v) => data.hasVariable(v));
  if (!name) throw new InputError(data.path, `no SMOS soil-moisture variable (${VARIABLES.join(', ')})`);
  const variable = data.variable(name);
  const lat = axis(data, 'lat');
  const lon = axis(data, 'lon');
  const rows = ease2RowsOfLatitudes(lat);
  const col0 = rows ? ease2ColsOfLongitudes(rows.km, lon) : null;
  if (!rows || col0 === null) {
    throw new InputError(
      data.path,
      `lat/lon (${lat.length} × ${lon.length}, lat ${lat[0]} … ${lat[lat.length - 1]}) are not the cell centres of an EASE-Grid 2.0 global grid (25, 36 or 9 km): not a SMOS CATDS grid`,
    );
  }
  const southUp = rows.step === -1;
  const grid = ease2Window(rows.km, southUp ? rows.row0 - lat.length + 1 : rows.row0, col0, lat.length, lon.length);
  checkGridShape(data.path, variable, grid, 'lat × lon');
  const rank = variable.shape.length;
  if (rank > 3 || (rank === 3 && variable.shape[0] !== 1))
    throw new InputError(data.path, `${name}: shape [${variable.shape}]; expected [lat, lon] or one time step`);
  const { factor, units } = soilMoistureScale(data.path, variable);
  const code = /MIR_(CLF3[13EM])/i.exec(data.path.replace(/^.*\//, ''))?.[1].toUpperCase();
  return {
    file: data.path,
    product: 'smos',
    variable: name,
    grid,
    units,
    dates: [dateInFileName(data.path)],
    period: code ? PERIODS[code] : undefined,
    readLayer: (_layer, window) => readGridLayer({ data, variable, grid, southUp, layerDim: rank === 3 ? 0 : -1, factor }, 0, window),
    close: () => data.close(),
  };
}

function axis(data: DataFile, name: string): Float64Array {
  const v = data.variable(name);
  if (v.shape.length !== 1 || v.shape[0] < 2)
    throw new InputError(data.path, `${name}: expected a 1-D coordinate with 2 or more values, found shape [${v.shape}]`);
  return Float64Array.from(data.readRaw(name, [0], [v.shape[0]]));
}
