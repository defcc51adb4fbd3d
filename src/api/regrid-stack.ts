import type { GridSpec } from '../grid/gridspec.js';
import { applyRegrid, planRegrid, type Resampling } from '../grid/regrid.js';

/**
 * An in-memory stack regridded onto `target`: one plan (grid/regrid.ts, gdalwarp's
 * kernels) applied to every band. `data` is [band][row][col] on `source` (NaN = missing);
 * the result is [band][row][col] on `target`, NaN where no valid source cell contributes.
 * @throws RangeError when `data` is not a whole number of `source` planes.
 */
export function regridStack(data: Float32Array, source: GridSpec, target: GridSpec, method: Resampling = 'nearest'): Float32Array {
  const plane = source.width * source.height;
  if (plane === 0 || data.length % plane !== 0)
    throw new RangeError(`${data.length} values are not whole ${source.width}×${source.height} bands`);
  const bands = data.length / plane;
  const plan = planRegrid(source, target, method);
  const { row0, col0, rows, cols } = plan.window;
  const window = new Float32Array(rows * cols);
  const targetPlane = target.width * target.height;
  const out = new Float32Array(bands * targetPlane);
  for (let b = 0; b < bands; b++) {
    // the plan indexes the source window it was made for, row by row
    for (let r = 0; r < rows; r++) {
      const from = b * plane + (row0 + r) * source.width + col0;
      window.set(data.subarray(from, from + cols), r * cols);
    }
    applyRegrid(plan, window, out, b * targetPlane);
  }
  return out;
}
