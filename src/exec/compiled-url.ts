import { existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * URL of a compiled module, relative to the calling module. Worker threads need
 * JavaScript: when the caller itself runs from TypeScript sources (under vitest), the
 * same path in the build output (dist/, made by `npm test` before the tests) is used.
 */
export function compiledModuleUrl(callerUrl: string, relativeJs: string): URL {
  const url = new URL(relativeJs, callerUrl);
  if (!callerUrl.endsWith('.ts')) return url;
  const file = fileURLToPath(url);
  let root = dirname(file);
  while (!existsSync(join(root, 'package.json'))) {
    const up = dirname(root);
    if (up === root) throw new Error(`no package.json above ${file}`);
    root = up;
  }
  return pathToFileURL(join(root, 'dist', relative(root, file)));
}
