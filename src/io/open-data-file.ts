import { InputError } from '../../core/errors.js';
import type { DataFile } from './data-file.js';
import { openHdf5 } from './hdf5.js';
import { openNetcdfClassic } from './netcdf.js';
import { sniffFormat } from './sniff.js';

/** Opens a NetCDF classic, NetCDF-4 or HDF5 file, whatever its name says. */
export async function openDataFile(path: string): Promise<DataFile> {
  const format = await sniffFormat(path);
  if (format === 'netcdf-classic') return openNetcdfClassic(path);
  if (format === 'hdf5') return openHdf5(path);
  throw new InputError(path, `is ${format}, not NetCDF or HDF5`);
}
