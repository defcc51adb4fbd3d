import { addPair, correlationOf, emptyPairMoments } from './pair-stats.js';

/**
 * The screening of the BPANN/EnKF paper's Table 1: how well one input explains the
 * observations under seven simple forms. Each form is fitted by least squares after a
 * transform that makes it linear, so every fit is closed-form and deterministic:
 * - a·xᵏ + b (k = 1…4): ordinary least squares of y on xᵏ;
 * - a·eˣ and a·ln x: least squares through the origin on eˣ (on ln x, x > 0);
 * - a·xᵇ: ordinary least squares of ln y on ln x (x > 0, y > 0), a = e^intercept.
 *   This minimises the error in log space, not in y; it is what the usual "power
 *   trendline" does, and R is then computed on the fitted values in y space.
 * R is the Pearson correlation of the fitted values with the observations.
 */
export const FIT_FORMS = ['a*x+b', 'a*x^2+b', 'a*x^3+b', 'a*x^4+b', 'a*exp(x)', 'a*ln(x)', 'a*x^b'] as const;
export type FitForm = (typeof FIT_FORMS)[number];

export interface FormFit {
  form: FitForm;
  a: number;
  /** NaN for the one-parameter forms (a·eˣ, a·ln x). */
  b: number;
  /** Pearson R of the fitted values with y; NaN with fewer than 3 pairs or a constant side. */
  r: number;
  /** Pairs the form could use (both valid, and inside its domain). */
  n: number;
}

interface Transform {
  /** Regressor of the linear fit; NaN outside the form's domain. */
  u(x: number): number;
  /** Response of the linear fit (y itself, or ln y). */
  v(y: number): number;
  throughOrigin: boolean;
  /** The fitted curve from the linear fit's slope and intercept, returning (a, b). */
  params(slope: number, intercept: number): [number, number];
  predict(x: number, a: number, b: number): number;
}

const ln = (x: number) => (x > 0 ? Math.log(x) : NaN);
const identity = (y: number) => y;

function polynomial(k: number): Transform {
  return { u: (x) => x ** k, v: identity, throughOrigin: false, params: (s, i) => [s, i], predict: (x, a, b) => a * x ** k + b };
}

const TRANSFORMS: Record<FitForm, Transform> = {
  'a*x+b': polynomial(1),
  'a*x^2+b': polynomial(2),
  'a*x^3+b': polynomial(3),
  'a*x^4+b': polynomial(4),
  'a*exp(x)': { u: Math.exp, v: identity, throughOrigin: true, params: (s) => [s, NaN], predict: (x, a) => a * Math.exp(x) },
  'a*ln(x)': { u: ln, v: identity, throughOrigin: true, params: (s) => [s, NaN], predict: (x, a) => a * ln(x) },
  'a*x^b': { u: ln, v: ln, throughOrigin: false, params: (s, i) => [Math.exp(i), s], predict: (x, a, b) => (x > 0 ? a * x ** b : NaN) },
};

/** Fits one form of y against x (NaN pairs skipped). */
export function fitForm(form: FitForm, x: ArrayLike<number>, y: ArrayLike<number>): FormFit {
  if (x.length !== y.length) throw new RangeError(`fitForm: x has ${x.length} values, y ${y.length}`);
  const t = TRANSFORMS[form];
  const valid = (i: number) => Number.isFinite(t.u(x[i])) && Number.isFinite(t.v(y[i]));
  let n = 0,
    su = 0,
    sv = 0,
    suu = 0,
    suv = 0;
  for (let i = 0; i < x.length; i++) {
    if (!valid(i)) continue;
    const u = t.u(x[i]);
    const v = t.v(y[i]);
    n++;
    su += u;
    sv += v;
    suu += u * u;
    suv += u * v;
  }
  let slope: number;
  let intercept = 0;
  if (t.throughOrigin) slope = suu > 0 ? suv / suu : NaN;
  else {
    // centred sums in a second pass: LST in kelvin to the 4th power would cancel in Σu² − (Σu)²/n
    const mu = su / n;
    const mv = sv / n;
    let cuu = 0,
      cuv = 0;
    for (let i = 0; i < x.length; i++) {
      if (!valid(i)) continue;
      const du = t.u(x[i]) - mu;
      cuu += du * du;
      cuv += du * (t.v(y[i]) - mv);
    }
    slope = n >= 2 && cuu > 0 ? cuv / cuu : NaN;
    intercept = mv - slope * mu;
  }
  const [a, b] = t.params(slope, intercept);
  const m = emptyPairMoments();
  for (let i = 0; i < x.length; i++) if (valid(i)) addPair(m, t.predict(x[i], a, b), y[i]);
  return { form, a, b, r: Number.isFinite(a) ? correlationOf(m) : NaN, n };
}

/** Every form of Table 1 for one input. */
export function fitAllForms(x: ArrayLike<number>, y: ArrayLike<number>): FormFit[] {
  return FIT_FORMS.map((form) => fitForm(form, x, y));
}
