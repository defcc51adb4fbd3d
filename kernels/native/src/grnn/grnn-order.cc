#include "grnn/grnn-order.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

namespace smfuse {
namespace {

// (key, index) pairs: the splits compare contiguous pairs instead of chasing indices
// into the rows. NaN keys sort last; equal keys by index: a strict total order.
using Keyed = std::pair<float, std::uint32_t>;

struct Splitter {
  const float* x;
  std::size_t d;
  std::size_t leaf;
  std::vector<Keyed> keyed;

  void split(std::uint32_t* idx, std::size_t count) {
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
        lo = v < lo ? v : lo;
        hi = v > hi ? v : hi;
      }
      if (hi - lo > widestSpread) {
        widestSpread = hi - lo;
        widest = k;
      }
    }
    for (std::size_t j = 0; j < count; j++) {
      const float v = x[idx[j] * d + widest];
      keyed[j] = {std::isnan(v) ? std::numeric_limits<float>::infinity() : v, idx[j]};
    }
    // The left part is a whole number of leaves, so blocks never straddle a split.
    const std::size_t half = (count / 2 + leaf - 1) / leaf * leaf;
    std::nth_element(keyed.begin(), keyed.begin() + half, keyed.begin() + count);
    for (std::size_t j = 0; j < count; j++) idx[j] = keyed[j].second;
    split(idx, half);
    split(idx + half, count - half);
  }
};

}  // namespace

std::vector<std::uint32_t> kdOrder(const float* x, std::size_t n, std::size_t d, std::size_t leaf) {
  std::vector<std::uint32_t> idx(n);
  for (std::size_t i = 0; i < n; i++) idx[i] = static_cast<std::uint32_t>(i);
  if (d > 0) Splitter{x, d, leaf, std::vector<Keyed>(n)}.split(idx.data(), n);
  return idx;
}

}  // namespace smfuse
