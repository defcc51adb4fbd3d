import { describe, expect, it } from 'vitest';
import { chiSquareQuantile, gammaP, gammaQ, normalTwoSidedP, studentTQuantile, Z_975 } from '../../../kernels/metrics/distributions.js';

// Reference values from scipy 1.17 (stats.chi2.ppf, stats.t.ppf, 2·stats.norm.sf, stats.gamma.sf/cdf).
describe('distributions', () => {
  it('χ² quantiles match scipy from df 1 to a pooled sample of 467 009', () => {
    const cases: [number, number, number][] = [
      [1, 0.0009820691171752555, 5.023886187314888],
      [5, 0.8312116134866625, 12.832501994030027],
      [10, 3.2469727802368413, 20.483177350807388],
      [100, 74.22192747492373, 129.5611971858366],
      [1000, 914.257153799259, 1089.5309127749135],
      [467009, 465116.69553313055, 468905.0930774638],
    ];
    for (const [df, lo, hi] of cases) {
      expect(chiSquareQuantile(0.025, df) / lo).toBeCloseTo(1, 10);
      expect(chiSquareQuantile(0.975, df) / hi).toBeCloseTo(1, 10);
    }
  });

  it('t quantiles match scipy, and tend to the normal one', () => {
    const cases: [number, number][] = [
      [1, 12.706204736174694],
      [5, 2.5705818356363146],
      [10, 2.228138851986274],
      [100, 1.9839715185235518],
      [1000, 1.9623390808264083],
      [467009, 1.9599690642650143],
    ];
    // 467 009 df: lnΓ(a + ½) − lnΓ(a) near 2.6e6 cancels to ~3e-10
    for (const [df, t] of cases) expect(studentTQuantile(0.975, df)).toBeCloseTo(t, 9);
    // df = 1 is Cauchy: tan(π(p − ½))
    expect(studentTQuantile(0.9, 1)).toBeCloseTo(Math.tan(Math.PI * 0.4), 10);
    expect(studentTQuantile(0.975, 1e9)).toBeCloseTo(Z_975, 6);
  });

  it('normal two-sided tail and incomplete gamma match scipy and closed forms', () => {
    expect(normalTwoSidedP(0.5)).toBeCloseTo(0.6170750774519738, 13);
    expect(normalTwoSidedP(-1.96)).toBeCloseTo(0.04999579029644087, 13);
    expect(normalTwoSidedP(Z_975)).toBeCloseTo(0.05, 13);
    expect(normalTwoSidedP(6) / 1.973175290075389e-9).toBeCloseTo(1, 9);
    expect(gammaQ(2, 3.5)).toBeCloseTo(0.13588822540043327, 14);
    expect(gammaP(0.5, 0.3)).toBeCloseTo(0.5614219739190003, 14);
    // Q(1, x) = e^−x
    for (const x of [0.1, 1, 7, 30]) expect(gammaQ(1, x)).toBeCloseTo(Math.exp(-x), 14);
    expect(gammaP(3, 2) + gammaQ(3, 2)).toBeCloseTo(1, 15);
  });

  it('is NaN outside its domain', () => {
    expect(chiSquareQuantile(0, 5)).toBeNaN();
    expect(chiSquareQuantile(0.5, 0)).toBeNaN();
    expect(studentTQuantile(0.4, 5)).toBeNaN();
    expect(gammaQ(-1, 2)).toBeNaN();
    expect(normalTwoSidedP(NaN)).toBeNaN();
  });
});
