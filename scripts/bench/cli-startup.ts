import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { packageRoot } from '../../core/package-root.js';

/** Median wall seconds of a new `smfuse --version` and `smfuse --help` process each (issue 16: ≤ 0.3 s), over `runs` runs. */
export function cliStartup(runs = 5): { version: number; help: number } {
  const cli = join(packageRoot(import.meta.url), 'bin', 'smfuse.js');
  const median = (flag: string) => {
    const seconds = Array.from({ length: runs }, () => {
      const t0 = performance.now();
      execFileSync(process.execPath, [cli, flag], { stdio: 'ignore' });
      return (performance.now() - t0) / 1000;
    }).sort((a, b) => a - b);
    return seconds[runs >> 1];
  };
  return { version: median('--version'), help: median('--help') };
}
