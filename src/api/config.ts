import { ConfigError } from '../../core/errors.js';
import { parsePixelMethodConfig, type PixelMethodConfig } from '../config/pixel-method-config.js';
import { configDir, parseGrnnConfig, readJsonConfig, type GrnnConfig } from '../config/grnn-config.js';

/**
 * Reads and validates a GRNN configuration file (the `run.json` of `smfuse grnn --config`).
 * Paths in it are relative to the file and come back absolute; `overrides` replace
 * top-level keys before validation (e.g. `{ out: '/tmp/run', threads: 2 }`).
 * @throws ConfigError when the file cannot be read, is not JSON or does not validate.
 */
export async function loadGrnnConfig(file: string, overrides: Record<string, unknown> = {}): Promise<GrnnConfig> {
  return parseGrnnConfig({ ...(await configObject(file)), ...overrides }, file, configDir(file));
}

/**
 * Reads and validates a gridded BPANN / EnKF configuration file (the `run.json` of
 * `smfuse bpann|enkf --config`), as {@link loadGrnnConfig}.
 * @throws ConfigError when the file cannot be read, is not JSON or does not validate.
 */
export async function loadPixelMethodConfig(file: string, overrides: Record<string, unknown> = {}): Promise<PixelMethodConfig> {
  return parsePixelMethodConfig({ ...(await configObject(file)), ...overrides }, file, configDir(file));
}

async function configObject(file: string): Promise<Record<string, unknown>> {
  const raw = await readJsonConfig(file);
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new ConfigError(`${file}: the configuration must be a JSON object`);
  return raw as Record<string, unknown>;
}
