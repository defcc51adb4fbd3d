#include "grnn/grnn-order.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace smfuse {
namespace {

struct Splitter {
  const float* x;
  std::size_t d;
  std::size_t leaf;

  // NaN sorts last; equal keys by index: a strict total order.
  float key(std::uint32_t i, std::size_t k) const {
    const float v = x[i * d + k];
    return std::isnan(v) ? std::numeric_limits<float>::infinity() : v;
  }

  void split(std::uint32_t* idx, std::size_t count) const {
    if (count <= leaf) {
      std::sort(idx, idx + count);
      return;
    }
    std::size_t widest = 0;
    float widestSpread = -1;
    for (std::size_t k = 0; k < d; k++) {
      float lo = std::numeric_limits<float>::infinity(), hi = -lo;
      for (std::size_t j = 0; j < count; j++) {
        const float v = x[idx[j] * d + k];
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
      if (hi - lo > widestSpread) {
        widestSpread = hi - lo;
        widest = k;
      }
    }
    // The left part is a whole number of leaves, so blocks never straddle a split.
    const std::size_t half = (count / 2 + leaf - 1) / leaf * leaf;
    std::nth_element(idx, idx + half, idx + count, [&](std::uint32_t a, std::uint32_t b) {
      const float ka = key(a, widest), kb = key(b, widest);
      return ka < kb || (ka == kb && a < b);
    });
    split(idx, half);
    split(idx + half, count - half);
  }
};

}  // namespace

std::vector<std::uint32_t> kdOrder(const float* x, std::size_t n, std::size_t d, std::size_t leaf) {
  std::vector<std::uint32_t> idx(n);
  for (std::size_t i = 0; i < n; i++) idx[i] = static_cast<std::uint32_t>(i);
  if (d > 0) Splitter{x, d, leaf}.split(idx.data(), n);
  return idx;
}

}  // namespace smfuse
