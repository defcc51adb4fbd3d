import { join, resolve } from 'node:path';
import type { PixelMethodConfig } from '../../config/pixel-method-config.js';
import type { GrnnConfig } from '../../config/grnn-config.js';
import type { Logger } from '../../log.js';
import { pixelGridYears } from './pixel-grid.js';
import { grnnYears } from './grnn.js';
import { mergeYears, readYearsManifest, YEARS_MANIFEST, type MultiYearSummary } from './run.js';

/**
 * `smfuse merge OUT` of a multi-year folder (OUT/.smfuse-years.json): every year's shards
 * merged, then the summary; null when OUT is not a multi-year folder.
 */
export async function mergeMultiYear(outDir: string, log: Logger): Promise<MultiYearSummary | null> {
  const manifest = await readYearsManifest(outDir);
  if (!manifest) return null;
  const source = join(outDir, YEARS_MANIFEST);
  // OUT as given now: the folder may have moved since the shards ran
  const config = { ...(manifest.config as object), out: resolve(outDir), year: manifest.years[0] };
  if (manifest.command === 'grnn') return mergeYears(await grnnYears(config as GrnnConfig, manifest.years, source), log);
  return mergeYears(await pixelGridYears(manifest.command, config as PixelMethodConfig, manifest.years, source), log);
}
