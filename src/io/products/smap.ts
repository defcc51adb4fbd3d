/**
 * SMAP L3 radiometer soil moisture, SPL3SMP (36 km) and SPL3SMP_E (9 km), following the
 * NSIDC data-field descriptions: `/Soil_Moisture_Retrieval_Data_AM/soil_moisture` and
 * `/Soil_Moisture_Retrieval_Data_PM/soil_moisture_pm`, float32 [row][col] on EASE-Grid 2.0
 * global (EPSG:6933), fill −9999, cm³/cm³; `retrieval_qual_flag(_pm)` bit 0 set = not
 * recommended quality. The date is in the file name (SMAP_L3_SM_P_YYYYMMDD_…).
 */
import { InputError } from '../../errors.js';
import { ease2GlobalGrid } from '../../grid/crs.js';
import type { GridSpec } from '../../grid/gridspec.js';
import type { DataFile } from '../data-file.js';
import { checkGridShape, dateInFileName, readGridLayer, soilMoistureScale, type ProductFile, type ProductOptions } from './product.js';

const GROUP = { am: '/Soil_Moisture_Retrieval_Data_AM', pm: '/Soil_Moisture_Retrieval_Data_PM' } as const;
const SUFFIX = { am: '', pm: '_pm' } as const;
const NOT_RECOMMENDED = 1;

export function isSmap(data: DataFile): boolean {
  return data.hasVariable(`${GROUP.am}/soil_moisture`) || data.hasVariable(`${GROUP.pm}/soil_moisture_pm`);
}

export function smapFile(data: DataFile, options: ProductOptions = {}): ProductFile {
  const pass = options.pass ?? 'am';
  const name = options.variable ?? `${GROUP[pass]}/soil_moisture${SUFFIX[pass]}`;
  const variable = data.variable(name);
  const grid = smapGrid(data.path, variable.shape);
  checkGridShape(data.path, variable, grid, 'EASE-Grid 2.0');
  const { factor, units } = soilMoistureScale(data.path, variable);
  const flagName = `${GROUP[pass]}/retrieval_qual_flag${SUFFIX[pass]}`;
  const filter = (options.recommendedQuality ?? true) && options.variable === undefined;
  if (filter && !data.hasVariable(flagName)) throw new InputError(data.path, `no ${flagName} for the recommended-quality filter`);
  const layerOf = { data, variable, grid, southUp: false, layerDim: -1, factor };
  return {
    file: data.path, product: 'smap', variable: name, grid, units, dates: [dateInFileName(data.path)],
    readLayer(_layer, window) {
      const sm = readGridLayer(layerOf, 0, window);
      if (!filter) return sm;
      const flags = data.readRaw(flagName, [window.row0, window.col0], [window.rows, window.cols]);
      for (let i = 0; i < sm.length; i++) if (flags[i] & NOT_RECOMMENDED) sm[i] = NaN;
      return sm;
    },
    close: () => data.close(),
  };
}

function smapGrid(file: string, shape: readonly number[]): GridSpec {
  for (const km of [36, 9] as const) {
    const g = ease2GlobalGrid(km);
    if (shape[0] === g.height && shape[1] === g.width) return g;
  }
  throw new InputError(file, `shape [${shape}] is neither the 36 km (406 × 964) nor the 9 km (1624 × 3856) EASE-Grid 2.0`);
}
