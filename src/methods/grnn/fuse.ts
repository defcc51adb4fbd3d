import { FLAG } from '../../cube/flags.js';
import { referenceStatus, type ReferenceData } from '../../cube/masks.js';
import type { GridSpec } from '../../grid/gridspec.js';
import type { WindowExecutor } from './executor.js';
import { windowModelSeed, type WindowModelResult, type WindowModelTask } from './fit-window.js';
import { countSamples, FEATURE_COUNT, gatherQueries, gatherSamples, type QuerySet } from './training-set.js';
import { enclosingWindow, windowLayout, type CellRect, type GrnnWindow } from './windows.js';

export interface GrnnInputs extends ReferenceData {
  readonly grid: GridSpec;
  readonly ecv: Float32Array;
  readonly fy: Float32Array;
}

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
  readonly flags: Uint8Array;
  readonly windows: WindowReport[];
  /** Pooled over windows: Σ squared differences per feature and their count (fused model). */
  readonly importanceSumSq: Float64Array;
  readonly importanceCount: number;
}

export type WindowProgress = (done: number, total: number) => void;

/**
 * GRNN fusion of one year (SPEC §3): every window's three models are fitted by the
 * executor; results land by window index, so the output does not depend on which
 * window finishes first.
 */
export async function runGrnnFusion(
  inputs: GrnnInputs,
  options: GrnnOptions,
  executor: WindowExecutor,
  onProgress?: WindowProgress,
): Promise<GrnnResult> {
  const status = referenceStatus(inputs);
  const size = status.length;
  const predictions = Object.fromEntries(MODELS.map((m) => [m.name, new Float32Array(size).fill(NaN)])) as Record<ModelName, Float32Array>;
  const flags = new Uint8Array(size);
  for (let i = 0; i < size; i++) flags[i] = status[i];
  const layout = windowLayout(inputs.grid, { windowCells: options.windowCells, blockCells: options.blockCells });
  const reports: WindowReport[][] = new Array(layout.length);
  const importanceSumSq = new Float64Array(FEATURE_COUNT);
  let importanceCount = 0;
  let done = 0;

  const processWindow = async (win: GrnnWindow) => {
    const queries = gatherQueries(inputs, status, win.block);
    const prepared = MODELS.map((_model, mi) => prepareModel(inputs, status, options, win, queries, mi));
    const results = await executor.fit(prepared.map((p) => p.task));
    reports[win.index] = MODELS.map((model, mi) => {
      const result = results[mi];
      scatter(predictions[model.name], queries, result.prediction);
      if (model.name === 'fused') {
        markFlags(flags, queries, result, prepared[mi].widen > 0);
        for (let k = 0; k < FEATURE_COUNT; k++) importanceSumSq[k] += result.importanceSumSq[k];
        importanceCount += result.importanceCount;
      }
      return report(win, model.name, prepared[mi], queries.m, result);
    });
    onProgress?.(++done, layout.length);
  };

  // Keep a bounded number of windows in flight: enough to feed every worker.
  const inFlight = Math.max(2, 2 * executor.parallelism);
  let next = 0;
  const lanes = Array.from({ length: Math.min(inFlight, layout.length) }, async () => {
    while (next < layout.length) await processWindow(layout[next++]);
  });
  await Promise.all(lanes);
  return { predictions, flags, windows: reports.flat(), importanceSumSq, importanceCount };
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

function scatter(target: Float32Array, queries: QuerySet, values: Float32Array): void {
  for (let j = 0; j < queries.m; j++) target[queries.index[j]] = values[j];
}

function markFlags(flags: Uint8Array, queries: QuerySet, result: WindowModelResult, widened: boolean): void {
  const predicted = widened ? FLAG.PREDICTED_WIDENED : FLAG.PREDICTED;
  for (let j = 0; j < queries.m; j++) {
    flags[queries.index[j]] = Number.isNaN(result.prediction[j]) ? FLAG.TOO_FEW_SAMPLES : predicted;
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
