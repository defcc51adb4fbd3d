// The GRNN predict loop, written once and compiled per SIMD path (grnn-dispatch.cc).
#pragma once
#include <cstddef>

#include "common/simd-vec.h"

namespace smfuse {

// Partial sums per query, whatever the register width: every path adds the same terms in
// the same order, so a query's result depends only on its data, never on the threads.
constexpr std::size_t kLanes = 16;

// Training set laid out for the loop: feature columns of `padded` (n rounded up to a
// multiple of kLanes) entries. Padding rows hold +inf features and target 0, so their
// distance is +inf and their weight 0 for every σ. `z`, when not null, is a second
// target whose weighted mean is written beside the prediction (padded with 0 too).
struct GrnnTrainSoA {
  const float* cols;  // cols[k * padded + i]
  const float* y;
  const float* z;
  std::size_t padded;
  int d;
};

// Predicts one query (d features at q) for every σ: out[s * stride] for s < ns, where
// negScale2[s] = −log2(e) / (2σ²), and with kSecond the weighted mean of t.z at
// out[(ns + s) * stride]; the prediction's arithmetic is the same either way. dist is
// scratch of `padded` floats.
template <int W, bool kSecond>
SMFUSE_INLINE void grnnQuery(const GrnnTrainSoA& t, const float* q, const float* negScale2, int ns, float* dist,
                             float* out, std::size_t stride) {
  using F = typename Lanes<W>::F;
  constexpr std::size_t R = kLanes / W;
  const std::size_t n = t.padded;
  F nearest = splat<F>(__builtin_inff());
  for (std::size_t i = 0; i < n; i += W) {
    F sum{};
    for (int k = 0; k < t.d; k++) {
      const F diff = load<F>(t.cols + k * n + i) - q[k];
      sum = fmadd(diff, diff, sum);
    }
    store(dist + i, sum);
    nearest = nearest < sum ? nearest : sum;
  }
  // Shifting by the nearest distance cancels in the ratio but gives the nearest sample
  // weight exactly 1: no 0/0 for small σ, and σ → 0 is nearest-neighbour.
  const F dmin = splat<F>(hmin(nearest));
  for (int s = 0; s < ns; s++) {
    const float c = negScale2[s];
    F num[R] = {}, den[R] = {}, numZ[R] = {};
    for (std::size_t i = 0; i < n; i += kLanes) {
      for (std::size_t r = 0; r < R; r++) {
        const F w = exp2Neg((load<F>(dist + i + r * W) - dmin) * c);
        num[r] = fmadd(w, load<F>(t.y + i + r * W), num[r]);
        den[r] += w;
        if constexpr (kSecond) numZ[r] = fmadd(w, load<F>(t.z + i + r * W), numZ[r]);
      }
    }
    double sumNum = 0, sumDen = 0, sumZ = 0;
    for (std::size_t r = 0; r < R; r++) {
      for (int l = 0; l < W; l++) {
        sumNum += num[r][l];
        sumDen += den[r][l];
        if constexpr (kSecond) sumZ += numZ[r][l];
      }
    }
    out[s * stride] = static_cast<float>(sumNum / sumDen);
    if constexpr (kSecond) out[(ns + s) * stride] = static_cast<float>(sumZ / sumDen);
  }
}

}  // namespace smfuse
