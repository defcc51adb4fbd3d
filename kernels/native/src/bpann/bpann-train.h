// The BPANN trainers of kernels/bpann/fast.ts (gradient descent) and lm.ts
// (Levenberg–Marquardt), for one network over 8-sample blocks. Everything is inlined
// into bpann-dispatch.cc's per-SIMD-path entry points, so it compiles for each target.
#pragma once
#include <cmath>
#include <cstring>

#include "bpann/bpann-net.h"

namespace smfuse {

// A network's samples in blocks of 8: x[3b + k] lane l = input k of sample 8b + l; mask is 1
// for real samples and 0 in the last block's padding (whose x and y are 0).
struct BpannSamples {
  const D8* x;
  const D8* y;
  const D8* mask;
  int blocks;
  int n;
};

// MATLAB trainlm's defaults, as LM_SETTINGS in lm.ts.
struct LmSettings {
  static constexpr double mu = 1e-3, muDec = 0.1, muInc = 10, muMax = 1e10, muMin = 1e-20, minGrad = 1e-7;
  static constexpr int maxFail = 6;
};

// What one network's training needs besides its samples; sized for the batch's largest network.
struct BpannScratch {
  D8* act;    // kActs
  D8* grad;   // kBpannParams (gd) or blocks · kBpannParams Jacobian columns (lm)
  D8* resid;  // blocks (lm)
  double* jtj;   // kBpannParams² (lm)
  double* chol;  // kBpannParams² (lm)
  double* vec;   // 4 · kBpannParams: Jᵀe, step, trial, best (lm)
};

// Training MSE (mseOf in backprop.ts).
SMFUSE_INLINE double mseOf(const double* P, const BpannSamples& s, D8* act) {
  D8 sse{};
  for (int b = 0; b < s.blocks; b++) {
    const D8 e = (forwardBlock(P, s.x + 3 * b, act) - s.y[b]) * s.mask[b];
    sse = fmadd(e, e, sse);
  }
  return laneSum(sse) / s.n;
}

// bpannTrainGd for one network: returns the steps taken; *mse as the JS kernel's; history
// (iterations entries, or nullptr) gets the training MSE before each step.
SMFUSE_INLINE int trainGd(double* P, const BpannSamples& s, double learningRate, int iterations, double errorGoal,
                          const BpannScratch& w, double* mse, float* history) {
  D8* g = w.grad;
  for (int it = 0; it < iterations; it++) {
    for (int k = 0; k < kBpannParams; k++) g[k] = D8{};
    D8 sse{};
    for (int b = 0; b < s.blocks; b++) {
      const D8 e = (forwardBlock(P, s.x + 3 * b, w.act) - s.y[b]) * s.mask[b];
      sse = fmadd(e, e, sse);
      backwardBlock(P, w.act, e, g);
    }
    const double m = laneSum(sse) / s.n;
    if (history) history[it] = static_cast<float>(m);
    if (m <= errorGoal) {
      *mse = m;
      return it;
    }
    for (int k = 0; k < kBpannParams; k++) P[k] = std::fma(-learningRate, (2 * laneSum(g[k])) / s.n, P[k]);
  }
  *mse = mseOf(P, s, w.act);
  return iterations;
}

// Residuals (0 in padding) and Jacobian columns J[b·176 + k] of every block; returns the MSE.
SMFUSE_INLINE double residualJacobian(const double* P, const BpannSamples& s, const BpannScratch& w) {
  D8 sse{};
  for (int b = 0; b < s.blocks; b++) {
    D8* J = w.grad + b * kBpannParams;
    for (int k = 0; k < kBpannParams; k++) J[k] = D8{};
    const D8 e = (forwardBlock(P, s.x + 3 * b, w.act) - s.y[b]) * s.mask[b];
    w.resid[b] = e;
    sse = fmadd(e, e, sse);
    backwardBlock(P, w.act, s.mask[b], J);
  }
  return laneSum(sse) / s.n;
}

// Upper triangle of JᵀJ (into jtj[i·176 + j], j ≥ i: it is symmetric, and the
// factorisation below reads rows) and Jᵀe; returns ‖Jᵀe‖. JᵀJ in T×T tiles of columns so
// that each loaded Jacobian vector feeds T products; T² accumulators must fit the
// registers (T = 4 with 32 AVX-512 ones, 2 with 16 AVX2 ones: a D8 is two there). Each
// entry sums over the blocks in the same order whatever T, so T changes no byte.
template <int T>
SMFUSE_INLINE double normalEquations(const BpannSamples& s, const BpannScratch& w, double* jte) {
  const D8* J = w.grad;
  for (int i0 = 0; i0 < kBpannParams; i0 += T) {
    for (int j0 = i0; j0 < kBpannParams; j0 += T) {
      D8 acc[T][T] = {};
      for (int b = 0; b < s.blocks; b++) {
        const D8* col = J + b * kBpannParams;
        D8 ci[T], cj[T];
        for (int a = 0; a < T; a++) ci[a] = col[i0 + a];
        for (int c = 0; c < T; c++) cj[c] = col[j0 + c];
        for (int a = 0; a < T; a++) {
          for (int c = 0; c < T; c++) acc[a][c] = fmaddHalves(ci[a], cj[c], acc[a][c]);
        }
      }
      for (int a = 0; a < T; a++) {
        for (int c = 0; c < T; c++) {
          if (j0 + c >= i0 + a) w.jtj[(i0 + a) * kBpannParams + j0 + c] = laneSum(acc[a][c]);
        }
      }
    }
  }
  double sq = 0;
  for (int i = 0; i < kBpannParams; i++) {
    D8 acc{};
    for (int b = 0; b < s.blocks; b++) acc = fmaddHalves(w.grad[b * kBpannParams + i], w.resid[b], acc);
    jte[i] = laneSum(acc);
    sq = std::fma(jte[i], jte[i], sq);
  }
  return std::sqrt(sq);
}

// Σ a[k]·b[k] for k < n, eight partial sums then the tail.
SMFUSE_INLINE double dot(const double* a, const double* b, int n) {
  D8 acc{};
  int k = 0;
  for (; k + kDoubleLanes <= n; k += kDoubleLanes) acc = fmaddHalves(loadD(a + k), loadD(b + k), acc);
  double s = laneSum(acc);
  for (; k < n; k++) s = std::fma(a[k], b[k], s);
  return s;
}

// Rows j0…j0+R−1 of U, columns [i0, i0 + 8C): rows of A less Σ_{k<j0} U[k][j]·U[k][·],
// accumulated in R·C registers (constants, so they stay registers), each loaded vector
// of a row above feeding R rows.
template <int R, int C>
SMFUSE_INLINE void choleskyRowsTile(double* a, int j0, int i0) {
  constexpr int n = kBpannParams;
  D8 acc[R][C];
  for (int r = 0; r < R; r++) {
    for (int c = 0; c < C; c++) acc[r][c] = loadD(a + (j0 + r) * n + i0 + c * kDoubleLanes);
  }
  for (int k = 0; k < j0; k++) {
    const double* rk = a + k * n;
    D8 v[C];
    for (int c = 0; c < C; c++) v[c] = loadD(rk + i0 + c * kDoubleLanes);
    for (int r = 0; r < R; r++) {
      const double u = rk[j0 + r];
      for (int c = 0; c < C; c++) acc[r][c] = fmaddHalves(splatD(-u), v[c], acc[r][c]);
    }
  }
  for (int r = 0; r < R; r++) std::memcpy(a + (j0 + r) * n + i0, acc[r], sizeof acc[r]);
}

// A = UᵀU (U = Lᵀ of cholesky.ts's choleskyInPlace) for the 176×176 matrix whose upper
// triangle a holds, in place, four rows at a time: the rows above are subtracted by
// choleskyRowsTile (contiguous vector updates, no horizontal sums), then the four rows
// are finished one after the other. Entries left of the diagonal come out as garbage and
// are never read. Returns false when A is not positive definite.
SMFUSE_INLINE bool cholesky(double* a) {
  constexpr int n = kBpannParams, R = 4, C = 4, V = n / kDoubleLanes;
  static_assert(n % kDoubleLanes == 0 && n % R == 0, "rows are whole vectors and blocks");
  for (int j0 = 0; j0 < n; j0 += R) {
    int v = j0 / kDoubleLanes;
    for (; v + C <= V; v += C) choleskyRowsTile<R, C>(a, j0, v * kDoubleLanes);
    switch (V - v) {
      case 3: choleskyRowsTile<R, 3>(a, j0, v * kDoubleLanes); break;
      case 2: choleskyRowsTile<R, 2>(a, j0, v * kDoubleLanes); break;
      case 1: choleskyRowsTile<R, 1>(a, j0, v * kDoubleLanes); break;
      default: break;
    }
    for (int j = j0; j < j0 + R; j++) {
      double* rj = a + j * n;
      const double d = rj[j];
      if (!(d > 0)) return false;
      const double l = std::sqrt(d), inverse = 1 / l;  // a product is ~10× cheaper than a vector division
      rj[j] = l;
      for (int i = j + 1; i < n; i++) rj[i] *= inverse;
      for (int j2 = j + 1; j2 < j0 + R; j2++) {
        double* r2 = a + j2 * n;
        const double u = rj[j2];
        for (int i = j2; i < n; i++) r2[i] = std::fma(-u, rj[i], r2[i]);
      }
    }
  }
  return true;
}

// UᵀU·x = b (U from cholesky), as cholesky.ts's choleskySolve: Uᵀy = b by column updates,
// then U·x = y by row dot products.
SMFUSE_INLINE void choleskySolve(const double* u, const double* b, double* x) {
  constexpr int n = kBpannParams;
  std::memcpy(x, b, sizeof(double) * n);
  for (int i = 0; i < n; i++) {
    const double* ri = u + i * n;
    x[i] /= ri[i];
    for (int t = i + 1; t < n; t++) x[t] = std::fma(-ri[t], x[i], x[t]);
  }
  for (int i = n - 1; i >= 0; i--) {
    const double* ri = u + i * n;
    x[i] = (x[i] - dot(ri + i + 1, x + i + 1, n - i - 1)) / ri[i];
  }
}

// bpannTrainLm for one network: `train` fitted, `watched` (may be empty) the validation
// holdout. Returns the steps taken; *mse as the JS kernel's; history as trainGd's.
template <int T>
SMFUSE_INLINE int trainLm(double* P, const BpannSamples& train, const BpannSamples& watched, int iterations,
                          double errorGoal, const BpannScratch& w, double* mseOut, float* history) {
  constexpr int N = kBpannParams;
  double* jte = w.vec;
  double* step = w.vec + N;
  double* trial = w.vec + 2 * N;
  double* best = w.vec + 3 * N;
  const bool validate = watched.n > 0;
  double bestWatched = validate ? mseOf(P, watched, w.act) : 0;
  int bestAt = 0;
  std::memcpy(best, P, sizeof(double) * N);
  double mu = LmSettings::mu;
  double mse = residualJacobian(P, train, w);
  int it = 0;
  for (; it < iterations; it++) {
    if (history) history[it] = static_cast<float>(mse);
    if (mse <= errorGoal || (validate && it - bestAt >= LmSettings::maxFail)) break;
    if ((2.0 / train.n) * normalEquations<T>(train, w, jte) < LmSettings::minGrad) break;
    bool accepted = false;
    for (; mu <= LmSettings::muMax; mu *= LmSettings::muInc) {
      std::memcpy(w.chol, w.jtj, sizeof(double) * N * N);
      for (int k = 0; k < N; k++) w.chol[k * N + k] += mu;
      if (!cholesky(w.chol)) continue;
      choleskySolve(w.chol, jte, step);
      for (int k = 0; k < N; k++) trial[k] = P[k] - step[k];
      if (mseOf(trial, train, w.act) < mse) {
        std::memcpy(P, trial, sizeof(double) * N);
        mu = std::fmax(mu * LmSettings::muDec, LmSettings::muMin);
        accepted = true;
        break;
      }
    }
    if (!accepted) break;
    mse = residualJacobian(P, train, w);
    if (validate) {
      const double v = mseOf(P, watched, w.act);
      if (v < bestWatched) {
        bestWatched = v;
        bestAt = it + 1;
        std::memcpy(best, P, sizeof(double) * N);
      }
    }
  }
  if (validate && bestAt < it) {
    std::memcpy(P, best, sizeof(double) * N);
    mse = mseOf(P, train, w.act);
  }
  *mseOut = mse;
  return it;
}

}  // namespace smfuse
