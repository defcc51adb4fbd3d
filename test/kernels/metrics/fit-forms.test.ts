import { describe, expect, it } from 'vitest';
import { fitAllForms, fitForm, FIT_FORMS, type FitForm } from '../../../kernels/metrics/fit-forms.js';

const x = Float64Array.from({ length: 40 }, (_, i) => 0.05 + 0.01 * i);

/** Noiseless data of each form, with the parameters a fit must recover. */
const CURVES: Record<FitForm, { a: number; b: number; f: (x: number) => number }> = {
  'a*x+b': { a: 0.7, b: 0.05, f: (v) => 0.7 * v + 0.05 },
  'a*x^2+b': { a: 1.3, b: 0.02, f: (v) => 1.3 * v ** 2 + 0.02 },
  'a*x^3+b': { a: -2.1, b: 0.4, f: (v) => -2.1 * v ** 3 + 0.4 },
  'a*x^4+b': { a: 5, b: 0.1, f: (v) => 5 * v ** 4 + 0.1 },
  'a*exp(x)': { a: 0.2, b: NaN, f: (v) => 0.2 * Math.exp(v) },
  'a*ln(x)': { a: -0.3, b: NaN, f: (v) => -0.3 * Math.log(v) },
  'a*x^b': { a: 0.9, b: 0.6, f: (v) => 0.9 * v ** 0.6 },
};

describe('fit forms (Table 1 screening)', () => {
  for (const form of FIT_FORMS) {
    it(`recovers ${form} exactly from noiseless data, with R = 1`, () => {
      const c = CURVES[form];
      const fit = fitForm(form, x, x.map(c.f));
      expect(fit.n).toBe(x.length);
      expect(fit.a).toBeCloseTo(c.a, 9);
      if (Number.isNaN(c.b)) expect(fit.b).toBeNaN();
      else expect(fit.b).toBeCloseTo(c.b, 9);
      expect(fit.r).toBeCloseTo(1, 12);
    });
  }

  it('matches a hand-computed linear fit and R', () => {
    // x = [1, 2, 3, 4], y = [2, 3, 5, 6]: x̄ = 2.5, ȳ = 4, Σdx² = 5, Σdxdy = 1.5·2 + 0.5·1 + 0.5·1 + 1.5·2 = 7
    // a = 7/5 = 1.4, b = 4 − 1.4·2.5 = 0.5; Σdy² = 4 + 1 + 1 + 4 = 10, R = 7/√(5·10) = 7/√50
    const fit = fitForm('a*x+b', [1, 2, 3, 4], [2, 3, 5, 6]);
    expect(fit.a).toBeCloseTo(1.4, 14);
    expect(fit.b).toBeCloseTo(0.5, 14);
    expect(fit.r).toBeCloseTo(7 / Math.sqrt(50), 14);
  });

  it('fits a·eˣ through the origin: a = Σeˣy / Σe²ˣ (hand computed)', () => {
    // x = [0, ln 2], y = [1, 3]: eˣ = [1, 2], a = (1 + 6)/(1 + 4) = 1.4; two pairs give no R
    const fit = fitForm('a*exp(x)', [0, Math.log(2)], [1, 3]);
    expect(fit.a).toBeCloseTo(1.4, 14);
    expect(fit.r).toBeNaN();
  });

  it('leaves out pairs outside a form’s domain and NaN pairs', () => {
    const xs = [-1, 0, 0.5, 1, 2, 4, NaN, 3];
    const ys = [1, 1, 0.5, 1, 2, 4, 1, NaN];
    expect(fitForm('a*x+b', xs, ys).n).toBe(6);
    expect(fitForm('a*ln(x)', xs, ys).n).toBe(4);
    expect(fitForm('a*x^b', xs, ys).n).toBe(4);
    const power = fitForm('a*x^b', xs, ys);
    expect(power.a).toBeGreaterThan(0);
  });

  it('keeps precision on LST in kelvin to the 4th power', () => {
    const lst = Float64Array.from({ length: 100 }, (_, i) => 260 + 0.5 * i);
    const y = lst.map((v) => 2e-11 * v ** 4 + 0.01);
    const fit = fitForm('a*x^4+b', lst, y);
    expect(fit.a / 2e-11).toBeCloseTo(1, 9);
    expect(fit.b).toBeCloseTo(0.01, 9);
  });

  it('fits every form, in Table 1 order', () => {
    expect(fitAllForms(x, x.map(CURVES['a*x+b'].f)).map((f) => f.form)).toEqual([...FIT_FORMS]);
  });
});
