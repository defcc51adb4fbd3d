import { deriveSeed } from '../../core/rng.js';
import { makeGaussianStream } from './gaussian-table.js';
import {
  ENKF_FILTER_DEFAULTS,
  STREAM_ENKF,
  type EnkfFilterOptions,
  type EnkfInputs,
  type EnkfKernel,
  type EnkfOutputs,
  type EnkfSetup,
} from './types.js';

/**
 * Typed-array EnKF, pixel after pixel, members in one flat buffer [member][4].
 * Each observation is a scalar, so H·P·Hᵀ + R is a scalar and the gain needs no
 * inverse: K_k = cov(τ_k, H·τ) / (var(H·τ) + R), from two passes over the members.
 * The state noise is deferred to the next analysis, so that a day without observation
 * costs O(1): `inflate` keeps one pending anomaly factor per coefficient (the product of
 * the daily √(1 + q_k/var_k), variance +q_k a day exactly, mean kept), `additive` the
 * pending variance Σq_k, drawn as N(0, Σq_k) per member at the analysis (the sum of the
 * daily draws in distribution; forecasts between analyses use its mean, 0).
 */
export function enkfRunFast(inputs: EnkfInputs, setup: EnkfSetup, options: EnkfFilterOptions, out: EnkfOutputs): void {
  const { members: N, obsVariance: R, inflation, stateNoiseMode, seed, seedOffset = 0 } = { ...ENKF_FILTER_DEFAULTS, ...options };
  const additive = stateNoiseMode === 'additive';
  const { days, pixels, smap, clm, lst, obs } = inputs;
  const { fused, sd, stateMean, stateSpread } = out;
  const ens = new Float64Array(N * 4);
  const hx = new Float64Array(N);
  const sdR = Math.sqrt(R);
  const count = setup.pixels.length;
  for (let i = 0; i < count; i++) {
    const p = setup.pixels[i];
    const gauss = makeGaussianStream(deriveSeed(seed, STREAM_ENKF, p + seedOffset));
    const s0 = Math.sqrt(setup.initVariance[i * 4]),
      s1 = Math.sqrt(setup.initVariance[i * 4 + 1]);
    const s2 = Math.sqrt(setup.initVariance[i * 4 + 2]),
      s3 = Math.sqrt(setup.initVariance[i * 4 + 3]);
    for (let m = 0; m < N; m++) {
      const e = m * 4,
        o = i * 4;
      ens[e] = setup.initMean[o] + s0 * gauss();
      ens[e + 1] = setup.initMean[o + 1] + s1 * gauss();
      ens[e + 2] = setup.initMean[o + 2] + s2 * gauss();
      ens[e + 3] = setup.initMean[o + 3] + s3 * gauss();
    }
    const q0 = setup.stateNoise[i * 4],
      q1 = setup.stateNoise[i * 4 + 1],
      q2 = setup.stateNoise[i * 4 + 2],
      q3 = setup.stateNoise[i * 4 + 3];
    // ensemble mean, variance, and the pending anomaly factors (inflate) or variances (additive) of each coefficient
    let m0 = 0,
      m1 = 0,
      m2 = 0,
      m3 = 0,
      v0 = 0,
      v1 = 0,
      v2 = 0,
      v3 = 0;
    // covariances between coefficients (1/N), for the spread of H·τ (out.sd)
    let c01 = 0,
      c02 = 0,
      c03 = 0,
      c12 = 0,
      c13 = 0,
      c23 = 0;
    let f0 = 1,
      f1 = 1,
      f2 = 1,
      f3 = 1;
    let p0 = 0,
      p1 = 0,
      p2 = 0,
      p3 = 0;
    const moments = () => {
      m0 = m1 = m2 = m3 = 0;
      for (let m = 0; m < N; m++) {
        const e = m * 4;
        m0 += ens[e];
        m1 += ens[e + 1];
        m2 += ens[e + 2];
        m3 += ens[e + 3];
      }
      m0 /= N;
      m1 /= N;
      m2 /= N;
      m3 /= N;
      v0 = v1 = v2 = v3 = 0;
      c01 = c02 = c03 = c12 = c13 = c23 = 0;
      for (let m = 0; m < N; m++) {
        const e = m * 4;
        const d0 = ens[e] - m0,
          d1 = ens[e + 1] - m1,
          d2 = ens[e + 2] - m2,
          d3 = ens[e + 3] - m3;
        v0 += d0 * d0;
        v1 += d1 * d1;
        v2 += d2 * d2;
        v3 += d3 * d3;
        if (sd) {
          c01 += d0 * d1;
          c02 += d0 * d2;
          c03 += d0 * d3;
          c12 += d1 * d2;
          c13 += d1 * d3;
          c23 += d2 * d3;
        }
      }
      v0 /= N;
      v1 /= N;
      v2 /= N;
      v3 /= N;
      c01 /= N;
      c02 /= N;
      c03 /= N;
      c12 /= N;
      c13 /= N;
      c23 /= N;
    };
    moments();
    for (let d = 0; d < days; d++) {
      const j = d * pixels + p;
      const s = smap[j],
        h1 = clm[j],
        h2 = lst[j],
        y = obs[j];
      const h0 = s * s;
      const valid = h0 === h0 && h1 === h1 && h2 === h2;
      fused[j] = valid ? h0 * m0 + h1 * m1 + h2 * m2 + m3 : NaN;
      if (sd) {
        // var(H·τ) of the forecast ensemble: anomalies scaled by the pending factors (inflate), variances with the pending noise (additive)
        const diag = h0 * h0 * v0 + h1 * h1 * v1 + h2 * h2 * v2 + v3;
        const off =
          h0 * h1 * c01 * f0 * f1 +
          h0 * h2 * c02 * f0 * f2 +
          h0 * c03 * f0 * f3 +
          h1 * h2 * c12 * f1 * f2 +
          h1 * c13 * f1 * f3 +
          h2 * c23 * f2 * f3;
        sd[j] = valid ? Math.sqrt(Math.max(0, diag + 2 * off)) : NaN;
      }
      if (valid && y === y) {
        const g0 = f0 * inflation,
          g1 = f1 * inflation,
          g2 = f2 * inflation,
          g3 = f3 * inflation;
        const d0 = Math.sqrt(p0),
          d1 = Math.sqrt(p1),
          d2 = Math.sqrt(p2),
          d3 = Math.sqrt(p3);
        let mh = 0;
        for (let m = 0; m < N; m++) {
          const e = m * 4;
          let a0 = m0 + g0 * (ens[e] - m0),
            a1 = m1 + g1 * (ens[e + 1] - m1);
          let a2 = m2 + g2 * (ens[e + 2] - m2),
            a3 = m3 + g3 * (ens[e + 3] - m3);
          if (additive) {
            a0 += d0 * gauss();
            a1 += d1 * gauss();
            a2 += d2 * gauss();
            a3 += d3 * gauss();
          }
          ens[e] = a0;
          ens[e + 1] = a1;
          ens[e + 2] = a2;
          ens[e + 3] = a3;
          const v = h0 * a0 + h1 * a1 + h2 * a2 + a3;
          hx[m] = v;
          mh += v;
        }
        mh /= N;
        let hph = 0,
          c0 = 0,
          c1 = 0,
          c2 = 0,
          c3 = 0;
        for (let m = 0; m < N; m++) {
          const e = m * 4;
          const dh = hx[m] - mh;
          hph += dh * dh;
          c0 += (ens[e] - m0) * dh;
          c1 += (ens[e + 1] - m1) * dh;
          c2 += (ens[e + 2] - m2) * dh;
          c3 += (ens[e + 3] - m3) * dh;
        }
        const denom = hph / N + R;
        const k0 = c0 / N / denom,
          k1 = c1 / N / denom,
          k2 = c2 / N / denom,
          k3 = c3 / N / denom;
        for (let m = 0; m < N; m++) {
          const e = m * 4;
          const innovation = y + sdR * gauss() - hx[m];
          ens[e] += k0 * innovation;
          ens[e + 1] += k1 * innovation;
          ens[e + 2] += k2 * innovation;
          ens[e + 3] += k3 * innovation;
        }
        f0 = f1 = f2 = f3 = 1;
        p0 = p1 = p2 = p3 = 0;
        moments();
      }
      if (stateMean) {
        const o = (d * count + i) * 4;
        stateMean[o] = m0;
        stateMean[o + 1] = m1;
        stateMean[o + 2] = m2;
        stateMean[o + 3] = m3;
        stateSpread![o] = Math.sqrt(v0);
        stateSpread![o + 1] = Math.sqrt(v1);
        stateSpread![o + 2] = Math.sqrt(v2);
        stateSpread![o + 3] = Math.sqrt(v3);
      }
      // the forecast to the next day: state noise, pending until the next analysis
      if (additive) {
        p0 += q0;
        p1 += q1;
        p2 += q2;
        p3 += q3;
        v0 += q0;
        v1 += q1;
        v2 += q2;
        v3 += q3;
      } else {
        if (v0 > 0) {
          f0 *= Math.sqrt(1 + q0 / v0);
          v0 += q0;
        }
        if (v1 > 0) {
          f1 *= Math.sqrt(1 + q1 / v1);
          v1 += q1;
        }
        if (v2 > 0) {
          f2 *= Math.sqrt(1 + q2 / v2);
          v2 += q2;
        }
        if (v3 > 0) {
          f3 *= Math.sqrt(1 + q3 / v3);
          v3 += q3;
        }
      }
    }
  }
}

export const fastKernel: EnkfKernel = { name: 'js', run: enkfRunFast };
