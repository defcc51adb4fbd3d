/**
 * `npm run bench [-- --json FILE] [-- --quick]`: GRNN kernel throughput of every
 * implementation on the same data (DESIGN §3 sizes: 3000 train × 6000 queries × 4
 * features), ratios of the fastest against references run in this process, the wall
 * time of `smfuse --version` and `--help` (CLI start-up), of the bundled sample year per
 * backend, of a full Tibetan-Plateau year (60 × 140 cells, issue 6) with the fastest backend, exactly and with the truncated kernel
 * (issue 16: blocks kept per σ, brute-force-equivalent evaluations/s), and of a small
 * year (24 × 48 cells) through the CLI end to end, both ways; then the same for BPANN
 * (pixel-iterations/s, descent and Levenberg–Marquardt) and the EnKF (pixel-days/s), and
 * their TP year: BPANN with the default trainer (LM; the 1000-step descent year is
 * extrapolated from its strip rate, not run) and the EnKF. Then the peak memory of 1, 2
 * and 4 shard processes (scripts/bench/shard-memory.ts; `npm run bench:shards` adds 8).
 * `--quick` (about a minute) shrinks the data, skips the TP years and the js sample year,
 * and runs 1 and 2 shards only.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { availableParallelism, cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { BPANN_DEFAULTS } from '../kernels/bpann/types.js';
import { ENKF_FILTER_DEFAULTS } from '../kernels/enkf/types.js';
import { grnnPredictFast } from '../kernels/grnn/fast.js';
import { nativeGrnnKernel } from '../kernels/grnn/native.js';
import { grnnPredictReference } from '../kernels/grnn/reference.js';
import { grnnPredictTfjs } from '../kernels/grnn/tfjs.js';
import { openWebGpuGrnnKernel } from '../kernels/webgpu/grnn.js';
import type { GrnnTrainingSet } from '../kernels/grnn/types.js';
import { nativeAddon } from '../kernels/native/load.js';
import { initTfjs, type TfjsBackendName } from '../kernels/tfjs/backend.js';
import { compiledModuleUrl } from '../core/compiled-url.js';
import { createWorkerPool } from '../src/exec/worker-pool.js';
import { makeRng } from '../core/rng.js';
import { bpannRates, enkfRates, tpPixelCube, tpYearFusion, type FusionYear } from './bench/bpann-enkf.js';
import {
  DEFAULT_TOLERANCE,
  EXACT,
  SMALL_BOX,
  TP_BOX,
  type TruncatedYear,
  timeGrnnRun,
  timeYearCli,
  timeYearTruncation,
  type YearRun,
} from './bench/tp-year.js';
import { cliStartup } from './bench/cli-startup.js';
import { runShardBench } from './bench/shard-memory.js';

const { values: args } = parseArgs({ options: { json: { type: 'string' }, quick: { type: 'boolean' } } });
const N = 3000,
  M = args.quick ? 1200 : 6000,
  D = 4,
  SIGMA = 0.1;

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
          const lo = Math.min(m, t * per),
            hi = Math.min(m, lo + per);
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
    return Number(
      execFileSync('/usr/bin/python3', [script, String(N), String(M), String(D), String(SIGMA)], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      }).trim(),
    );
  } catch {
    return null; // numpy or scipy not installed for /usr/bin/python3
  }
}

/** The bundled sample year with each CPU backend (tfjs would take hours). */
async function sampleYears(): Promise<Record<string, YearRun>> {
  const configFile = fileURLToPath(new URL('../../data/run.json', import.meta.url));
  if (!existsSync(configFile)) return {};
  const runs: Record<string, YearRun> = {};
  // --quick times the fastest backend only (the js year alone takes about a minute)
  const backends = nativeAddon() ? (args.quick ? ['native'] : ['native', 'js']) : ['js'];
  for (const backend of backends) runs[backend] = await timeGrnnRun(configFile, backend);
  return runs;
}

const { train, query } = randomData();
const threads = availableParallelism();
const evals: Record<string, number> = {};
const slow = Math.max(64, Math.round(M / 20)); // tfjs cpu and the reference are timed on fewer queries

evals.reference = await rate(slow, (m) => grnnPredictReference(train, query, m, [SIGMA]), 1);
// The addon: its best SIMD path on 1 and on all threads, and every other path it can run.
for (const simd of nativeAddon()?.simdPaths ?? []) {
  for (const t of simd === nativeAddon()!.simd ? [1, threads] : [threads]) {
    const { predict } = nativeGrnnKernel({ simd, threads: t })!;
    evals[`native_${simd}_${t}thread${t > 1 ? 's' : ''}`] = await rate(M, (m) => predict(train, query, m, [SIGMA]));
  }
}
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
// WebGPU (Dawn): a real GPU where there is one, else Mesa's software rasterizer (named so).
const gpu = await openWebGpuGrnnKernel();
if ('kernel' in gpu) {
  evals[`gpu_webgpu${gpu.kernel.software ? '_software' : ''}`] = await rate(M, (m) => gpu.kernel.predict(train, query, m, [SIGMA]));
  await gpu.kernel.close();
} else console.log(`gpu: ${gpu.reason}`);
const numpy = numpyRate();
if (numpy !== null) evals.numpy_cdist = numpy;
const sampleYear = await sampleYears();
// The TP year exactly (grnn.tolerance 0, every weight) and truncated (the default), and the small year end to end.
const tpYear = args.quick ? null : await timeYearTruncation(TP_BOX, 'auto');
const smallYear = args.quick ? null : await timeYearCli(SMALL_BOX, [EXACT, DEFAULT_TOLERANCE]);

/** Prints one kernel's rates, each with how many times faster the fastest is; returns the fastest. */
function printRates(title: string, unit: string, rates: Record<string, number>): [string, number] {
  const [fastestName, fastest] = Object.entries(rates).reduce((a, b) => (b[1] > a[1] ? b : a));
  console.log(title);
  console.log(`${'implementation'.padEnd(26) + unit.padStart(14)}   ${fastestName} is ×`);
  for (const [name, v] of Object.entries(rates)) {
    console.log(name.padEnd(26) + v.toExponential(2).padStart(14) + (fastest / v).toFixed(1).padStart(10));
  }
  return [fastestName, fastest];
}

const [fastestName, fastest] = printRates(
  `GRNN predict, ${N} train × ${M} queries × ${D} features, σ = ${SIGMA}; ${cpus()[0]?.model ?? 'cpu'} × ${threads}`,
  'evals/s',
  evals,
);
const startup = cliStartup();
console.log(
  `CLI start-up (a new process, median of 5): smfuse --version ${startup.version.toFixed(2)} s, --help ${startup.help.toFixed(2)} s`,
);
for (const run of Object.values(sampleYear)) {
  console.log(
    `bundled sample year, full GRNN run (fused + 2 reconstructions + products + writing), ${run.backend}: ${run.seconds.toFixed(1)} s ${JSON.stringify(run.timings)}`,
  );
}
if (tpYear) printTruncatedYear(tpYear);
if (smallYear) {
  const [exact, truncated] = smallYear;
  console.log(
    `small year (24 × 48 cells × 365 days), smfuse grnn end to end: ${exact.toFixed(1)} s exact, ${truncated.toFixed(1)} s truncated (×${(exact / truncated).toFixed(2)})`,
  );
}

/** The TP year both ways, the truncation per σ, and the brute-force-equivalent rate. */
function printTruncatedYear({ exact, truncated, prune }: TruncatedYear): void {
  console.log(`Tibetan-Plateau year (60 × 140 cells × 365 days), ${truncated.backend}:`);
  console.log(`  exact (grnn.tolerance 0)       ${exact.seconds.toFixed(1).padStart(6)} s ${JSON.stringify(exact.timings)}`);
  console.log(
    `  truncated (tolerance 1e-7)     ${truncated.seconds.toFixed(1).padStart(6)} s ${JSON.stringify(truncated.timings)}  ×${(exact.timings.fuse_s / truncated.timings.fuse_s).toFixed(2)} fuse`,
  );
  if (prune.length === 0) return;
  // Brute-force-equivalent work: every (query, sample, σ) of the run, blocks of 16 samples.
  const work = prune.reduce((a, p) => a + p.total * 16, 0);
  console.log(
    `  effective evaluations/s (brute-force-equivalent work ÷ fuse time): exact ${(work / exact.timings.fuse_s).toExponential(2)}, truncated ${(work / truncated.timings.fuse_s).toExponential(2)}`,
  );
  console.log(
    `  blocks kept per σ: ${prune.map((p) => `${p.sigma} ${((100 * p.kept) / p.total).toFixed(1)}%${p.resummed ? ` (${p.resummed} re-summed)` : ''}`).join(', ')}`,
  );
}

// BPANN and EnKF on a synthetic TP strip (8 rows × 140 cells, 4 with --quick), then the whole TP year.
const pixelCube = tpPixelCube(args.quick ? 4 : 8);
const bpannGd = await bpannRates(pixelCube, threads, 'gd', args.quick ? 30 : 100);
const bpannLm = await bpannRates(pixelCube, threads, 'lm', BPANN_DEFAULTS.iterations, 1 / 16);
const enkf = await enkfRates(pixelCube, threads);
printRates(
  `\nBPANN gradient descent through bpannFuse, ${pixelCube.pixels} TP pixels (a share for slow kernels)`,
  'pixel-iters/s',
  bpannGd.rates,
);
printRates(`\nBPANN Levenberg–Marquardt (validation stop) through bpannFuse`, 'pixel-iters/s', bpannLm.rates);
printRates(`\nEnKF at ${ENKF_FILTER_DEFAULTS.members} members through enkfFuse`, 'pixel-days/s', enkf.rates);
// The TP year: BPANN with its default trainer and the EnKF run; the other trainer extrapolated from its strip rate.
const tpFusion = args.quick ? null : await tpYearFusion({ gd: bpannGd, lm: bpannLm }, enkf);
if (tpFusion) {
  const { lm, gd, enkf: kf } = tpFusion;
  const tpBpann = (title: string, r: FusionYear) =>
    console.log(
      r.extrapolated
        ? `TP year BPANN, ${title}, ${r.backend}: ≈ ${r.seconds.toFixed(0)} s extrapolated, not run (${r.extrapolated.networks} networks × ${r.meanSteps!.toFixed(0)} steps at the strip's ${r.extrapolated.rate.toExponential(2)} pixel-iters/s)`
        : `TP year BPANN, ${title}, ${r.backend}: ${r.seconds.toFixed(1)} s (${r.meanSteps!.toFixed(1)} steps per network)`,
    );
  tpBpann('Levenberg–Marquardt', lm);
  tpBpann('1000 descent steps per network', gd);
  console.log(`TP year EnKF, ${kf.backend}: ${kf.seconds.toFixed(1)} s`);
}

// Peak RSS per shard process of 1, 2 and 4 shards (quick: 1 and 2), each count merged and checked against the
// single run (issue 14); `npm run bench:shards` adds 8.
const shardMemory = await runShardBench(['enkf', 'grnn'], { quick: args.quick, shardCounts: args.quick ? undefined : [1, 2, 4] });

if (args.json) {
  const report = {
    machine: { cpu: cpus()[0]?.model, cores: threads, node: process.version },
    backends: Object.keys(evals),
    grnn_evals_per_s: evals,
    grnn_fastest: fastestName,
    gpu: 'kernel' in gpu ? { adapter: gpu.kernel.description, software: gpu.kernel.software } : { unavailable: gpu.reason },
    ratios: {
      fastest_vs_tfjs_cpu: evals.tfjs_cpu ? fastest / evals.tfjs_cpu : null,
      fastest_vs_numpy: numpy ? fastest / numpy : null,
    },
    bpann_pixel_iters_per_s: bpannGd.rates,
    bpann_lm_pixel_iters_per_s: bpannLm.rates,
    enkf_pixel_days_per_s: enkf.rates,
    tp_year_grnn_s: tpYear?.truncated.seconds ?? null,
    tp_year_grnn_exact_s: tpYear?.exact.seconds ?? null,
    tp_year_grnn_backend: tpYear?.truncated.backend ?? null,
    tp_year_grnn_blocks_kept: tpYear?.prune ?? null,
    small_year_cli_s: smallYear ? { exact: smallYear[0], truncated: smallYear[1] } : null,
    tp_year_bpann_s: tpFusion?.lm.seconds ?? null,
    tp_year_bpann_backend: tpFusion?.lm.backend ?? null,
    tp_year_bpann_extrapolated: tpFusion ? Boolean(tpFusion.lm.extrapolated) : null,
    tp_year_bpann_gd_s: tpFusion?.gd.seconds ?? null,
    tp_year_bpann_gd_backend: tpFusion?.gd.backend ?? null,
    tp_year_bpann_gd_extrapolated: tpFusion ? Boolean(tpFusion.gd.extrapolated) : null,
    tp_year_enkf_s: tpFusion?.enkf.seconds ?? null,
    tp_year_enkf_backend: tpFusion?.enkf.backend ?? null,
    cli_startup_s: startup,
    sample_year_grnn_s: Object.fromEntries(Object.values(sampleYear).map((r) => [r.backend, r.seconds])),
    shard_memory: shardMemory,
  };
  await writeFile(args.json, `${JSON.stringify(report, null, 2)}\n`);
}
