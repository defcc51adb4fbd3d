import { describe, expect, it } from 'vitest';
import { makeGrid } from '../../src/grid/gridspec.js';
import { PlanCache } from '../../src/grid/plan-cache.js';
import { planRegrid } from '../../src/grid/regrid.js';

const target = makeGrid({ west: 86, south: 28, east: 88, north: 30 }, 0.25);
const tile = (west: number) => makeGrid({ west, south: 28, east: west + 1, north: 29 }, 0.05);

describe('PlanCache', () => {
  it('reuses a plan for the same source grid and makes the same plan planRegrid makes', () => {
    const cache = new PlanCache(target, 'mean');
    const a = cache.plan(tile(86));
    expect(cache.plan(tile(86))).toBe(a);
    expect(a).toEqual(planRegrid(tile(86), target, 'mean'));
  });

  it('lets the least recently used plans go past its budget, never the one just made', () => {
    const bytes = (() => {
      const p = planRegrid(tile(86), target, 'mean');
      return p.starts.byteLength + p.sourceCells.byteLength + p.weights.byteLength;
    })();
    const cache = new PlanCache(target, 'mean', 2 * bytes);
    const first = cache.plan(tile(86));
    const second = cache.plan(tile(87));
    expect(cache.plan(tile(86))).toBe(first); // now the most recently used
    cache.plan(tile(86.5)); // over budget: tile(87) goes
    expect(cache.plan(tile(86))).toBe(first);
    expect(cache.plan(tile(87))).not.toBe(second);
    const tiny = new PlanCache(target, 'mean', 1);
    const only = tiny.plan(tile(86));
    expect(tiny.plan(tile(86))).toBe(only);
  });
});
