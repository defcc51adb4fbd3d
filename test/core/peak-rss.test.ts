import { spawnSync } from 'node:child_process';
import { expect, it } from 'vitest';
import { compiledModuleUrl } from '../../core/compiled-url.js';
import { peakRssMiB } from '../../core/peak-rss.js';

const MODULE = compiledModuleUrl(import.meta.url, '../../core/peak-rss.js').href;

/** Peak RSS a fresh node process reports after holding `mib` MiB of its own. */
function childPeak(mib: number): number {
  const code = `import { peakRssMiB } from '${MODULE}'; new Uint8Array(${mib} << 20).fill(1); console.log(peakRssMiB());`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return Number(r.stdout);
}

it.runIf(process.platform === 'linux')("counts a spawned process's own memory, not the large parent's it was forked from", () => {
  const held = new Uint8Array(600 << 20).fill(1); // the parent holds 600 MiB when it spawns
  expect(peakRssMiB()).toBeGreaterThanOrEqual(600);
  const small = childPeak(0);
  const large = childPeak(300);
  expect(held[held.length - 1]).toBe(1);
  expect(small).toBeGreaterThan(10);
  expect(small).toBeLessThan(250); // getrusage's maxRSS here is ≥ 600: the parent's peak at the fork
  expect(large).toBeGreaterThanOrEqual(300);
  expect(large).toBeLessThan(small + 400);
});
