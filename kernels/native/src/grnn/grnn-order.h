// k-d order of GRNN training samples: blocks of kLanes consecutive samples that are close
// in feature space, so the kernel's truncation can skip whole blocks (grnn-kernel.h).
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

namespace smfuse {

// A permutation of 0..n−1 for the row-major samples x (d features each): split at a
// multiple of `leaf` along the widest feature, recursively, down to leaves of at most
// `leaf` samples, each leaf in index order. Ties and NaN features are ordered by index,
// so the permutation depends only on the data, never on the standard library.
std::vector<std::uint32_t> kdOrder(const float* x, std::size_t n, std::size_t d, std::size_t leaf);

}  // namespace smfuse
