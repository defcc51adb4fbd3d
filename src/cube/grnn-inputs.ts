import type { GridSpec } from '../grid/gridspec.js';
import type { ReferenceData } from './masks.js';

/** What GRNN fuses: the two SM products (ECV, FY) and the reference data, on one grid, [day][row][col]. */
export interface GrnnInputs extends ReferenceData {
  readonly grid: GridSpec;
  readonly ecv: Float32Array;
  readonly fy: Float32Array;
}
