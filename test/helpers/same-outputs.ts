import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';

/** run.json without what may differ between equal runs: timings, threads, where it ran and how it was split. */
function runJsonCore(dir: string): unknown {
  const run = JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8'));
  for (const k of ['timings', 'threads', 'cpus', 'shards']) delete run[k];
  for (const k of ['out', 'threads']) delete run.config[k];
  return run;
}

/**
 * Every output file of `b` equals `a`'s byte for byte, and run.json does but for timings and
 * sharding; `atLeast` files besides run.json (a GRNN run writes over 20, BPANN/EnKF 9).
 */
export function expectSameOutputs(a: string, b: string, atLeast = 21): void {
  const names = readdirSync(a).filter((n) => n !== 'run.json' && !n.startsWith('.'));
  expect(
    readdirSync(b)
      .filter((n) => !n.startsWith('.'))
      .sort(),
  ).toEqual([...names, 'run.json'].sort());
  expect(names.length).toBeGreaterThanOrEqual(atLeast);
  for (const n of names) expect(readFileSync(join(b, n)).equals(readFileSync(join(a, n))), n).toBe(true);
  expect(runJsonCore(b)).toEqual(runJsonCore(a));
}
