// The truncated GRNN predict loop (grnn-truncated-dispatch.cc compiles it per SIMD path):
// per query and σ only the k-d tree leaves near the query are summed, with a proof that the
// leaves left out change the prediction by at most relTol of it.
//
// The bound. Let K be the kept samples, U the dropped ones, wᵢ = exp(−(dᵢ − s)/2σ²) for any
// shift s, P = Σ wᵢyᵢ / Σ wᵢ over all samples (the brute-force prediction) and P_K the
// same over K. Then
//   P − P_K = Σ_U wᵢ (yᵢ − P_K) / Σ_all wᵢ,  so  |P − P_K| ≤ W_U · max_U |yᵢ − P_K| / W_K = e
// (W_U = Σ_U wᵢ, W_K = Σ_K wᵢ ≤ Σ_all wᵢ). Since |P| ≥ |P_K| − e, e·(1 + relTol) ≤ relTol·|P_K|
// gives |P − P_K| ≤ relTol·|P|. max_U |yᵢ − P_K| ≤ max(yMax − P_K, P_K − yMin) over the whole
// set. A dropped leaf with box distance LB holds samples with dᵢ ≥ LB, so with s ≥ the exact
// nearest distance each weighs at most exp(−(LB − s)/2σ²): W_U ≤ Σ_dropped leaves
// count·exp(−(LB − s)/2σ²). The same holds for the second target z.
// Arithmetic safety: s is the float nearest distance × (1 + 1e-6) (at least the exact one);
// box distances are computed in float and shrunk by more than their rounding; the
// bound's float sum of exp2Neg terms is doubled (its rounding is far below that), plus
// n·2⁻¹²⁶ for terms exp2Neg flushes to 0; W_K is taken as half its float sum and |P_K|
// × (1 − 1e-5). So the truncated result is within relTol·|P| of the exact-arithmetic
// brute-force value, plus the float rounding both kernels share.
//
// The cut: a σ keeps the leaves whose box is within r² = s + 2σ²·T of the query. T starts
// at ln(1/relTol) + 3 (then at the previous σ's final T); when the bound fails, T grows
// by ln(bound / allowed) + 2 and the newly reached leaves are added; a σ whose r² reaches
// the farthest corner of the data's box, or that needs more than kMaxCuts cuts, keeps
// everything.
//
// Same bytes on every path: the tree, the visiting order (cut by cut, leaves in tree
// order) and the decisions are scalar code or lane-wise float arithmetic summed over
// kLanes partial sums in lane order; distances are squaredDistances and the sums a
// GrnnAccumulator, both W-independent (grnn-kernel.h).
#pragma once
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <vector>

#include "grnn/grnn-kernel.h"
#include "grnn/grnn-tree.h"

namespace smfuse {

constexpr int kMaxCuts = 6;

struct GrnnTruncatedParams {
  const float* negScale2;  // −log2(e)/(2σ²) per σ, as the brute-force kernel weighs
  const double* inv2s2;    // 1/(2σ²) per σ, for the bound
  int ns;
  double relTol;  // 0 keeps every sample
  float boxShrink;  // 1 − (more than the relative rounding of a float box distance)
};

// Per-thread scratch, grown to the tree's size on first use.
struct GrnnTruncatedScratch {
  std::vector<float> dist;  // tree order
  std::vector<float> lb;    // per leaf: lower bound on the squared distance to its samples
  std::vector<std::uint32_t> stamp;  // per leaf: the query serial whose distances dist holds
  std::uint32_t serial = 0;

  void fit(const GrnnTree& t) {
    if (dist.size() < t.padded) dist.assign(t.padded, 0.0f);
    if (lb.size() < t.leavesPadded) lb.assign(t.leavesPadded, 0.0f);
    if (stamp.size() < t.leavesPadded) stamp.assign(t.leavesPadded, 0);
  }
  // A new query: stamps of earlier queries no longer count.
  void next() {
    if (++serial == 0) {
      std::fill(stamp.begin(), stamp.end(), 0);
      serial = 1;
    }
  }
};

// Totals for the bench and the tests: kept samples per σ, distances computed.
struct GrnnTruncatedCounts {
  std::vector<double> kept;
  double distances = 0;
};

// Every leaf's squared box distance, lane-wise in float (the same bytes on every path),
// times p.boxShrink: a lower bound on the exact squared distance to each of its samples.
template <int W>
SMFUSE_INLINE void leafLowerBounds(const GrnnTree& t, const float* q, float shrink, float* lb) {
  using F = typename Lanes<W>::F;
  const F zero{};
  for (std::size_t l = 0; l < t.leavesPadded; l += W) {
    F sum{};
    for (int k = 0; k < t.d; k++) {
      const F below = load<F>(t.lo.data() + k * t.leavesPadded + l) - q[k];
      const F above = q[k] - load<F>(t.hi.data() + k * t.leavesPadded + l);
      F gap = below > zero ? below : zero;
      gap = above > gap ? above : gap;
      sum += gap * gap;
    }
    store(lb + l, sum * shrink);
  }
}

// Squared distance from q to the farthest corner of the box of every sample.
inline double farthestCorner(const GrnnTree& t, const float* q) {
  double sum = 0;
  for (int k = 0; k < t.d; k++) {
    const double gap = std::max(std::fabs(double(q[k]) - t.rootLo[k]), std::fabs(double(q[k]) - t.rootHi[k]));
    sum += gap * gap;
  }
  return sum;
}

// Rows of leaf l rounded up to whole kLanes blocks (only the last leaf has a remainder,
// and its extra rows are padding).
inline std::size_t leafEnd(const GrnnTree& t, std::size_t l) {
  return (t.start[l] + t.count[l] + kLanes - 1) / kLanes * kLanes;
}

// The brute force's float distances of leaf l's rows into s.dist (once per query); returns
// the smallest of those it computed (+inf when they were already there).
template <int W>
SMFUSE_INLINE float leafDistances(const GrnnTree& t, std::size_t l, const float* q, GrnnTruncatedScratch& s,
                                  GrnnTruncatedCounts& counts) {
  using F = typename Lanes<W>::F;
  F nearest = splat<F>(std::numeric_limits<float>::infinity());
  if (s.stamp[l] == s.serial) return nearest[0];
  const std::size_t i1 = leafEnd(t, l);  // with the padding rows after the last leaf
  for (std::size_t i = t.start[l]; i < i1; i += W) {
    const F sum = squaredDistances<F>(t.cols.data() + i, t.padded, t.d, q);
    store(s.dist.data() + i, sum);
    nearest = nearest < sum ? nearest : sum;
  }
  s.stamp[l] = s.serial;
  counts.distances += t.count[l];
  return hmin(nearest);  // a minimum: the same whatever the lanes
}

// The nearest sample's float squared distance, as the brute-force kernel finds it: the
// leaf with the smallest bound first, then every leaf whose bound does not exclude a
// nearer sample (the margin covers the float distance's rounding).
template <int W>
SMFUSE_INLINE float nearestDistance(const GrnnTree& t, const float* q, GrnnTruncatedScratch& s, GrnnTruncatedCounts& counts) {
  std::size_t first = 0;
  for (std::size_t l = 1; l < t.leaves; l++) first = s.lb[l] < s.lb[first] ? l : first;
  float best = leafDistances<W>(t, first, q, s, counts);
  for (std::size_t l = 0; l < t.leaves; l++) {
    if (l == first || s.lb[l] > best * 1.00001f) continue;
    const float nearest = leafDistances<W>(t, l, q, s, counts);
    best = nearest < best ? nearest : best;
  }
  return best;
}

// Σ count·2^((LB − shift)·c) over the leaves with LB > r2 (float, kLanes partial sums
// added in lane order: the same on every path): the dropped weight bound before safety.
template <int W>
SMFUSE_INLINE double droppedWeight(const GrnnTree& t, const float* lb, float r2, float shift, float c) {
  using F = typename Lanes<W>::F;
  constexpr std::size_t R = kLanes / W;
  F sum[R] = {};
  const F cut = splat<F>(r2);
  for (std::size_t l = 0; l < t.leavesPadded; l += kLanes) {
    for (std::size_t r = 0; r < R; r++) {
      const F b = load<F>(lb + l + r * W);
      const F x = (b - shift) * c;
      const F w = exp2Neg(x < F{} ? x : F{}) * load<F>(t.countF.data() + l + r * W);
      sum[r] += b > cut ? w : F{};
    }
  }
  double total = 0;
  for (std::size_t r = 0; r < R; r++) {
    for (int l = 0; l < W; l++) total += sum[r][l];
  }
  return total;
}

// The largest |target − P| over a set with targets in [lo, hi], relative to |P| (shrunk
// for its float rounding): +inf when P is 0 and the targets are not all 0.
inline double spreadRatio(double p, double lo, double hi) {
  const double spread = std::max(hi - p, p - lo);
  if (!(spread > 0)) return 0;
  return spread / (std::fabs(p) * (1 - 1e-5));
}

// Predicts one query (d features at q) for every σ: out[s·stride] and, with kSecond, the
// weighted mean of t.z at out[(ns + s)·stride]. A query with a non-finite feature keeps
// every sample (the brute force's result up to the order of the sums).
template <int W, bool kSecond>
SMFUSE_INLINE void grnnTruncatedQuery(const GrnnTree& t, const float* q, const GrnnTruncatedParams& p,
                                      GrnnTruncatedScratch& s, float* out, std::size_t stride, GrnnTruncatedCounts& counts) {
  using F = typename Lanes<W>::F;
  s.next();
  bool finite = true;
  for (int k = 0; k < t.d; k++) finite = finite && std::isfinite(q[k]);
  float dmin = std::numeric_limits<float>::infinity();
  if (finite) {
    leafLowerBounds<W>(t, q, p.boxShrink, s.lb.data());
    dmin = nearestDistance<W>(t, q, s, counts);
  } else {
    for (std::size_t l = 0; l < t.leaves; l++) {
      const float nearest = leafDistances<W>(t, l, q, s, counts);
      dmin = nearest < dmin ? nearest : dmin;
    }
  }
  const F dminLanes = splat<F>(dmin);
  const double shift = double(dmin) * (1 + 1e-6);  // at least the exact nearest distance
  const float shiftF = static_cast<float>(shift);
  const double farthest = finite ? farthestCorner(t, q) : std::numeric_limits<double>::infinity();
  const double flushed = t.n * std::ldexp(1.0, -126);  // dropped weights exp2Neg flushes to 0
  double cut = std::log(1 / p.relTol) + 3;
  for (int si = 0; si < p.ns; si++) {
    const double inv2s2 = p.inv2s2[si];
    const float c = p.negScale2[si];
    GrnnAccumulator<W, kSecond> acc;
    GrnnSums sums{0, 0, 0};
    std::size_t keptCount = 0;
    double T = cut;
    float kept2 = -1;  // leaves with LB ≤ kept2 are in acc
    for (int attempt = 0;; attempt++) {
      const float r2 = static_cast<float>(shift + T / inv2s2);
      if (!finite || attempt == kMaxCuts || !(r2 < farthest)) {
        // every sample: the brute-force pass over the tree order
        for (std::size_t l = 0; l < t.leaves; l++) leafDistances<W>(t, l, q, s, counts);
        GrnnAccumulator<W, kSecond> all;
        all.add(s.dist.data(), t.y.data(), t.z.data(), 0, t.padded, dminLanes, c);
        sums = all.total();
        keptCount = t.n;
        break;
      }
      // add the leaves newly within r², in tree order
      for (std::size_t l = 0; l < t.leaves; l++) {
        if (!(s.lb[l] <= r2) || s.lb[l] <= kept2) continue;
        leafDistances<W>(t, l, q, s, counts);
        acc.add(s.dist.data(), t.y.data(), t.z.data(), t.start[l], leafEnd(t, l), dminLanes, c);
        keptCount += t.count[l];
      }
      kept2 = r2;
      sums = acc.total();
      if (keptCount == t.n) break;
      double ratio = spreadRatio(sums.num / sums.den, t.yMin, t.yMax);
      if constexpr (kSecond) ratio = std::max(ratio, spreadRatio(sums.z / sums.den, t.zMin, t.zMax));
      const double allowed = p.relTol * (0.5 * sums.den) / ((1 + p.relTol) * ratio);  // the largest W_U that passes
      if (!(allowed > 0)) {
        T = std::numeric_limits<double>::infinity();
        continue;
      }
      const double bound = 2 * droppedWeight<W>(t, s.lb.data(), r2, shiftF, c) + flushed;
      if (bound <= allowed) {
        cut = T;
        break;
      }
      T += std::log(bound / allowed) + 2;
    }
    out[si * stride] = static_cast<float>(sums.num / sums.den);
    if constexpr (kSecond) out[(p.ns + si) * stride] = static_cast<float>(sums.z / sums.den);
    counts.kept[si] += keptCount;
  }
}

}  // namespace smfuse
