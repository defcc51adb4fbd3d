/**
 * `npm run bench [-- --json FILE] [-- --quick]`: GRNN kernel throughput of every
 * implementation on the same data (DESIGN §3 sizes: 3000 train × 6000 queries × 4
 * features), ratios against references run in this process, and the wall time of the
 * full GRNN run on the bundled sample year.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { grnnPredictFast } from '../kernels/grnn/fast.js';
import { grnnPredictReference } from '../kernels/grnn/reference.js';
import { grnnPredictTfjs } from '../kernels/grnn/tfjs.js';
import type { GrnnTrainingSet } from '../kernels/grnn/types.js';
import { initTfjs, type TfjsBackendName } from '../kernels/tfjs/backend.js';
import { configDir, parseGrnnConfig, readJsonConfig } from '../src/config/grnn-config.js';
import { compiledModuleUrl } from '../src/exec/compiled-url.js';
import { createWorkerPool } from '../src/exec/worker-pool.js';
import { silentLogger } from '../src/log.js';
import { runGrnn } from '../src/run/grnn-run.js';
import { makeRng } from '../src/util/rng.js';

const { values: args } = parseArgs({ options: { json: { type: 'string' }, quick: { type: 'boolean' } } });
const N = 3000, M = args.quick ? 1200 : 6000, D = 4, SIGMA = 0.1;

function randomData(): { train: GrnnTrainingSet; query: Float32Array } {
  const rng = makeRng(1);
  const x = new Float32Array(N * D).map(() => rng.next());
  const y = new Float32Array(N).map(() => rng.next());
  return { train: { x, y, n: N, d: D }, query: new Float32Array(M * D).map(() => rng.next()) };
}

/** Evaluations/s of `run` on `m` queries: best of `repeats` timed runs after a warm-up. */
async function rate(m: number, run: (m: number) => Promise<unknown> | unknown, repeats = 3): Promise<number> {
  await run(Math.min(m, 64));
  let best = Infinity;
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now();
    await run(m);
    best = Math.min(best, (performance.now() - t0) / 1000);
  }
  return (N * m) / best;
}

async function jsWorkersRate(train: GrnnTrainingSet, query: Float32Array, threads: number): Promise<number> {
  type Req = { train: GrnnTrainingSet; query: Float32Array; m: number; sigmas: number[] };
  const pool = createWorkerPool<Req, Float32Array>(compiledModuleUrl(import.meta.url, './bench/grnn-worker.js'), threads);
  try {
    return await rate(M, async (m) => {
      const per = Math.ceil(m / threads);
      await Promise.all(
        Array.from({ length: threads }, (_, t) => {
          const lo = Math.min(m, t * per), hi = Math.min(m, lo + per);
          return pool.run({ train, query: query.slice(lo * D, hi * D), m: hi - lo, sigmas: [SIGMA] });
        }),
      );
    });
  } finally {
    await pool.close();
  }
}

function numpyRate(): number | null {
  const script = fileURLToPath(new URL('../../scripts/bench/numpy-grnn.py', import.meta.url));
  if (!existsSync('/usr/bin/python3') || !existsSync(script)) return null;
  try {
    return Number(execFileSync('/usr/bin/python3', [script, String(N), String(M), String(D), String(SIGMA)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
  } catch {
    return null; // numpy or scipy not installed for /usr/bin/python3
  }
}

async function sampleYearSeconds(): Promise<number | null> {
  const configFile = fileURLToPath(new URL('../../data/run.json', import.meta.url));
  if (!existsSync(configFile)) return null;
  const out = await mkdtemp(join(tmpdir(), 'smfuse-bench-'));
  try {
    const config = parseGrnnConfig({ ...(await readJsonConfig(configFile) as object), out }, configFile, configDir(configFile));
    const t0 = performance.now();
    await runGrnn(config, silentLogger);
    return (performance.now() - t0) / 1000;
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}

const { train, query } = randomData();
const threads = availableParallelism();
const evals: Record<string, number> = {};
const slow = Math.max(64, Math.round(M / 20)); // tfjs cpu and the reference are timed on fewer queries

evals.reference = await rate(slow, (m) => grnnPredictReference(train, query, m, [SIGMA]), 1);
evals.js_1thread = await rate(M, (m) => grnnPredictFast(train, query, m, [SIGMA]));
evals[`js_${threads}workers`] = await jsWorkersRate(train, query, threads);
for (const backend of ['tensorflow', 'wasm', 'cpu'] as TfjsBackendName[]) {
  try {
    await initTfjs(backend);
  } catch {
    continue; // not installed here (tfjs-node is optional)
  }
  evals[`tfjs_${backend}`] = await rate(backend === 'cpu' ? slow : M / 4, (m) => grnnPredictTfjs(train, query, m, [SIGMA]), 1);
}
const numpy = numpyRate();
if (numpy !== null) evals.numpy_cdist = numpy;
const sampleYear = await sampleYearSeconds();

const fastest = Math.max(...Object.entries(evals).filter(([k]) => k.startsWith('js')).map(([, v]) => v));
console.log(`GRNN predict, ${N} train × ${M} queries × ${D} features, σ = ${SIGMA}; ${cpus()[0]?.model ?? 'cpu'} × ${threads}`);
console.log('implementation'.padEnd(22) + 'evals/s'.padStart(12) + '   fastest js is ×');
for (const [name, v] of Object.entries(evals)) {
  console.log(name.padEnd(22) + v.toExponential(2).padStart(12) + (fastest / v).toFixed(1).padStart(10));
}
if (sampleYear !== null) console.log(`bundled sample year, full GRNN run (fused + 2 reconstructions + products + writing): ${sampleYear.toFixed(1)} s`);

if (args.json) {
  const report = {
    machine: { cpu: cpus()[0]?.model, cores: threads, node: process.version },
    backends: Object.keys(evals),
    grnn_evals_per_s: evals,
    ratios: {
      fastest_js_vs_tfjs_cpu: evals.tfjs_cpu ? fastest / evals.tfjs_cpu : null,
      fastest_js_vs_numpy: numpy ? fastest / numpy : null,
    },
    sample_year_grnn_s: sampleYear,
  };
  await writeFile(args.json, JSON.stringify(report, null, 2) + '\n');
}
