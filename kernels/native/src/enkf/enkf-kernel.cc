#include "enkf/enkf-kernel.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "common/thread-pool.h"

// Every product and sum must round on its own, as in JS, for results equal to the JS
// kernel's bit for bit: no fused multiply-add. The x86-64 baseline target has none; on
// other CPUs the compilers would contract a·b + c into one unless told not to.
#if defined(__clang__)
#pragma STDC FP_CONTRACT OFF
#elif defined(__GNUC__)
#pragma GCC optimize("fp-contract=off")
#endif

namespace smfuse {
namespace {

// Pixels per parallelFor index: amortizes the hand-off; a pixel-year is ~0.5 ms.
constexpr std::size_t kPixelsPerTask = 8;

// gaussian-table.ts's makeGaussianStream: one mulberry32 step, the top bits index the table.
class GaussianStream {
 public:
  GaussianStream(std::uint32_t seed, const double* table) : state_(seed), table_(table) {}
  double next() {
    state_ += 0x6d2b79f5u;
    std::uint32_t t = (state_ ^ (state_ >> 15)) * (1u | state_);
    t = (t + (t ^ (t >> 7)) * (61u | t)) ^ t;
    return table_[(t ^ (t >> 14)) >> (32 - kNormalTableBits)];
  }

 private:
  std::uint32_t state_;
  const double* table_;
};

// Ensemble mean and (1/N) variance of each coefficient; with `cov`, the (1/N) covariances
// c01, c02, c03, c12, c13, c23 (for the spread of H·τ).
struct Moments {
  double m[4];
  double v[4];
  double c[6];
};

Moments momentsOf(const double* ens, int N, bool cov) {
  Moments r{};
  for (int m = 0; m < N; m++) {
    for (int k = 0; k < 4; k++) r.m[k] += ens[m * 4 + k];
  }
  for (int k = 0; k < 4; k++) r.m[k] /= N;
  for (int m = 0; m < N; m++) {
    double d[4];
    for (int k = 0; k < 4; k++) {
      d[k] = ens[m * 4 + k] - r.m[k];
      r.v[k] += d[k] * d[k];
    }
    if (cov) {
      r.c[0] += d[0] * d[1]; r.c[1] += d[0] * d[2]; r.c[2] += d[0] * d[3];
      r.c[3] += d[1] * d[2]; r.c[4] += d[1] * d[3]; r.c[5] += d[2] * d[3];
    }
  }
  for (int k = 0; k < 4; k++) r.v[k] /= N;
  for (int k = 0; k < 6; k++) r.c[k] /= N;
  return r;
}

void filterPixel(const EnkfCubes& in, const EnkfPlan& plan, std::size_t i, double* ens, double* hx, float* fused,
                 float* sd, float* stateMean, float* stateSpread) {
  const bool cov = sd != nullptr;
  const int N = plan.members;
  const double R = plan.obsVariance, sdR = std::sqrt(R);
  const bool additive = plan.additiveNoise;
  const std::size_t p = static_cast<std::size_t>(plan.filtered[i]);
  GaussianStream gauss(plan.seeds[i], plan.normalTable);
  const double* init = plan.initMean + i * 4;
  const double* q = plan.stateNoise + i * 4;
  double sdInit[4];
  for (int k = 0; k < 4; k++) sdInit[k] = std::sqrt(plan.initVariance[i * 4 + k]);
  for (int m = 0; m < N; m++) {
    for (int k = 0; k < 4; k++) ens[m * 4 + k] = init[k] + sdInit[k] * gauss.next();
  }
  Moments s = momentsOf(ens, N, cov);
  // Pending anomaly factors (inflate) or variances (additive) of the deferred state noise (see fast.ts).
  double f[4] = {1, 1, 1, 1};
  double pend[4] = {0, 0, 0, 0};
  for (std::size_t d = 0; d < in.days; d++) {
    const std::size_t j = d * in.pixels + p;
    const double sm = in.smap[j], h1 = in.clm[j], h2 = in.lst[j], y = in.obs[j];
    const double h0 = sm * sm;
    const bool valid = h0 == h0 && h1 == h1 && h2 == h2;
    fused[j] = valid ? static_cast<float>(h0 * s.m[0] + h1 * s.m[1] + h2 * s.m[2] + s.m[3]) : NAN;
    if (sd) {
      // var(H·τ) of the forecast ensemble, as fast.ts (same order of operations)
      const double diag = h0 * h0 * s.v[0] + h1 * h1 * s.v[1] + h2 * h2 * s.v[2] + s.v[3];
      const double off = h0 * h1 * s.c[0] * f[0] * f[1] + h0 * h2 * s.c[1] * f[0] * f[2] + h0 * s.c[2] * f[0] * f[3] +
                         h1 * h2 * s.c[3] * f[1] * f[2] + h1 * s.c[4] * f[1] * f[3] + h2 * s.c[5] * f[2] * f[3];
      sd[j] = valid ? static_cast<float>(std::sqrt(std::max(0.0, diag + 2 * off))) : NAN;
    }
    if (valid && y == y) {
      double g[4];
      double sdNoise[4];
      for (int k = 0; k < 4; k++) {
        g[k] = f[k] * plan.inflation;
        sdNoise[k] = std::sqrt(pend[k]);
      }
      double mh = 0;
      for (int m = 0; m < N; m++) {
        double* e = ens + m * 4;
        for (int k = 0; k < 4; k++) e[k] = s.m[k] + g[k] * (e[k] - s.m[k]);
        if (additive) {
          for (int k = 0; k < 4; k++) e[k] += sdNoise[k] * gauss.next();
        }
        const double v = h0 * e[0] + h1 * e[1] + h2 * e[2] + e[3];
        hx[m] = v;
        mh += v;
      }
      mh /= N;
      double hph = 0, c[4] = {0, 0, 0, 0};
      for (int m = 0; m < N; m++) {
        const double* e = ens + m * 4;
        const double dh = hx[m] - mh;
        hph += dh * dh;
        for (int k = 0; k < 4; k++) c[k] += (e[k] - s.m[k]) * dh;
      }
      const double denom = hph / N + R;
      double gain[4];
      for (int k = 0; k < 4; k++) gain[k] = c[k] / N / denom;
      for (int m = 0; m < N; m++) {
        double* e = ens + m * 4;
        const double innovation = y + sdR * gauss.next() - hx[m];
        for (int k = 0; k < 4; k++) e[k] += gain[k] * innovation;
      }
      for (double& fk : f) fk = 1;
      for (double& pk : pend) pk = 0;
      s = momentsOf(ens, N, cov);
    }
    if (stateMean) {
      const std::size_t o = (d * plan.count + i) * 4;
      for (int k = 0; k < 4; k++) {
        stateMean[o + k] = static_cast<float>(s.m[k]);
        stateSpread[o + k] = static_cast<float>(std::sqrt(s.v[k]));
      }
    }
    for (int k = 0; k < 4; k++) {
      if (additive) {
        pend[k] += q[k];
        s.v[k] += q[k];
      } else if (s.v[k] > 0) {
        f[k] *= std::sqrt(1 + q[k] / s.v[k]);
        s.v[k] += q[k];
      }
    }
  }
}

}  // namespace

void enkfRun(const EnkfCubes& in, const EnkfPlan& plan, float* fused, float* sd, float* stateMean, float* stateSpread,
             unsigned threads) {
  const std::size_t tasks = (plan.count + kPixelsPerTask - 1) / kPixelsPerTask;
  parallelFor(tasks, threads, [&](std::size_t task) {
    thread_local std::vector<double> ens, hx;  // per-thread scratch, reused across calls
    ens.resize(static_cast<std::size_t>(plan.members) * 4);
    hx.resize(static_cast<std::size_t>(plan.members));
    const std::size_t end = std::min(plan.count, (task + 1) * kPixelsPerTask);
    for (std::size_t i = task * kPixelsPerTask; i < end; i++) {
      filterPixel(in, plan, i, ens.data(), hx.data(), fused, sd, stateMean, stateSpread);
    }
  });
}

}  // namespace smfuse
