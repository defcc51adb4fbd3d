import type { Logger } from '../log.js';
import { checkRange, type InputValues, type ValueRange } from './check-range.js';
import { checkUnits } from './check-units.js';
import { applyRescale, rescales, type Rescale } from './rescale.js';
import { INPUT_ROLES, ROLES } from './roles.js';

export interface LoadedInput extends InputValues, Rescale {
  /** The file's units attribute; undefined when it declares none. */
  readonly units?: string;
}

/**
 * An input just read, held to its role's contract (src/contracts/roles.ts): the configured
 * scale/offset applied in place, then its units attribute and its values checked.
 */
export function enforceInputContract(input: LoadedInput, log: Logger): ValueRange {
  const role = ROLES[INPUT_ROLES[input.key]];
  applyRescale(input.key, input.file, input.data, input, log);
  checkUnits(input.key, input.file, input.units || undefined, role, rescales(input), log);
  return checkRange(input, role, log);
}
