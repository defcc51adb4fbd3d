/**
 * Triple collocation (TC) in covariance notation (Gruber et al. 2016, doi:10.1016/j.jag.2015.09.002;
 * pytesmo.metrics.tcol_metrics). For three collocated series x, y, z = α + β·t + ε with
 * errors independent of each other and of the signal t, with Q the sample covariance
 * matrix (over n − 1, as numpy.cov) and (i, j, k) a rotation of (x, y, z):
 *   error variance  σ²ε_i = Q_ii − Q_ij·Q_ik / Q_jk           (in i's own units)
 *   SNR_i [dB]      = −10·log10 | |Q_ii·Q_jk / (Q_ij·Q_ik)| − 1 |  (Gruber et al. 2020, eq. 11)
 *   scaling β_i     = Q_rk / Q_ik (k the third member, r the reference); β_r = 1
 *   err_std_i       = √σ²ε_i · β_i: the error sd in the reference's units (pytesmo's err_std)
 * A negative error variance (sampling error, or errors that are not independent) gives a
 * NaN error sd, as numpy's sqrt does; the raw variance is kept.
 */
export interface TripleCollocation {
  n: number;
  /** σ²ε of x, y, z, each in its own units. */
  errVar: [number, number, number];
  /** Error sd scaled into the reference's units. */
  errStd: [number, number, number];
  snrDb: [number, number, number];
  beta: [number, number, number];
}

/** Running moments of three series (Welford), reused across pixels. */
export interface TripleMoments {
  n: number;
  mean: Float64Array;
  /** Co-moments Σ(a − ā)(b − b̄): xx, yy, zz, xy, xz, yz. */
  c: Float64Array;
}

export function emptyTripleMoments(): TripleMoments {
  return { n: 0, mean: new Float64Array(3), c: new Float64Array(6) };
}

function resetTriple(m: TripleMoments): void {
  m.n = 0;
  m.mean.fill(0);
  m.c.fill(0);
}

/** Adds one triplet; skipped when any value is NaN. */
export function addTriple(m: TripleMoments, x: number, y: number, z: number): void {
  if (Number.isNaN(x) || Number.isNaN(y) || Number.isNaN(z)) return;
  const n = ++m.n;
  const dx = x - m.mean[0];
  const dy = y - m.mean[1];
  const dz = z - m.mean[2];
  m.mean[0] += dx / n;
  m.mean[1] += dy / n;
  m.mean[2] += dz / n;
  const ex = x - m.mean[0];
  const ey = y - m.mean[1];
  const ez = z - m.mean[2];
  m.c[0] += dx * ex;
  m.c[1] += dy * ey;
  m.c[2] += dz * ez;
  m.c[3] += dx * ey;
  m.c[4] += dx * ez;
  m.c[5] += dy * ez;
}

/** TC from moments; every figure NaN when n < 3 (a covariance needs n − 1 > 1 for any test of it). */
export function tripleCollocationFromMoments(m: TripleMoments, refIndex: 0 | 1 | 2 = 0): TripleCollocation {
  const { n } = m;
  const nan: [number, number, number] = [NaN, NaN, NaN];
  if (n < 3) return { n, errVar: nan, errStd: [...nan], snrDb: [...nan], beta: [...nan] };
  const f = 1 / (n - 1);
  const q = [
    [m.c[0] * f, m.c[3] * f, m.c[4] * f],
    [m.c[3] * f, m.c[1] * f, m.c[5] * f],
    [m.c[4] * f, m.c[5] * f, m.c[2] * f],
  ];
  const errVar: [number, number, number] = [0, 0, 0];
  const snrDb: [number, number, number] = [0, 0, 0];
  const beta: [number, number, number] = [0, 0, 0];
  for (let i = 0; i < 3; i++) {
    const j = (i + 1) % 3;
    const k = (i + 2) % 3;
    errVar[i] = q[i][i] - (q[i][j] * q[i][k]) / q[j][k];
    snrDb[i] = 10 * Math.log10(1 / Math.abs(Math.abs((q[i][i] * q[j][k]) / (q[i][j] * q[i][k])) - 1));
    if (i === refIndex) beta[i] = 1;
    else {
      const third = 3 - i - refIndex;
      beta[i] = q[refIndex][third] / q[i][third];
    }
  }
  const errStd = errVar.map((v, i) => Math.sqrt(v) * beta[i]) as [number, number, number];
  return { n, errVar, errStd, snrDb, beta };
}

/** TC of three aligned series, triplets with a NaN skipped. */
export function tripleCollocation(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  z: ArrayLike<number>,
  refIndex: 0 | 1 | 2 = 0,
): TripleCollocation {
  if (x.length !== y.length || x.length !== z.length)
    throw new RangeError(`tripleCollocation: ${x.length}, ${y.length} and ${z.length} values`);
  const m = emptyTripleMoments();
  for (let i = 0; i < x.length; i++) addTriple(m, x[i], y[i], z[i]);
  return tripleCollocationFromMoments(m, refIndex);
}

type Three<T> = [T, T, T];

/** Per-pixel TC maps of three cubes [day][pixel]: the figures of TripleCollocation per member. */
export interface TripleCollocationMaps {
  n: Int32Array;
  errVar: Three<Float32Array>;
  errStd: Three<Float32Array>;
  snrDb: Three<Float32Array>;
  beta: Three<Float32Array>;
}

/** TC per pixel; NaN where a pixel has fewer than `minDays` common days. */
export function tripleCollocationMaps(
  cubes: readonly [Float32Array, Float32Array, Float32Array],
  pixels: number,
  minDays: number,
): TripleCollocationMaps {
  const days = pixels > 0 ? cubes[0].length / pixels : 0;
  const three = (): Three<Float32Array> => [new Float32Array(pixels), new Float32Array(pixels), new Float32Array(pixels)];
  const maps: TripleCollocationMaps = { n: new Int32Array(pixels), errVar: three(), errStd: three(), snrDb: three(), beta: three() };
  const m = emptyTripleMoments();
  const [a, b, c] = cubes;
  for (let p = 0; p < pixels; p++) {
    resetTriple(m);
    for (let d = 0, i = p; d < days; d++, i += pixels) addTriple(m, a[i], b[i], c[i]);
    const tc = m.n >= minDays ? tripleCollocationFromMoments(m) : null;
    maps.n[p] = m.n;
    for (let s = 0; s < 3; s++) {
      maps.errVar[s][p] = tc ? tc.errVar[s] : NaN;
      maps.errStd[s][p] = tc ? tc.errStd[s] : NaN;
      maps.snrDb[s][p] = tc ? tc.snrDb[s] : NaN;
      maps.beta[s][p] = tc ? tc.beta[s] : NaN;
    }
  }
  return maps;
}
