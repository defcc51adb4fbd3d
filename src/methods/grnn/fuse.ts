import { FLAG } from '../../cube/flags.js';
import type { GrnnInputs } from '../../cube/grnn-inputs.js';
import type { WindowExecutor } from './executor.js';
import { windowModelSeed, type WindowModelResult, type WindowModelTask } from './fit-window.js';
import { countSamples, FEATURE_COUNT, gatherQueries, gatherSamples, type QuerySet } from './training-set.js';
import { enclosingWindow, type CellRect, type GrnnWindow } from './windows.js';

export interface GrnnOptions {
  readonly year: number;
  readonly seed: number;
  readonly windowCells: number;
  readonly blockCells: number;
  readonly subsets: number;
  readonly sigmas: readonly number[];
  readonly minSamples: number;
  /** Widening steps (one block edge on each side per step) before a window gives up. */
  readonly maxWiden: number;
  /** Queries per window used for variable importance (0 = skip). */
  readonly importanceQueries: number;
  /** Relative error the kernel may add by truncation (GrnnKernel.predict); 0 = every weight. */
  readonly tolerance: number;
}

/** The three GRNN models of the GRNN paper: fused (union) and the two reconstructions. */
export const MODELS = [
  { name: 'fused', products: ['ecv', 'fy'] },
  { name: 'ecv_rec', products: ['ecv'] },
  { name: 'fy_rec', products: ['fy'] },
] as const;
export type ModelName = (typeof MODELS)[number]['name'];

export interface WindowReport {
  readonly window: number;
  readonly model: ModelName;
  readonly block: CellRect;
  readonly rect: CellRect;
  readonly widen: number;
  readonly samplesEcv: number;
  readonly samplesFy: number;
  readonly queries: number;
  readonly sigma: number;
  readonly testR: number;
  readonly status: 'ok' | 'widened' | 'too-few-samples';
}

export interface GrnnResult {
  readonly predictions: Record<ModelName, Float32Array>;
  /** Standard uncertainty of each prediction (uncertainty.ts), NaN where there is none. */
  readonly sd: Record<ModelName, Float32Array>;
  readonly flags: Uint8Array;
  readonly windows: WindowReport[];
  /** Pooled over windows: Σ squared differences per feature and their count (fused model). */
  readonly importanceSumSq: Float64Array;
  readonly importanceCount: number;
}

/**
 * What one window contributes to the result, self-contained so that it can be
 * checkpointed and placed later: its block's values of every day for each model and its
 * flags, [day][row][col] over the block, and its reports and importance sums.
 */
export interface WindowOutput {
  readonly window: number;
  readonly block: CellRect;
  /** In MODELS order; NaN where a pixel-day was not predicted. */
  readonly predictions: readonly Float32Array[];
  /** In MODELS order, laid out as predictions: their standard uncertainty. */
  readonly sd: readonly Float32Array[];
  readonly flags: Uint8Array;
  /** In MODELS order. */
  readonly reports: readonly WindowReport[];
  /** Fused model: Σ squared differences per feature and their count. */
  readonly importanceSumSq: Float64Array;
  readonly importanceCount: number;
}

/**
 * GRNN fusion (SPEC §3) of `windows`: fits the three models of each, keeping enough
 * windows in flight to feed every worker, and hands each window's output to `onWindow` as
 * it finishes, in any order; createAssembly places them by window index, so the result
 * does not depend on which window finishes first.
 */
export async function fitWindows(
  inputs: GrnnInputs,
  status: Uint8Array,
  options: GrnnOptions,
  executor: WindowExecutor,
  windows: readonly GrnnWindow[],
  onWindow: (out: WindowOutput) => void | Promise<void>,
): Promise<void> {
  const processWindow = async (win: GrnnWindow) => {
    const queries = gatherQueries(inputs, status, win.block);
    const prepared = MODELS.map((_model, mi) => prepareModel(inputs, status, options, win, queries, mi));
    const results = await executor.fit(prepared.map((p) => p.task));
    const local = blockIndexer(inputs, win.block);
    const toBlock = (values: Float32Array) => {
      const block = new Float32Array(local.size).fill(NaN);
      for (let j = 0; j < queries.m; j++) block[local.of(queries.index[j])] = values[j];
      return block;
    };
    const predictions = results.map((r) => toBlock(r.prediction));
    const sd = results.map((r) => toBlock(r.sd));
    const fused = MODELS.findIndex((m) => m.name === 'fused');
    const flags = new Uint8Array(local.size);
    copyBlock(inputs, win.block, (global, at, length) => flags.set(status.subarray(global, global + length), at));
    markFlags(flags, queries, local, results[fused], prepared[fused].widen > 0);
    await onWindow({
      window: win.index,
      block: win.block,
      predictions,
      sd,
      flags,
      reports: MODELS.map((model, mi) => report(win, model.name, prepared[mi], queries.m, results[mi])),
      importanceSumSq: results[fused].importanceSumSq,
      importanceCount: results[fused].importanceCount,
    });
  };

  // Keep a bounded number of windows in flight: enough to feed every worker.
  const inFlight = Math.max(2, 2 * executor.parallelism);
  let next = 0;
  const lanes = Array.from({ length: Math.min(inFlight, windows.length) }, async () => {
    while (next < windows.length) await processWindow(windows[next++]);
  });
  await Promise.all(lanes);
}

/** Places window outputs into the year's arrays; the result does not depend on their order. */
export interface WindowAssembly {
  add(out: WindowOutput): void;
  /** The fusion result; every window must have been added. */
  result(): GrnnResult;
}

export function createAssembly(inputs: GrnnInputs, status: Uint8Array, windowCount: number): WindowAssembly {
  const size = status.length;
  const predictions = MODELS.map(() => new Float32Array(size).fill(NaN));
  const sd = MODELS.map(() => new Float32Array(size).fill(NaN));
  const flags = Uint8Array.from(status);
  const reports: (readonly WindowReport[])[] = new Array(windowCount);
  // Kept per window and summed in window order at the end: floating-point sums depend on order.
  const sumSq = new Float64Array(windowCount * FEATURE_COUNT);
  const counts = new Float64Array(windowCount);
  return {
    add(out) {
      copyBlock(inputs, out.block, (global, at, length) => {
        for (let mi = 0; mi < MODELS.length; mi++) {
          predictions[mi].set(out.predictions[mi].subarray(at, at + length), global);
          sd[mi].set(out.sd[mi].subarray(at, at + length), global);
        }
        flags.set(out.flags.subarray(at, at + length), global);
      });
      reports[out.window] = out.reports;
      sumSq.set(out.importanceSumSq, out.window * FEATURE_COUNT);
      counts[out.window] = out.importanceCount;
    },
    result() {
      // biome-ignore lint/complexity/useIndexOf: indexOf skips the holes of this sparse array (the windows not added)
      const missing = reports.findIndex((r) => r === undefined);
      if (missing >= 0 || reports.length !== windowCount) throw new Error(`fusion result assembled without window ${missing}`);
      const importanceSumSq = new Float64Array(FEATURE_COUNT);
      let importanceCount = 0;
      for (let w = 0; w < windowCount; w++) {
        for (let k = 0; k < FEATURE_COUNT; k++) importanceSumSq[k] += sumSq[w * FEATURE_COUNT + k];
        importanceCount += counts[w];
      }
      return {
        predictions: Object.fromEntries(MODELS.map((m, mi) => [m.name, predictions[mi]])) as Record<ModelName, Float32Array>,
        sd: Object.fromEntries(MODELS.map((m, mi) => [m.name, sd[mi]])) as Record<ModelName, Float32Array>,
        flags,
        windows: reports.flat(),
        importanceSumSq,
        importanceCount,
      };
    },
  };
}

/** Size of a block's [day][row][col] arrays and the block index of a flat year index. */
interface BlockIndexer {
  readonly size: number;
  of(flat: number): number;
}

function blockIndexer(inputs: GrnnInputs, block: CellRect): BlockIndexer {
  const { width, height } = inputs.grid;
  const plane = width * height;
  const cols = block.col1 - block.col0;
  const blockPlane = cols * (block.row1 - block.row0);
  return {
    size: blockPlane * inputs.days,
    of(flat) {
      const day = Math.floor(flat / plane);
      const cell = flat - day * plane;
      const row = Math.floor(cell / width);
      return day * blockPlane + (row - block.row0) * cols + (cell - row * width - block.col0);
    },
  };
}

/** Calls copy(yearIndex, blockIndex, length) for each row of the block on each day. */
function copyBlock(inputs: GrnnInputs, block: CellRect, copy: (global: number, at: number, length: number) => void): void {
  const { width, height } = inputs.grid;
  const cols = block.col1 - block.col0;
  let at = 0;
  for (let day = 0; day < inputs.days; day++) {
    for (let row = block.row0; row < block.row1; row++) {
      copy(day * width * height + row * width + block.col0, at, cols);
      at += cols;
    }
  }
}

interface PreparedModel {
  readonly task: WindowModelTask;
  readonly rect: CellRect;
  readonly widen: number;
  readonly samplesEcv: number;
  readonly samplesFy: number;
}

/** Training set of one model, widening the window until it holds minSamples samples. */
function prepareModel(
  inputs: GrnnInputs,
  status: Uint8Array,
  options: GrnnOptions,
  win: GrnnWindow,
  queries: QuerySet,
  modelIndex: number,
): PreparedModel {
  const names = MODELS[modelIndex].products;
  const products = names.map((p) => inputs[p]);
  let widen = 0;
  let rect = win.window;
  let counts: number[];
  for (;;) {
    counts = products.map((p) => countSamples(inputs, status, rect, p));
    if (counts.reduce((a, b) => a + b, 0) >= options.minSamples || widen >= options.maxWiden) break;
    const wider = enclosingWindow(inputs.grid, win.block, options.windowCells, (widen + 1) * options.blockCells);
    if (sameRect(wider, rect)) break; // already the whole grid
    widen++;
    rect = wider;
  }
  // Samples per product in the final window, 0 for a product the model does not use.
  const samplesOf = (p: 'ecv' | 'fy') => {
    const k = (names as readonly string[]).indexOf(p);
    return k < 0 ? 0 : counts[k];
  };
  return {
    task: {
      samples: gatherSamples(inputs, status, rect, products),
      queries: queries.x,
      m: queries.m,
      seed: windowModelSeed(options.seed, options.year, win.index, modelIndex),
      subsets: options.subsets,
      sigmas: options.sigmas,
      minSamples: options.minSamples,
      importanceQueries: MODELS[modelIndex].name === 'fused' ? options.importanceQueries : 0,
      tolerance: options.tolerance,
    },
    rect,
    widen,
    samplesEcv: samplesOf('ecv'),
    samplesFy: samplesOf('fy'),
  };
}

function sameRect(a: CellRect, b: CellRect): boolean {
  return a.row0 === b.row0 && a.row1 === b.row1 && a.col0 === b.col0 && a.col1 === b.col1;
}

function markFlags(flags: Uint8Array, queries: QuerySet, local: BlockIndexer, result: WindowModelResult, widened: boolean): void {
  const predicted = widened ? FLAG.PREDICTED_WIDENED : FLAG.PREDICTED;
  for (let j = 0; j < queries.m; j++) {
    flags[local.of(queries.index[j])] = Number.isNaN(result.prediction[j]) ? FLAG.TOO_FEW_SAMPLES : predicted;
  }
}

function report(win: GrnnWindow, model: ModelName, prepared: PreparedModel, queries: number, result: WindowModelResult): WindowReport {
  return {
    window: win.index,
    model,
    block: win.block,
    rect: prepared.rect,
    widen: prepared.widen,
    samplesEcv: prepared.samplesEcv,
    samplesFy: prepared.samplesFy,
    queries,
    sigma: result.sigma,
    testR: result.testR,
    status: result.status !== 'ok' ? result.status : prepared.widen > 0 ? 'widened' : 'ok',
  };
}
