import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { packageRoot } from './package-root.js';

/**
 * URL of a compiled module, relative to the calling module. Worker threads need
 * JavaScript: when the caller itself runs from TypeScript sources (under vitest), the
 * same path in the build output (dist/, made by `npm test` before the tests) is used.
 */
export function compiledModuleUrl(callerUrl: string, relativeJs: string): URL {
  const url = new URL(relativeJs, callerUrl);
  if (!callerUrl.endsWith('.ts')) return url;
  const file = fileURLToPath(url);
  const root = packageRoot(callerUrl);
  return pathToFileURL(join(root, 'dist', relative(root, file)));
}
