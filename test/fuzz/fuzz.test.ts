/**
 * A few hundred fuzz cases (scripts/fuzz/): every mutated input ends with data or an
 * InputError naming the file; no other exception, hang or out-of-memory. `npm run fuzz`
 * runs more. Needs dist/ (workers run JavaScript), which `npm test` builds first.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { runCampaign } from '../../scripts/fuzz/campaign.js';
import { buildSeeds } from '../../scripts/fuzz/seeds.js';
import { packageRoot } from '../../core/package-root.js';

const CASES = 300;

it(`${CASES} mutated inputs: data or an InputError naming the file, nothing else`, async () => {
  const work = mkdtempSync(join(tmpdir(), 'smfuse-fuzz-'));
  try {
    const seeds = await buildSeeds({ root: packageRoot(import.meta.url), work });
    const summary = await runCampaign({ seeds, cases: CASES, seed: 1, work, workers: 2, timeoutMs: 15_000 });
    expect(summary.failures.map((f) => `case ${f.index} ${f.seed} (${f.what}): ${f.outcome}: ${f.message}`)).toEqual([]);
    expect(summary.cases).toBe(CASES);
    expect(summary.outcomes['input-error']).toBeGreaterThan(CASES / 4);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
