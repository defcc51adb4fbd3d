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

// ‖q − xᵢ‖² of the W samples whose features are at cols[k * stride] (k < d): one
// rounding per fused multiply-add, in feature order, on every path.
template <class F>
SMFUSE_INLINE F squaredDistances(const float* cols, std::size_t stride, int d, const float* q) {
  F sum{};
  for (int k = 0; k < d; k++) {
    const F diff = load<F>(cols + k * stride) - q[k];
    sum = fmadd(diff, diff, sum);
  }
  return sum;
}

// Σ wᵢ·yᵢ, Σ wᵢ and (with kSecond) Σ wᵢ·zᵢ with wᵢ = 2^((distᵢ − dmin)·c), over ranges of
// whole kLanes blocks added in order: kLanes float partial sums, totalled in double in
// lane order, so the result does not depend on W. Used by the brute-force and truncated kernels.
struct GrnnSums {
  double num, den, z;
};

template <int W, bool kSecond>
struct GrnnAccumulator {
  using F = typename Lanes<W>::F;
  static constexpr std::size_t R = kLanes / W;
  F num[R] = {}, den[R] = {}, numZ[R] = {};

  // Adds samples [i0, i1) (i0 and i1 multiples of kLanes).
  SMFUSE_INLINE void add(const float* dist, const float* y, const float* z, std::size_t i0, std::size_t i1, F dmin, float c) {
    for (std::size_t i = i0; i < i1; i += kLanes) {
      for (std::size_t r = 0; r < R; r++) {
        const F w = exp2Neg((load<F>(dist + i + r * W) - dmin) * c);
        num[r] = fmadd(w, load<F>(y + i + r * W), num[r]);
        den[r] += w;
        if constexpr (kSecond) numZ[r] = fmadd(w, load<F>(z + i + r * W), numZ[r]);
      }
    }
  }

  SMFUSE_INLINE GrnnSums total() const {
    GrnnSums sums{0, 0, 0};
    for (std::size_t r = 0; r < R; r++) {
      for (int l = 0; l < W; l++) {
        sums.num += num[r][l];
        sums.den += den[r][l];
        if constexpr (kSecond) sums.z += numZ[r][l];
      }
    }
    return sums;
  }
};

// Predicts one query (d features at q) for every σ: out[s * stride] for s < ns, where
// negScale2[s] = −log2(e) / (2σ²), and with kSecond the weighted mean of t.z at
// out[(ns + s) * stride]; the prediction's arithmetic is the same either way. dist is
// scratch of `padded` floats.
template <int W, bool kSecond>
SMFUSE_INLINE void grnnQuery(const GrnnTrainSoA& t, const float* q, const float* negScale2, int ns, float* dist,
                             float* out, std::size_t stride) {
  using F = typename Lanes<W>::F;
  const std::size_t n = t.padded;
  F nearest = splat<F>(__builtin_inff());
  for (std::size_t i = 0; i < n; i += W) {
    const F sum = squaredDistances<F>(t.cols + i, n, t.d, q);
    store(dist + i, sum);
    nearest = nearest < sum ? nearest : sum;
  }
  // Shifting by the nearest distance cancels in the ratio but gives the nearest sample
  // weight exactly 1: no 0/0 for small σ, and σ → 0 is nearest-neighbour.
  const F dmin = splat<F>(hmin(nearest));
  for (int s = 0; s < ns; s++) {
    GrnnAccumulator<W, kSecond> acc;
    acc.add(dist, t.y, t.z, 0, n, dmin, negScale2[s]);
    const GrnnSums sums = acc.total();
    out[s * stride] = static_cast<float>(sums.num / sums.den);
    if constexpr (kSecond) out[(ns + s) * stride] = static_cast<float>(sums.z / sums.den);
  }
}

}  // namespace smfuse
