import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder holding smfuse's package.json above a module, found the same way whether
 * the module runs from TypeScript sources (tests) or from dist/ (the built CLI).
 */
export function packageRoot(moduleUrl: string): string {
  const start = dirname(fileURLToPath(moduleUrl));
  let dir = start;
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`smfuse: no package.json above ${start}`);
    dir = up;
  }
  return dir;
}
