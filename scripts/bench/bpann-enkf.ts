/**
 * BPANN and EnKF throughput of every kernel, measured through the methods themselves
 * (bpannFuse, enkfFuse) on synthetic Tibetan-Plateau cubes, and the wall time of a full
 * TP year (60 × 140 cells × 365 days) with the fastest kernel.
 */
import { fastKernel as jsBpann } from '../../kernels/bpann/fast.js';
import { nativeBpannKernel } from '../../kernels/bpann/native.js';
import { tfjsBpannKernel } from '../../kernels/bpann/tfjs.js';
import { BPANN_DEFAULTS, type BpannKernel, type BpannTrainerKind } from '../../kernels/bpann/types.js';
import { fastKernel as jsEnkf } from '../../kernels/enkf/fast.js';
import { nativeEnkfKernel } from '../../kernels/enkf/native.js';
import { tfjsEnkfKernel } from '../../kernels/enkf/tfjs.js';
import type { EnkfKernel } from '../../kernels/enkf/types.js';
import { nativeAddon } from '../../kernels/native/load.js';
import { initTfjs, type TfjsBackendName } from '../../kernels/tfjs/backend.js';
import { makeGrid, type BBox } from '../../src/grid/gridspec.js';
import { bpannFuse, type BpannFuseOptions } from '../../src/methods/bpann/fuse.js';
import { inProcessTrainer, workerTrainer, type BpannTrainer } from '../../src/methods/bpann/trainer.js';
import { enkfFuse } from '../../src/methods/enkf/fuse.js';
import type { PixelCube } from '../../src/cube/pixel-cube.js';
import { synthesizePixelGrid } from '../../src/sample/pixel-grid-sample.js';
import { TP_BOX } from './tp-year.js';

const YEAR = 2013;
const SEED = 42;

/** A TP cube of `rows` × 140 cells (60 rows: the whole plateau), one synthetic site per cell. */
export function tpPixelCube(rows: number): PixelCube {
  const box: BBox = { ...TP_BOX, north: TP_BOX.south + rows * 0.25 };
  const s = synthesizePixelGrid(makeGrid(box, 0.25), YEAR, SEED);
  return { days: s.dates.length, pixels: s.grid.width * s.grid.height, smap: s.smap, clm: s.clm, lst: s.lst, obs: s.obs };
}

/** A BPANN or EnKF implementation as the bench names it (`native_avx512_2threads`, …). */
interface Candidate<T> {
  readonly name: string;
  /** Share of the cube it is timed on (slow kernels get fewer pixels). */
  readonly share: number;
  make(): Promise<T | null>;
}

const threadsName = (t: number) => `${t}thread${t > 1 ? 's' : ''}`;

/** Every tfjs backend that starts here, each switched on before its kernel is timed. */
const TFJS_BACKENDS: TfjsBackendName[] = ['tensorflow', 'wasm', 'cpu'];
async function tfjsReady(backend: TfjsBackendName): Promise<boolean> {
  try {
    await initTfjs(backend);
    return true;
  } catch {
    return false; // not installed here (tfjs-node is optional)
  }
}

const inProcessOrNull = (kernel: BpannKernel | null) => (kernel ? inProcessTrainer(kernel) : null);

/** The BPANN trainers: a kernel is added here (and as a backend in src/backends/bpann/). */
function bpannCandidates(threads: number, trainer: BpannTrainerKind): Candidate<BpannTrainer>[] {
  const addon = nativeAddon();
  const list: Candidate<BpannTrainer>[] = [
    { name: 'js_1thread', share: 1 / 16, make: async () => inProcessTrainer(jsBpann) },
    { name: `js_${threads}workers`, share: 1 / 8, make: async () => workerTrainer(threads) },
  ];
  for (const t of addon ? [1, threads] : []) {
    list.push({
      name: `native_${addon!.simd}_${threadsName(t)}`,
      share: 1,
      make: async () => inProcessOrNull(nativeBpannKernel({ threads: t })),
    });
  }
  if (trainer === 'gd') {
    for (const backend of TFJS_BACKENDS) {
      const share = backend === 'cpu' ? 1 / 256 : 1 / 64; // ~250 and ~700 pixel-iters/s on 2 cores
      list.push({
        name: `tfjs_${backend}`,
        share,
        make: async () => ((await tfjsReady(backend)) ? inProcessTrainer(tfjsBpannKernel) : null),
      });
    }
  }
  return list;
}

/** The EnKF kernels: a kernel is added here (and as a backend in src/backends/enkf/). */
function enkfCandidates(threads: number): Candidate<EnkfKernel>[] {
  const addon = nativeAddon();
  const list: Candidate<EnkfKernel>[] = [{ name: 'js_1thread', share: 1 / 8, make: async () => jsEnkf }];
  for (const t of addon ? [1, threads] : []) {
    list.push({ name: `native_${addon!.simd}_${threadsName(t)}`, share: 1, make: async () => nativeEnkfKernel({ threads: t }) });
  }
  for (const backend of TFJS_BACKENDS) {
    const share = backend === 'cpu' ? 1 / 128 : 1 / 16; // ~800 and ~9000 pixel-days/s on 2 cores
    list.push({ name: `tfjs_${backend}`, share, make: async () => ((await tfjsReady(backend)) ? tfjsEnkfKernel : null) });
  }
  return list;
}

/** The first `share` of the cube's pixels (whole rows of days, so a plain copy of each day). */
function subCube(cube: PixelCube, share: number): PixelCube {
  const pixels = Math.max(1, Math.round(cube.pixels * share));
  const cut = (v: Float32Array) => {
    const out = new Float32Array(cube.days * pixels);
    for (let d = 0; d < cube.days; d++) out.set(v.subarray(d * cube.pixels, d * cube.pixels + pixels), d * pixels);
    return out;
  };
  return { days: cube.days, pixels, smap: cut(cube.smap), clm: cut(cube.clm), lst: cut(cube.lst), obs: cut(cube.obs) };
}

export interface FuseTiming {
  readonly seconds: number;
  /** Σ steps of the trained networks (BPANN) or filtered pixels × days (EnKF). */
  readonly work: number;
  /** Networks trained (BPANN) or pixels filtered (EnKF). */
  readonly networks: number;
}

export async function timeBpannFuse(cube: PixelCube, trainer: BpannTrainer, options: BpannFuseOptions): Promise<FuseTiming> {
  const t0 = performance.now();
  const r = await bpannFuse(cube, trainer, options);
  return { seconds: (performance.now() - t0) / 1000, work: r.steps.reduce((a, b) => a + b, 0), networks: r.steps.length };
}

export function timeEnkfFuse(cube: PixelCube, kernel: EnkfKernel): FuseTiming {
  const t0 = performance.now();
  const r = enkfFuse(cube, kernel);
  return { seconds: (performance.now() - t0) / 1000, work: r.pixels.length * cube.days, networks: r.pixels.length };
}

export interface Rates<T> {
  /** Work per second of each implementation that runs here. */
  readonly rates: Record<string, number>;
  /** The fastest one, rebuilt for the caller. */
  readonly fastest: { name: string; make(): Promise<T | null> };
  /** Mean work per network (BPANN: steps) of the fastest one's run. */
  readonly meanWork: number;
}

async function ratesOf<T>(
  candidates: Candidate<T>[],
  time: (it: T, share: number) => Promise<FuseTiming>,
  close: (it: T) => Promise<void>,
): Promise<Rates<T>> {
  const rates: Record<string, number> = {};
  const meanWork: Record<string, number> = {};
  for (const c of candidates) {
    const it = await c.make();
    if (!it) continue;
    try {
      const { seconds, work, networks } = await time(it, c.share);
      rates[c.name] = work / seconds;
      meanWork[c.name] = work / networks;
    } finally {
      await close(it);
    }
  }
  const best = Object.entries(rates).reduce((a, b) => (b[1] > a[1] ? b : a));
  return { rates, fastest: candidates.find((c) => c.name === best[0])!, meanWork: meanWork[best[0]] };
}

/**
 * Pixel-iterations/s of every BPANN trainer (`iterations` steps per network; gd with no
 * error goal so that every network takes them all, lm with its validation stop), each on
 * its share of `cube`'s pixels times `scale` (an LM step costs ~50 descent steps).
 */
export function bpannRates(
  cube: PixelCube,
  threads: number,
  trainer: BpannTrainerKind,
  iterations: number,
  scale = 1,
): Promise<Rates<BpannTrainer>> {
  // one network per pixel: a rate per network (an ensemble of K costs K times the work)
  const options: BpannFuseOptions = { trainer, iterations, errorGoal: trainer === 'gd' ? 0 : undefined, members: 1 };
  return ratesOf(
    bpannCandidates(threads, trainer),
    (t, share) => timeBpannFuse(subCube(cube, share * scale), t, options),
    (t) => t.close(),
  );
}

/** Pixel-days/s of every EnKF kernel at the default 100 members, on `share` × `cube`'s pixels. */
export function enkfRates(cube: PixelCube, threads: number): Promise<Rates<EnkfKernel>> {
  return ratesOf(
    enkfCandidates(threads),
    async (k, share) => timeEnkfFuse(subCube(cube, share), k),
    async () => {},
  );
}

export interface FusionYear {
  readonly seconds: number;
  readonly backend: string;
  /** Mean steps per trained network (BPANN). */
  readonly meanSteps?: number;
  /** Not run: seconds = networks × steps at the strip's rate of `backend` (the work is linear in both). */
  readonly extrapolated?: { readonly networks: number; readonly rate: number };
}

async function timeFastest<T>(fastest: Rates<T>['fastest'], time: (it: T) => Promise<FuseTiming>, close: (it: T) => Promise<void>) {
  const it = (await fastest.make())!;
  try {
    return { backend: fastest.name, ...(await time(it)) };
  } finally {
    await close(it);
  }
}

/** The TP-year BPANN fusion of each trainer: one network per pixel (the paper's; the default 10-member ensemble takes 10 times as long). */
const TP_YEAR_BPANN: Record<BpannTrainerKind, BpannFuseOptions> = {
  // the default: Levenberg–Marquardt with its validation stop
  lm: { trainer: 'lm', members: 1 },
  // the paper's 1000 descent steps, no error goal, so every network takes all of them: the worst case
  gd: { trainer: 'gd', iterations: 1000, errorGoal: 0, members: 1 },
};

/**
 * A full TP year (60 × 140 cells × 365 days) fused by each method with its fastest
 * implementation: BPANN run with the trainer `smfuse bpann` uses by default
 * (BPANN_DEFAULTS.trainer: LM), the other trainer extrapolated from its strip rate (a TP
 * year of 1000 descent steps is about four minutes: the bench would take twice as long),
 * and the EnKF at 100 members.
 */
export async function tpYearFusion(
  rates: Record<BpannTrainerKind, Rates<BpannTrainer>>,
  enkf: Rates<EnkfKernel>,
): Promise<Record<BpannTrainerKind | 'enkf', FusionYear>> {
  const cube = tpPixelCube(60);
  const measured = BPANN_DEFAULTS.trainer;
  const other: BpannTrainerKind = measured === 'lm' ? 'gd' : 'lm';
  const run = await timeFastest(
    rates[measured].fastest,
    (t) => timeBpannFuse(cube, t, TP_YEAR_BPANN[measured]),
    (t) => t.close(),
  );
  // gd takes exactly its iterations (no error goal); lm stops early: its strip's mean steps
  const steps = TP_YEAR_BPANN[other].iterations ?? rates[other].meanWork;
  const rate = rates[other].rates[rates[other].fastest.name];
  const bpann = {
    [measured]: { seconds: run.seconds, backend: run.backend, meanSteps: run.work / run.networks },
    [other]: {
      seconds: (cube.pixels * steps) / rate,
      backend: rates[other].fastest.name,
      meanSteps: steps,
      extrapolated: { networks: cube.pixels, rate },
    },
  } as Record<BpannTrainerKind, FusionYear>;
  const kf = await timeFastest(
    enkf.fastest,
    async (k) => timeEnkfFuse(cube, k),
    async () => {},
  );
  return { ...bpann, enkf: { seconds: kf.seconds, backend: kf.backend } };
}
