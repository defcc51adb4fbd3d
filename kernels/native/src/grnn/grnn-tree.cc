#include "grnn/grnn-tree.h"

#include <algorithm>
#include <limits>
#include <numeric>

#include "grnn/grnn-kernel.h"

namespace smfuse {
namespace {

constexpr float kInf = std::numeric_limits<float>::infinity();

struct Builder {
  const float* x;
  int d;
  std::size_t leafSize;
  std::vector<std::uint32_t> order;
  std::vector<float> lo, hi;  // leaf boxes, leaf-major while building
  GrnnTree& tree;

  // Leaves of order[a, b) in order (a is a multiple of kLanes).
  void build(std::size_t a, std::size_t b) {
    std::vector<float> blo(d, kInf), bhi(d, -kInf);
    for (std::size_t j = a; j < b; j++) {
      const float* xi = x + order[j] * static_cast<std::size_t>(d);
      for (int k = 0; k < d; k++) {
        blo[k] = std::min(blo[k], xi[k]);
        bhi[k] = std::max(bhi[k], xi[k]);
      }
    }
    int widest = 0;
    for (int k = 1; k < d; k++) {
      if (bhi[k] - blo[k] > bhi[widest] - blo[widest]) widest = k;
    }
    if (b - a <= leafSize || d == 0 || !(bhi[widest] > blo[widest])) {
      tree.start.push_back(static_cast<std::uint32_t>(a));
      tree.count.push_back(static_cast<std::uint32_t>(b - a));
      lo.insert(lo.end(), blo.begin(), blo.end());
      hi.insert(hi.end(), bhi.begin(), bhi.end());
      return;
    }
    // a multiple of kLanes rows on the left, strictly inside (b − a > leafSize ≥ 2·kLanes)
    const std::size_t mid = a + (b - a + 2 * kLanes - 1) / (2 * kLanes) * kLanes;
    const float* xs = x;
    const std::size_t dd = static_cast<std::size_t>(d);
    std::nth_element(order.begin() + a, order.begin() + mid, order.begin() + b, [xs, dd, widest](std::uint32_t i, std::uint32_t j) {
      const float xi = xs[i * dd + widest], xj = xs[j * dd + widest];
      return xi < xj || (xi == xj && i < j);
    });
    build(a, mid);
    build(mid, b);
  }
};

void range(const float* v, std::size_t n, double& lo, double& hi) {
  lo = *std::min_element(v, v + n);
  hi = *std::max_element(v, v + n);
}

}  // namespace

GrnnTree buildGrnnTree(const float* x, const float* y, const float* z, std::size_t n, int d, std::size_t leafSize) {
  GrnnTree tree;
  tree.d = d;
  tree.n = n;
  tree.padded = (n + kLanes - 1) / kLanes * kLanes;
  Builder builder{x, d, std::max(leafSize, 2 * kLanes), std::vector<std::uint32_t>(n), {}, {}, tree};
  std::iota(builder.order.begin(), builder.order.end(), 0u);
  builder.build(0, n);
  tree.leaves = tree.start.size();
  tree.leavesPadded = (tree.leaves + kLanes - 1) / kLanes * kLanes;
  tree.countF.assign(tree.leavesPadded, 0.0f);
  for (std::size_t l = 0; l < tree.leaves; l++) tree.countF[l] = static_cast<float>(tree.count[l]);
  tree.lo.assign(tree.leavesPadded * d, kInf);
  tree.hi.assign(tree.leavesPadded * d, kInf);
  for (std::size_t l = 0; l < tree.leaves; l++) {
    for (int k = 0; k < d; k++) {
      tree.lo[k * tree.leavesPadded + l] = builder.lo[l * d + k];
      tree.hi[k * tree.leavesPadded + l] = builder.hi[l * d + k];
    }
  }
  tree.rootLo.assign(d, kInf);
  tree.rootHi.assign(d, -kInf);
  tree.cols.assign(tree.padded * d, kInf);
  tree.y.assign(tree.padded, 0.0f);
  if (z) tree.z.assign(tree.padded, 0.0f);
  for (std::size_t j = 0; j < n; j++) {
    const std::size_t i = builder.order[j];
    for (int k = 0; k < d; k++) {
      const float v = x[i * d + k];
      tree.cols[k * tree.padded + j] = v;
      tree.rootLo[k] = std::min(tree.rootLo[k], v);
      tree.rootHi[k] = std::max(tree.rootHi[k], v);
    }
    tree.y[j] = y[i];
    if (z) tree.z[j] = z[i];
  }
  range(y, n, tree.yMin, tree.yMax);
  if (z) range(z, n, tree.zMin, tree.zMax);
  return tree;
}

}  // namespace smfuse
