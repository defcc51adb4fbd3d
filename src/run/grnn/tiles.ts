/**
 * GRNN tiles: the unit of checkpointing and sharding is a run of `tileWindows`
 * consecutive windows (by window index, i.e. row-major blocks), fixed by the grid and the
 * configuration and never by the thread count, so that any process computes the same tile
 * the same way. A tile's checkpoint holds its windows' outputs (fuse.ts WindowOutput).
 */
import type { Checkpoint, CheckpointArray } from '../../scale/checkpoint-file.js';
import { MODELS, type WindowOutput, type WindowReport } from '../../methods/grnn/fuse.js';
import type { CellRect } from '../../methods/grnn/windows.js';

export function tileCount(windowCount: number, tileWindows: number): number {
  return Math.ceil(windowCount / tileWindows);
}

/** Window indices [first, end) of a tile. */
export function tileWindowRange(tile: number, windowCount: number, tileWindows: number): [number, number] {
  return [tile * tileWindows, Math.min(windowCount, (tile + 1) * tileWindows)];
}

/** A window report without σ and test R, which go to float64 arrays (JSON has no NaN). */
type ReportText = Omit<WindowReport, 'sigma' | 'testR'>;

interface TileMeta {
  windows: { window: number; block: CellRect; importanceCount: number; reports: ReportText[] }[];
}

/** A tile's window outputs (in window order) as checkpoint arrays and JSON. */
export function encodeTile(outputs: readonly WindowOutput[]): { meta: TileMeta; arrays: Record<string, CheckpointArray> } {
  const concat = <T extends Float32Array | Uint8Array | Float64Array>(Type: new (n: number) => T, parts: readonly T[]): T => {
    const out = new Type(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  };
  const arrays: Record<string, CheckpointArray> = {
    flags: concat(
      Uint8Array,
      outputs.map((o) => o.flags),
    ),
    importanceSumSq: concat(
      Float64Array,
      outputs.map((o) => o.importanceSumSq),
    ),
    sigma: Float64Array.from(outputs.flatMap((o) => o.reports.map((r) => r.sigma))),
    testR: Float64Array.from(outputs.flatMap((o) => o.reports.map((r) => r.testR))),
  };
  MODELS.forEach((m, mi) => {
    arrays[m.name] = concat(
      Float32Array,
      outputs.map((o) => o.predictions[mi]),
    );
    arrays[`${m.name}_sd`] = concat(
      Float32Array,
      outputs.map((o) => o.sd[mi]),
    );
  });
  return {
    meta: {
      windows: outputs.map((o) => ({
        window: o.window,
        block: o.block,
        importanceCount: o.importanceCount,
        reports: o.reports.map(({ sigma: _s, testR: _r, ...text }) => text),
      })),
    },
    arrays,
  };
}

/** The window outputs of a checkpoint; undefined when its shapes do not fit the grid (damaged or foreign). */
export function decodeTile(cp: Checkpoint, days: number, featureCount: number): WindowOutput[] | undefined {
  const meta = cp.meta as TileMeta;
  const { flags, importanceSumSq, sigma, testR } = cp.arrays;
  const predictions = MODELS.map((m) => cp.arrays[m.name]);
  const sd = MODELS.map((m) => cp.arrays[`${m.name}_sd`]);
  const sizes = meta.windows.map(({ block }) => (block.row1 - block.row0) * (block.col1 - block.col0) * days);
  const total = sizes.reduce((a, b) => a + b, 0);
  if (!(flags instanceof Uint8Array) || flags.length !== total || !(importanceSumSq instanceof Float64Array)) return undefined;
  if (importanceSumSq.length !== meta.windows.length * featureCount) return undefined;
  if (![...predictions, ...sd].every((p) => p instanceof Float32Array && p.length === total)) return undefined;
  const reportCount = meta.windows.length * MODELS.length;
  if (!(sigma instanceof Float64Array && sigma.length === reportCount && testR instanceof Float64Array && testR.length === reportCount))
    return undefined;
  let at = 0;
  return meta.windows.map((w, k) => {
    const span = (a: CheckpointArray) => a.subarray(at, at + sizes[k]);
    const out: WindowOutput = {
      window: w.window,
      block: w.block,
      predictions: predictions.map((p) => span(p) as Float32Array),
      sd: sd.map((p) => span(p) as Float32Array),
      flags: span(flags) as Uint8Array,
      reports: w.reports.map((r, mi) => ({ ...r, sigma: sigma[k * MODELS.length + mi], testR: testR[k * MODELS.length + mi] })),
      importanceSumSq: importanceSumSq.subarray(k * featureCount, (k + 1) * featureCount),
      importanceCount: w.importanceCount,
    };
    at += sizes[k];
    return out;
  });
}
