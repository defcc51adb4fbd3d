#include "grnn/grnn-dispatch.h"

#include <vector>

#include "common/thread-pool.h"

namespace smfuse {
namespace {

// Queries per parallelFor index: enough to amortize the hand-off, small enough to balance.
constexpr std::size_t kQueriesPerTask = 16;

// The same loop compiled for each path, with the path's register width W; grnnQuery is
// inlined, so it is compiled for the path's target.
#define SMFUSE_GRNN_BLOCK(NAME, W, TARGET)                                                                        \
  TARGET void NAME(const GrnnTrainSoA& t, const float* query, std::size_t j0, std::size_t j1, std::size_t m,     \
                   const float* negScale2, int ns, float* dist, float* out) {                                    \
    for (std::size_t j = j0; j < j1; j++) {                                                                     \
      if (t.z) grnnQuery<W, true>(t, query + j * t.d, negScale2, ns, dist, out + j, m);                        \
      else grnnQuery<W, false>(t, query + j * t.d, negScale2, ns, dist, out + j, m);                           \
    }                                                                                                          \
  }

SMFUSE_GRNN_BLOCK(blockBaseline, 4, )
#if defined(__x86_64__) || defined(__i386__)
SMFUSE_GRNN_BLOCK(blockAvx2, 8, __attribute__((target("avx2,fma"))))
SMFUSE_GRNN_BLOCK(blockAvx512, 16, __attribute__((target("avx512f,avx512dq,avx512vl,avx512bw,avx2,fma"))))
#endif

using BlockFn = void (*)(const GrnnTrainSoA&, const float*, std::size_t, std::size_t, std::size_t, const float*, int,
                         float*, float*);

BlockFn blockFor(Simd simd) {
#if defined(__x86_64__) || defined(__i386__)
  if (simd == Simd::Avx512) return blockAvx512;
  if (simd == Simd::Avx2) return blockAvx2;
#endif
  return blockBaseline;
}

}  // namespace

void grnnPredict(const GrnnTrainSoA& t, const float* query, std::size_t m, const float* negScale2, int ns,
                 float* out, unsigned threads, Simd simd) {
  const BlockFn block = blockFor(simd);
  const std::size_t tasks = (m + kQueriesPerTask - 1) / kQueriesPerTask;
  parallelFor(tasks, threads, [&](std::size_t task) {
    thread_local std::vector<float> dist;  // per-thread scratch, reused across calls
    if (dist.size() < t.padded) dist.resize(t.padded);
    const std::size_t j0 = task * kQueriesPerTask;
    const std::size_t j1 = j0 + kQueriesPerTask < m ? j0 + kQueriesPerTask : m;
    block(t, query, j0, j1, m, negScale2, ns, dist.data(), out);
  });
}

}  // namespace smfuse
