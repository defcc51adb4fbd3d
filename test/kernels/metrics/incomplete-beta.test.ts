import { describe, expect, it } from 'vitest';
import { lnGamma, regularizedIncompleteBeta } from '../../../kernels/metrics/incomplete-beta.js';

describe('lnGamma', () => {
  it('matches ln((n − 1)!) at integers', () => {
    let factorial = 1;
    for (let n = 1; n <= 20; n++) {
      expect(lnGamma(n)).toBeCloseTo(Math.log(factorial), 12);
      factorial *= n;
    }
  });

  it('matches Γ(1/2) = √π and reference values (scipy.special.gammaln)', () => {
    expect(lnGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 13);
    expect(lnGamma(10.5)).toBeCloseTo(13.940625219403763, 12);
    expect(lnGamma(0.1)).toBeCloseTo(2.252712651734206, 12); // reflection branch
    expect(lnGamma(1e6) / 12815504.569147611).toBeCloseTo(1, 14);
  });
});

describe('regularizedIncompleteBeta', () => {
  const xs = [0.01, 0.2, 0.5, 0.77, 0.99];

  it('meets the closed forms I_x(1,1) = x, I_x(a,1) = xᵃ, I_x(1,b) = 1 − (1 − x)ᵇ', () => {
    for (const x of xs) {
      expect(regularizedIncompleteBeta(x, 1, 1)).toBeCloseTo(x, 13);
      expect(regularizedIncompleteBeta(x, 3.5, 1)).toBeCloseTo(x ** 3.5, 13);
      expect(regularizedIncompleteBeta(x, 1, 4)).toBeCloseTo(1 - (1 - x) ** 4, 13);
    }
  });

  it('is symmetric: I_x(a, b) = 1 − I_{1−x}(b, a), and I_½(a, a) = ½', () => {
    for (const x of xs) {
      const lhs = regularizedIncompleteBeta(x, 2.5, 7);
      expect(lhs).toBeCloseTo(1 - regularizedIncompleteBeta(1 - x, 7, 2.5), 13);
    }
    expect(regularizedIncompleteBeta(0.5, 13, 13)).toBeCloseTo(0.5, 13);
  });

  it('matches scipy.special.betainc, including large a near the mean', () => {
    expect(regularizedIncompleteBeta(0.3, 2.5, 3.5)).toBeCloseTo(0.29675298929566646, 12);
    expect(regularizedIncompleteBeta(0.9, 0.3, 0.7)).toBeCloseTo(0.9243607221090898, 12);
    expect(regularizedIncompleteBeta(0.99998, 50000, 0.5)).toBeCloseTo(0.1572981692636054, 9);
    expect(regularizedIncompleteBeta(500 / 1300, 500, 800)).toBeCloseTo(0.5017496809631874, 9);
  });

  it('returns the endpoints exactly and NaN outside its domain', () => {
    expect(regularizedIncompleteBeta(0, 2, 3)).toBe(0);
    expect(regularizedIncompleteBeta(1, 2, 3)).toBe(1);
    expect(regularizedIncompleteBeta(-0.1, 2, 3)).toBeNaN();
    expect(regularizedIncompleteBeta(1.1, 2, 3)).toBeNaN();
    expect(regularizedIncompleteBeta(0.5, 0, 3)).toBeNaN();
    expect(regularizedIncompleteBeta(NaN, 2, 3)).toBeNaN();
  });
});
