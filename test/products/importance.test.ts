import { describe, expect, it } from 'vitest';
import { nrmsei } from '../../src/products/importance.js';

describe('nrmsei (GRNN paper eq. 2)', () => {
  it('divides each RMSE by their sum', () => {
    // RMSE = sqrt(sumSq / 4): sqrt(4/4)=1, sqrt(16/4)=2, sqrt(36/4)=3 → 1/6, 2/6, 3/6.
    const rows = nrmsei(['a', 'b', 'c'], [4, 16, 36], 4);
    expect(rows.map((r) => r.rmse)).toEqual([1, 2, 3]);
    expect(rows[0].nrmsei).toBeCloseTo(1 / 6, 12);
    expect(rows[2].nrmsei).toBeCloseTo(0.5, 12);
    expect(rows.reduce((s, r) => s + r.nrmsei, 0)).toBeCloseTo(1, 12);
  });

  it('is NaN when nothing was measured', () => {
    expect(nrmsei(['a'], [0], 0)[0].nrmsei).toBeNaN();
    expect(nrmsei(['a', 'b'], [0, 0], 5)[1].nrmsei).toBeNaN();
  });
});
