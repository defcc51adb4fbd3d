/**
 * Regrid plans by source grid, onto one target: the most recently used kept within a memory
 * budget. Dated tiles (MODIS h/v) come back every day and reuse their plan; the many tiles
 * of a DEM mosaic (SRTM), each read once, are let go instead of piling up (a 1″ tile's plan
 * onto the plateau grid is 156 MB).
 */
import type { GridSpec, RowBand } from './gridspec.js';
import { planRegrid, type RegridPlan, type Resampling } from './regrid.js';

const DEFAULT_BUDGET_BYTES = 2 ** 30;

export class PlanCache {
  private readonly plans = new Map<string, RegridPlan>();
  private bytes = 0;

  /** With `band`, plans fill only those rows of `target` (planRegrid). */
  constructor(
    private readonly target: GridSpec,
    private readonly method: Resampling,
    private readonly budgetBytes = DEFAULT_BUDGET_BYTES,
    private readonly band?: RowBand,
  ) {}

  /** The plan from `source` (a key for it in `key`, e.g. its JSON), made or reused. */
  plan(source: GridSpec, key = JSON.stringify(source)): RegridPlan {
    const cached = this.plans.get(key);
    if (cached) {
      // Map keeps insertion order: re-inserting marks it most recently used
      this.plans.delete(key);
      this.plans.set(key, cached);
      return cached;
    }
    const made = planRegrid(source, this.target, this.method, this.band);
    this.plans.set(key, made);
    this.bytes += planBytes(made);
    for (const [k, old] of this.plans) {
      if (this.bytes <= this.budgetBytes || k === key) break;
      this.plans.delete(k);
      this.bytes -= planBytes(old);
    }
    return made;
  }
}

function planBytes(p: RegridPlan): number {
  return p.starts.byteLength + p.sourceCells.byteLength + p.weights.byteLength;
}
