/**
 * `npm run fuzz -- --cases N --seed S [--only I,J,…] [--out DIR] [--workers W] [--timeout MS]`: mutates real
 * inputs and feeds them to every reader and to `smfuse info` (see scripts/fuzz/). Exits 1
 * when any case ended other than with data or an InputError naming the file.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { packageRoot } from '../core/package-root.js';
import { runCampaign } from './fuzz/campaign.js';
import { buildSeeds } from './fuzz/seeds.js';

const { values } = parseArgs({
  options: {
    cases: { type: 'string', default: '1000' },
    seed: { type: 'string', default: '1' },
    out: { type: 'string', default: 'fuzz-failures' },
    workers: { type: 'string', default: '2' },
    timeout: { type: 'string', default: '20000' },
    'esa-cci': { type: 'string' },
    /** Re-run single cases of a campaign (same seed), e.g. the ones it reported. */
    only: { type: 'string' },
  },
});
const root = packageRoot(import.meta.url);
const work = mkdtempSync(join(tmpdir(), 'smfuse-fuzz-'));
try {
  const seeds = await buildSeeds({ root, work, esaCci: values['esa-cci'] ?? join(root, '..', 'shared', 'data', 'esa-cci') });
  const only = values.only?.split(',').map(Number);
  const cases = only?.length ?? Number(values.cases);
  const started = Date.now();
  const summary = await runCampaign({
    seeds,
    cases,
    only,
    seed: Number(values.seed),
    work,
    out: values.out,
    workers: Number(values.workers),
    timeoutMs: Number(values.timeout),
    onCase: (done) => {
      if (done % 500 === 0) process.stderr.write(`${done}/${cases} cases, ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
    },
  });
  console.log(`seeds: ${seeds.map((s) => s.name).join(', ')}`);
  console.log(`cases: ${summary.cases} in ${((Date.now() - started) / 1000).toFixed(0)} s (slowest ${summary.slowestMs.toFixed(0)} ms)`);
  console.log(
    `outcomes: ${Object.entries(summary.outcomes)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ')}`,
  );
  for (const f of summary.failures)
    console.log(
      `FAIL case ${f.index} ${f.seed} (${f.what}): ${f.outcome}: ${f.message.split('\n').slice(0, 3).join(' | ')}${f.saved ? ` → ${f.saved}` : ''}`,
    );
  process.exitCode = summary.failures.length > 0 ? 1 : 0;
} finally {
  rmSync(work, { recursive: true, force: true });
}
