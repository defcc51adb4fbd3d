/**
 * `node dist/scripts/bench/grnn-truncated.js [--config data/run.json] [--windows N] [--rel-tol 1e-7]`:
 * the truncated native GRNN kernel (kernels/grnn/native-truncated.ts) against the
 * brute-force one on the kernel calls of real GRNN windows: every call fitWindowModel
 * makes (σ selection over AUTO_SIGMAS, the kept model with its uncertainty, the
 * variable importance) is recorded from the sample year's first windows, then replayed
 * on both kernels. Prints evaluations/s (brute-force-equivalent: n·m·σ per call), the
 * fraction of exponentials pruned per σ, and the worst relative difference.
 */
import { parseArgs } from 'node:util';
import { nativeGrnnKernel } from '../../kernels/grnn/native.js';
import { nativeTruncatedStats } from '../../kernels/grnn/native-truncated.js';
import type { GrnnKernel, GrnnTrainingSet } from '../../kernels/grnn/types.js';
import { nativeAddon } from '../../kernels/native/load.js';
import { configDir, parseGrnnConfig, readJsonConfig } from '../../src/config/grnn-config.js';
import { silentLogger } from '../../src/log.js';
import { inProcessExecutor } from '../../src/methods/grnn/executor.js';
import { fitWindows } from '../../src/methods/grnn/fuse.js';
import { grnnJob } from '../../src/run/grnn/run.js';

/** One kernel call of a window fit: predict, or predictWithSecond when `second` is set. */
export interface RecordedCall {
  readonly train: GrnnTrainingSet;
  readonly query: Float32Array;
  readonly m: number;
  readonly sigmas: readonly number[];
  readonly second?: Float32Array;
}

/** The kernel calls of the first `windows` GRNN windows of the run at `configFile`, as a run makes them. */
export async function recordWindowCalls(configFile: string, windows: number): Promise<RecordedCall[]> {
  const raw = (await readJsonConfig(configFile)) as object;
  const config = parseGrnnConfig(raw, configFile, configDir(configFile));
  const run = await grnnJob.read(config, silentLogger());
  const inner = nativeGrnnKernel({ threads: 1 });
  if (!inner) throw new Error('the native addon is not built');
  const calls: RecordedCall[] = [];
  const recorder: GrnnKernel = {
    name: 'recorder',
    predict(train, query, m, sigmas) {
      calls.push({ train, query, m, sigmas: [...sigmas] });
      return inner.predict(train, query, m, sigmas);
    },
    predictWithSecond(train, second, query, m, sigma) {
      calls.push({ train, query, m, sigmas: [sigma], second });
      return inner.predictWithSecond!(train, second, query, m, sigma);
    },
  };
  await fitWindows(run.inputs, run.status, run.options, inProcessExecutor(recorder), run.layout.slice(0, windows), () => {});
  return calls;
}

type Runner = (call: RecordedCall) => Float32Array;

/** Seconds of one pass over `calls` (best of `repeats`) and the outputs of the last. */
function timeCalls(calls: readonly RecordedCall[], run: Runner, repeats: number): { seconds: number; outputs: Float32Array[] } {
  let best = Infinity;
  let outputs: Float32Array[] = [];
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now();
    outputs = calls.map(run);
    best = Math.min(best, (performance.now() - t0) / 1000);
  }
  return { seconds: best, outputs };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      config: { type: 'string', default: 'data/run.json' },
      windows: { type: 'string', default: '4' },
      'rel-tol': { type: 'string', default: '1e-7' },
      threads: { type: 'string' },
      repeats: { type: 'string', default: '2' },
    },
  });
  const addon = nativeAddon();
  if (!addon) throw new Error('the native addon is not built');
  const relTol = Number(values['rel-tol']);
  const threads = values.threads ? Number(values.threads) : addon.hardwareThreads;
  const repeats = Number(values.repeats);
  const calls = await recordWindowCalls(values.config!, Number(values.windows));
  const sizes = calls.map((c) => c.train.n);
  console.log(`${calls.length} kernel calls from ${values.windows} windows of ${values.config}; n ${Math.min(...sizes)}…${Math.max(...sizes)}, ${threads} threads, SIMD ${addon.simd}, relTol ${relTol}`);

  const brute: Runner = (c) => addon.grnnPredict(c.train.x, c.train.y, c.train.n, c.train.d, c.query, c.m, Float64Array.from(c.sigmas), threads, addon.simd, c.second);
  const truncated: Runner = (c) =>
    addon.grnnPredictTruncated(c.train.x, c.train.y, c.train.n, c.train.d, c.query, c.m, Float64Array.from(c.sigmas), threads, addon.simd, relTol, c.second);

  // brute-force-equivalent evaluations: one per (query, sample, σ), as npm run bench counts them
  const evaluations = calls.reduce((sum, c) => sum + c.m * c.train.n * c.sigmas.length, 0);
  const selection = calls.filter((c) => c.sigmas.length > 1);
  const single = calls.filter((c) => c.sigmas.length === 1);
  for (const [what, set] of [['all calls', calls], ['σ selection (8 σ)', selection], ['one σ (kept model, importance)', single]] as const) {
    const evals = set.reduce((sum, c) => sum + c.m * c.train.n * c.sigmas.length, 0);
    const b = timeCalls(set, brute, repeats);
    const t = timeCalls(set, truncated, repeats);
    let worst = 0;
    b.outputs.forEach((ob, i) => {
      for (let j = 0; j < ob.length; j++) {
        const rel = Math.abs(t.outputs[i][j] - ob[j]) / Math.abs(ob[j]);
        if (rel > worst) worst = rel;
      }
    });
    console.log(
      `${what}: ${set.length} calls, ${(evals / 1e9).toFixed(2)}e9 evaluations; brute force ${(evals / b.seconds / 1e9).toFixed(2)}e9/s (${b.seconds.toFixed(2)} s), ` +
        `truncated ${(evals / t.seconds / 1e9).toFixed(2)}e9/s effective (${t.seconds.toFixed(2)} s), ×${(b.seconds / t.seconds).toFixed(2)}; worst |Δ|/|brute| ${worst.toExponential(2)}`,
    );
  }
  if (evaluations === 0) return;

  // pruned fraction per σ over the selection calls (every AUTO_SIGMAS candidate at once)
  const perSigma = new Map<number, { kept: number; total: number }>();
  let distances = 0, pairs = 0;
  for (const c of selection) {
    const stats = nativeTruncatedStats(c.train, c.query, c.m, c.sigmas, { threads, relTol });
    c.sigmas.forEach((s, si) => {
      const e = perSigma.get(s) ?? { kept: 0, total: 0 };
      e.kept += stats.kept[si];
      e.total += c.m * c.train.n;
      perSigma.set(s, e);
    });
    distances += stats.distances;
    pairs += c.m * c.train.n;
  }
  console.log(`σ selection calls: distances computed for ${((100 * distances) / pairs).toFixed(1)}% of query/sample pairs; exponentials pruned per σ:`);
  for (const [s, e] of [...perSigma].sort((a, b) => a[0] - b[0])) console.log(`  σ ${s}: ${((100 * (1 - e.kept / e.total))).toFixed(2)}% pruned`);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
