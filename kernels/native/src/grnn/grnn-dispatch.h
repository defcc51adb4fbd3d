#pragma once
#include <cstddef>

#include "common/simd.h"
#include "grnn/grnn-kernel.h"

namespace smfuse {

// out[s * m + j] for the m queries (row-major, t.d features each) and every σ, with
// negScale2[s] = −log2(e)/(2σ²), then (when t.z is set) the weighted means of t.z at
// out[(ns + s) * m + j]; queries spread over `threads` threads on the `simd` path, blocks
// truncated as `prune` says. counts[s] (ns entries) receives each σ's kept and total blocks.
void grnnPredict(const GrnnTrainSoA& t, const float* query, std::size_t m, const float* negScale2, int ns,
                 const GrnnPrune& prune, float* out, unsigned threads, Simd simd, GrnnPruneCounts* counts);

}  // namespace smfuse
