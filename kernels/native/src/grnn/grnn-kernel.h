// The GRNN predict loop, written once and compiled per SIMD path (grnn-dispatch.cc).
#pragma once
#include <cmath>
#include <cstddef>
#include <cstdint>

#include "common/simd-vec.h"

namespace smfuse {

// Partial sums per query, whatever the register width: every path adds the same terms in
// the same order, so a query's result depends only on its data, never on the threads.
// It is also the block of the truncation: samples are skipped kLanes at a time.
constexpr std::size_t kLanes = 16;

// Training set laid out for the loop: feature columns of `padded` (n rounded up to a
// multiple of kLanes) entries, samples in k-d order (grnn-order.h) so that a block of
// kLanes neighbours in memory is also compact in feature space. Padding rows hold +inf
// features and target 0, so their distance is +inf and their weight 0 for every σ. `z`,
// when not null, is a second target whose weighted mean is written beside the prediction
// (padded with 0 too); [yMin, yMax] and [zMin, zMax] bound the targets.
struct GrnnTrainSoA {
  const float* cols;  // cols[k * padded + i]
  const float* y;
  const float* z;
  std::size_t padded;
  int d;
  float yMin, yMax, zMin, zMax;
};

// Exact truncation of one query's sums. A block whose nearest sample lies more than
// cutDist[s] (squared distance) beyond the query's nearest sample is skipped; its weights
// are at most 2^((its nearest − query's nearest)·c) each, so the dropped weight D is
// bounded from the blocks' minima alone. The prediction then differs from the full sum
// by at most D · max|y − ŷ| / (kept weight sum); when that exceeds relTol·|ŷ| (or the same
// for z) the σ is summed again over every sample. cutDist[s] = +inf (relTol 0) is brute
// force.
struct GrnnPrune {
  const float* cutDist;
  double relTol;
};

// Kept and total blocks per σ over a call's queries, and σs summed again in full.
struct GrnnPruneCounts {
  std::uint64_t kept = 0, total = 0, resummed = 0;
};

// Per-query scratch: distances (`padded`), block minima (padded / kLanes, then +inf up to
// a multiple of kLanes) and the kept blocks' indices.
struct GrnnQueryScratch {
  float* dist;
  float* blockMin;
  std::uint32_t* kept;
};

template <int W, bool kSecond>
struct GrnnSums {
  using F = typename Lanes<W>::F;
  static constexpr std::size_t R = kLanes / W;
  F num[R] = {}, den[R] = {}, numZ[R] = {};

  SMFUSE_INLINE void add(const GrnnTrainSoA& t, const float* dist, F dmin, float c, std::size_t b) {
    for (std::size_t r = 0; r < R; r++) {
      const std::size_t i = b * kLanes + r * W;
      const F w = exp2Neg((load<F>(dist + i) - dmin) * c);
      num[r] = fmadd(w, load<F>(t.y + i), num[r]);
      den[r] += w;
      if constexpr (kSecond) numZ[r] = fmadd(w, load<F>(t.z + i), numZ[r]);
    }
  }

  // Lane sums in a fixed order: sum[0] numerator, sum[1] weight, sum[2] numerator of z.
  SMFUSE_INLINE void reduce(double* sum) const {
    sum[0] = sum[1] = sum[2] = 0;
    for (std::size_t r = 0; r < R; r++) {
      for (int l = 0; l < W; l++) {
        sum[0] += num[r][l];
        sum[1] += den[r][l];
        if constexpr (kSecond) sum[2] += numZ[r][l];
      }
    }
  }
};

// Whether dropping weight `dropped` moves the weighted mean num/den of targets in
// [lo, hi] by at most relTol of it.
SMFUSE_INLINE bool truncationWithin(double dropped, double relTol, double num, double den, float lo, float hi) {
  const double mean = num / den;
  const double spread = std::fmax(hi - mean, mean - lo);
  return dropped * spread <= relTol * std::fabs(mean) * den;
}

// Bound of the weight in the dropped blocks: kLanes · 2^((min − dmin)·c) each.
template <int W>
SMFUSE_INLINE double droppedWeight(const float* blockMin, std::size_t blocks, float dmin, float c, float limit) {
  using F = typename Lanes<W>::F;
  F sum{};
  const F lim = splat<F>(limit), shift = splat<F>(dmin);
  for (std::size_t b = 0; b < blocks; b += W) {
    const F v = load<F>(blockMin + b);
    const F w = exp2Neg((v - shift) * c);
    sum += v > lim ? w : F{};
  }
  double total = 0;
  for (int l = 0; l < W; l++) total += sum[l];
  return total * kLanes;
}

// Predicts one query (d features at q) for every σ: out[s * stride] for s < ns, where
// negScale2[s] = −log2(e) / (2σ²), and with kSecond the weighted mean of t.z at
// out[(ns + s) * stride]; the prediction's arithmetic is the same either way.
template <int W, bool kSecond>
SMFUSE_INLINE void grnnQuery(const GrnnTrainSoA& t, const float* q, const float* negScale2, int ns,
                             const GrnnPrune& prune, const GrnnQueryScratch& scratch, float* out, std::size_t stride,
                             GrnnPruneCounts* counts) {
  using F = typename Lanes<W>::F;
  constexpr std::size_t R = kLanes / W;
  const std::size_t n = t.padded;
  const std::size_t blocks = n / kLanes;
  float* const dist = scratch.dist;
  float* const blockMin = scratch.blockMin;
  F nearest = splat<F>(__builtin_inff());
  for (std::size_t b = 0; b < blocks; b++) {
    F blockNearest = splat<F>(__builtin_inff());
    for (std::size_t r = 0; r < R; r++) {
      const std::size_t i = b * kLanes + r * W;
      F sum{};
      for (int k = 0; k < t.d; k++) {
        const F diff = load<F>(t.cols + k * n + i) - q[k];
        sum = fmadd(diff, diff, sum);
      }
      store(dist + i, sum);
      blockNearest = blockNearest < sum ? blockNearest : sum;
    }
    blockMin[b] = hmin(blockNearest);
    nearest = nearest < blockNearest ? nearest : blockNearest;
  }
  // Shifting by the nearest distance cancels in the ratio but gives the nearest sample
  // weight exactly 1: no 0/0 for small σ, and σ → 0 is nearest-neighbour.
  const float nearestDist = hmin(nearest);
  const F dmin = splat<F>(nearestDist);
  for (int s = 0; s < ns; s++) {
    const float c = negScale2[s];
    const float limit = nearestDist + prune.cutDist[s];
    std::size_t nk = 0;
    for (std::size_t b = 0; b < blocks; b++) {
      scratch.kept[nk] = static_cast<std::uint32_t>(b);
      nk += !(blockMin[b] > limit);
    }
    GrnnSums<W, kSecond> sums;
    for (std::size_t k = 0; k < nk; k++) sums.add(t, dist, dmin, c, scratch.kept[k]);
    double sum[3];
    sums.reduce(sum);
    if (nk < blocks) {
      const double dropped = droppedWeight<W>(blockMin, blocks, nearestDist, c, limit);
      const bool within = truncationWithin(dropped, prune.relTol, sum[0], sum[1], t.yMin, t.yMax) &&
                          (!kSecond || truncationWithin(dropped, prune.relTol, sum[2], sum[1], t.zMin, t.zMax));
      if (!within) {
        GrnnSums<W, kSecond> all;
        for (std::size_t b = 0; b < blocks; b++) all.add(t, dist, dmin, c, b);
        all.reduce(sum);
        counts[s].resummed++;
        nk = blocks;
      }
    }
    counts[s].kept += nk;
    counts[s].total += blocks;
    out[s * stride] = static_cast<float>(sum[0] / sum[1]);
    if constexpr (kSecond) out[(ns + s) * stride] = static_cast<float>(sum[2] / sum[1]);
  }
}

}  // namespace smfuse
