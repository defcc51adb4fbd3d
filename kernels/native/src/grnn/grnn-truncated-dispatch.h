#pragma once
#include <cstddef>

#include "common/simd.h"
#include "grnn/grnn-truncated-kernel.h"

namespace smfuse {

// out[s·m + j] for the m queries (row-major, t.d features each) and every σ in p, then
// (when t has z) the weighted means of z at out[(ns + s)·m + j]; queries spread over
// `threads` threads on the `simd` path. Adds kept samples per σ and distances computed to
// `counts` (kept sized ns). Results depend neither on the threads nor on the path.
void grnnPredictTruncated(const GrnnTree& t, const float* query, std::size_t m, const GrnnTruncatedParams& p, float* out,
                          unsigned threads, Simd simd, GrnnTruncatedCounts& counts);

}  // namespace smfuse
