/**
 * A fuzz campaign: case i mutates seed i mod (number of seeds), is written under its seed's
 * name and fed to the readers on one of a few killable workers. Failures (anything but
 * data or an InputError naming the file) are saved with what was done to them.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compiledModuleUrl } from '../../core/compiled-url.js';
import { createCaseRunner, type CaseResult, type CaseRunner, type Outcome } from './case-runner.js';
import { mutate } from './mutate.js';
import type { Seed } from './seeds.js';

export interface CampaignOptions {
  seeds: readonly Seed[];
  cases: number;
  seed: number;
  /** Run only these case indices (each still mutated as in a full campaign of that seed). */
  only?: readonly number[];
  /** Scratch folder for the mutated files. */
  work: string;
  /** Where failing inputs go (with a .json beside each); none = not saved. */
  out?: string;
  /** Default 2. */
  workers?: number;
  /** Per case, default 20 000 ms. */
  timeoutMs?: number;
  /** V8 heap of each worker, default 512 MiB. */
  heapMb?: number;
  /** Resident memory of the whole process past which the cases in flight count as out-of-memory; default 6144 MiB. */
  rssLimitMb?: number;
  onCase?: (done: number, result: CaseResult) => void;
}

export interface Failure {
  index: number;
  seed: string;
  what: string;
  outcome: Outcome;
  message: string;
  saved?: string;
}
export interface CampaignSummary {
  cases: number;
  outcomes: Record<Outcome, number>;
  failures: Failure[];
  slowestMs: number;
}

/** Array buffers and WebAssembly memory are outside the worker heap limit: watched here instead. */
const RSS_POLL_MS = 100;

export async function runCampaign(o: CampaignOptions): Promise<CampaignSummary> {
  const workerUrl = compiledModuleUrl(import.meta.url, './run-case.js');
  const runners = Array.from({ length: o.workers ?? 2 }, () =>
    createCaseRunner({ workerUrl, timeoutMs: o.timeoutMs ?? 20_000, heapMb: o.heapMb ?? 512 }),
  );
  const rssLimit = (o.rssLimitMb ?? 6144) * 2 ** 20;
  const watch = setInterval(() => {
    const rss = process.memoryUsage.rss();
    if (rss > rssLimit) for (const r of runners) r.kill('oom', `process resident memory ${(rss / 2 ** 20).toFixed(0)} MiB over the limit`);
  }, RSS_POLL_MS);
  const summary: CampaignSummary = {
    cases: 0,
    outcomes: { data: 0, 'input-error': 0, crash: 0, hang: 0, oom: 0, died: 0 },
    failures: [],
    slowestMs: 0,
  };
  const indices = o.only ?? Array.from({ length: o.cases }, (_, i) => i);
  let next = 0;
  const loop = async (runner: CaseRunner, slot: number) => {
    const dir = join(o.work, `w${slot}`);
    mkdirSync(dir, { recursive: true });
    while (next < indices.length) {
      const index = indices[next++];
      const seed = o.seeds[index % o.seeds.length];
      const m = mutate(seed, o.seed, index);
      const file = join(dir, seed.name);
      writeFileSync(file, m.bytes);
      const result = await runner.run({ file, kind: seed.kind });
      summary.cases++;
      summary.outcomes[result.outcome]++;
      summary.slowestMs = Math.max(summary.slowestMs, result.ms);
      if (result.outcome !== 'data' && result.outcome !== 'input-error') {
        summary.failures.push({
          index,
          seed: seed.name,
          what: m.what,
          outcome: result.outcome,
          message: result.message,
          saved: save(o.out, index, seed, m.bytes, m.what, result),
        });
      }
      o.onCase?.(summary.cases, result);
    }
  };
  try {
    await Promise.all(runners.map(loop));
  } finally {
    clearInterval(watch);
    await Promise.all(runners.map((r) => r.close()));
  }
  return summary;
}

function save(out: string | undefined, index: number, seed: Seed, bytes: Buffer, what: string, result: CaseResult): string | undefined {
  if (out === undefined) return undefined;
  const dir = join(out, `case-${index}`);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, seed.name);
  writeFileSync(file, bytes);
  writeFileSync(`${file}.json`, `${JSON.stringify({ index, seed: seed.name, kind: seed.kind, what, ...result }, null, 2)}\n`);
  return file;
}
