import type { Logger } from '../log.js';

/** A configured linear conversion of an input's stored values: value × scale + offset. */
export interface Rescale {
  readonly scale?: number;
  readonly offset?: number;
}

/** Whether `r` changes any value. */
export function rescales(r: Rescale): boolean {
  return (r.scale ?? 1) !== 1 || (r.offset ?? 0) !== 0;
}

/** Applies the input's scale/offset in place (NaN stays missing) and says so with INPUT_RESCALED, counting the values. */
export function applyRescale(key: string, file: string, data: Float32Array, r: Rescale, log: Logger): void {
  if (!rescales(r)) return;
  const scale = r.scale ?? 1;
  const offset = r.offset ?? 0;
  let valid = 0;
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (v !== v) continue;
    data[i] = v * scale + offset;
    valid++;
  }
  log.warn(
    'INPUT_RESCALED',
    `${file}: input ${key} converted at load: value × ${scale} + ${offset} (scale/offset in the configuration)`,
    valid,
  );
}
