import { InputError } from '../../core/errors.js';
import type { Logger } from '../log.js';
import { normaliseUnits, type InputRole } from './roles.js';

/**
 * A units attribute against the role: one that contradicts it (degC on LST, % on albedo)
 * is an InputError with the fix, unless the input sets `scale`/`offset` (then the
 * attribute describes the stored values, and the converted ones are range-checked).
 * An attribute smfuse does not know is an INPUT_SUSPICIOUS warning; none says nothing.
 */
export function checkUnits(key: string, file: string, units: string | undefined, role: InputRole, rescaled: boolean, log: Logger): void {
  if (units === undefined) return;
  const u = normaliseUnits(units);
  if (role.units.includes(u)) return;
  const fix = role.wrongUnits[u];
  if (fix !== undefined) {
    if (rescaled) return;
    throw new InputError(file, `units "${units}" of input ${key} contradict ${role.what} (${role.unit}). Fix: ${fix}`);
  }
  log.warn(
    'INPUT_SUSPICIOUS',
    `${file}: input ${key} has units "${units}", not a unit smfuse knows for ${role.what} (${role.unit}); only its value range is checked`,
  );
}
