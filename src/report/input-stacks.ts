/** The input GeoTIFF stacks a run.json records, read for the report's maps and series. */
import { InputError } from '../../core/errors.js';
import { readGeoTiffStack, type RasterStack } from '../io/geotiff-read.js';
import { applyRescale, type Rescale } from '../contracts/rescale.js';
import { silentLogger, type Logger } from '../log.js';
import type { OutputFolder } from './output-folder.js';

/**
 * The input `key` as a stack, in the units the run fused it in (its configured scale/offset
 * applied, as at load), or null (with a warning) when it moved away or is not a GeoTIFF.
 */
export async function readInputStack(folder: OutputFolder<unknown>, key: string, log: Logger): Promise<RasterStack | null> {
  const path = folder.inputPath(key);
  try {
    if (path) {
      const stack = await readGeoTiffStack(path);
      const configured = (folder.run as { config?: { inputs?: Record<string, unknown> } }).config?.inputs?.[key];
      if (typeof configured === 'object' && configured !== null) applyRescale(key, path, stack.data, configured as Rescale, silentLogger());
      return stack;
    }
    log.warn('REPORT_INPUT_MISSING', `report: the ${key} input recorded in run.json is not there; its panels are left out`);
  } catch (e) {
    // Inputs in other formats (NetCDF, HDF5) are not drawn; the outputs still are.
    if (!(e instanceof InputError)) throw e;
    log.warn('REPORT_INPUT_UNREADABLE', `report: ${e.message}; the ${key} panels are left out`);
  }
  return null;
}
