// The bins of the truncated GRNN kernel: the leaves of a k-d tree over one call's training
// samples, each with the bounding box of its samples, so that a query's squared distance
// to a box is a lower bound on its distance to every sample in the leaf.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

namespace smfuse {

// Samples reordered so that every leaf's samples are contiguous, in feature columns as the
// brute-force kernel reads them. Every leaf starts at a multiple of kLanes and, but for
// the last, holds a multiple of kLanes samples; the rows from n up to `padded` (n rounded
// up to kLanes) have +inf features and targets 0 (distance +inf, weight 0). So a leaf's
// rows, rounded up to kLanes, are whole blocks of the brute-force loop, and [0, padded) is
// a whole brute-force pass.
struct GrnnTree {
  int d = 0;
  std::size_t n = 0, padded = 0;
  std::vector<float> cols;  // cols[k * padded + i]
  std::vector<float> y, z;  // z empty without a second target
  std::size_t leaves = 0, leavesPadded = 0;  // leavesPadded: leaves rounded up to kLanes
  std::vector<std::uint32_t> start, count;   // per leaf: rows [start, start + count)
  std::vector<float> countF;                  // count as float, 0 for the padding leaves
  // Leaf boxes by feature: lower corners lo[k * leavesPadded + l], upper hi[…]; the padding
  // leaves' boxes are at +inf (never near a query).
  std::vector<float> lo, hi;
  std::vector<float> rootLo, rootHi;  // the box of every sample
  double yMin = 0, yMax = 0, zMin = 0, zMax = 0;  // the targets' ranges (bound the dropped ones)
};

// Splits at about the median (a multiple of kLanes rows) of the widest feature until a
// node holds at most leafSize (≥ 2·kLanes) samples or all of its samples are one point;
// ties go by sample index, so the tree depends only on the data. x is row-major
// (x[i·d + k]); z may be null. n ≥ 1.
GrnnTree buildGrnnTree(const float* x, const float* y, const float* z, std::size_t n, int d, std::size_t leafSize);

}  // namespace smfuse
