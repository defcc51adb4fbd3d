import type { z } from 'zod';
import { ConfigError } from '../../core/errors.js';

/** Validates `raw` against a config schema; every problem is listed with its key path, naming `source`. */
export function validateConfig<S extends z.ZodType>(schema: S, raw: unknown, source: string): z.infer<S> {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(top level)'}: ${i.message}`);
    throw new ConfigError(`${source}: invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  return parsed.data;
}
