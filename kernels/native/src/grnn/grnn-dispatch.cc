#include "grnn/grnn-dispatch.h"

#include <algorithm>
#include <mutex>
#include <vector>

#include "common/thread-pool.h"

namespace smfuse {
namespace {

// Queries per parallelFor index: enough to amortize the hand-off, small enough to balance.
constexpr std::size_t kQueriesPerTask = 16;

// Per-thread scratch of one query (GrnnQueryScratch). The block minima run to a multiple
// of the widest register, the tail +inf (no dropped weight).
struct QueryScratch {
  std::vector<float> dist, blockMin;
  std::vector<std::uint32_t> kept;
  GrnnQueryScratch fit(std::size_t padded) {
    const std::size_t blocks = padded / kLanes, rounded = (blocks + kLanes - 1) / kLanes * kLanes;
    if (dist.size() != padded) {
      dist.assign(padded, 0);
      blockMin.assign(rounded, __builtin_inff());
      kept.assign(blocks, 0);
    }
    std::fill(blockMin.begin() + blocks, blockMin.end(), __builtin_inff());
    return {dist.data(), blockMin.data(), kept.data()};
  }
};

// The same loop compiled for each path, with the path's register width W; grnnQuery is
// inlined, so it is compiled for the path's target.
#define SMFUSE_GRNN_BLOCK(NAME, W, TARGET)                                                                          \
  TARGET void NAME(const GrnnTrainSoA& t, const float* query, std::size_t j0, std::size_t j1, std::size_t m,       \
                   const float* negScale2, int ns, const GrnnPrune& prune, const GrnnQueryScratch& s, float* out, \
                   GrnnPruneCounts* counts) {                                                                      \
    for (std::size_t j = j0; j < j1; j++) {                                                                       \
      if (t.z) grnnQuery<W, true>(t, query + j * t.d, negScale2, ns, prune, s, out + j, m, counts);               \
      else grnnQuery<W, false>(t, query + j * t.d, negScale2, ns, prune, s, out + j, m, counts);                  \
    }                                                                                                            \
  }

SMFUSE_GRNN_BLOCK(blockBaseline, 4, )
#if defined(__x86_64__) || defined(__i386__)
SMFUSE_GRNN_BLOCK(blockAvx2, 8, __attribute__((target("avx2,fma"))))
SMFUSE_GRNN_BLOCK(blockAvx512, 16, __attribute__((target("avx512f,avx512dq,avx512vl,avx512bw,avx2,fma"))))
#endif

using BlockFn = void (*)(const GrnnTrainSoA&, const float*, std::size_t, std::size_t, std::size_t, const float*, int,
                         const GrnnPrune&, const GrnnQueryScratch&, float*, GrnnPruneCounts*);

BlockFn blockFor(Simd simd) {
#if defined(__x86_64__) || defined(__i386__)
  if (simd == Simd::Avx512) return blockAvx512;
  if (simd == Simd::Avx2) return blockAvx2;
#endif
  return blockBaseline;
}

}  // namespace

void grnnPredict(const GrnnTrainSoA& t, const float* query, std::size_t m, const float* negScale2, int ns,
                 const GrnnPrune& prune, float* out, unsigned threads, Simd simd, GrnnPruneCounts* counts) {
  const BlockFn block = blockFor(simd);
  const std::size_t tasks = (m + kQueriesPerTask - 1) / kQueriesPerTask;
  std::mutex countsLock;
  parallelFor(tasks, threads, [&](std::size_t task) {
    thread_local QueryScratch scratch;  // reused across calls
    const GrnnQueryScratch views = scratch.fit(t.padded);
    std::vector<GrnnPruneCounts> local(ns);
    const std::size_t j0 = task * kQueriesPerTask;
    const std::size_t j1 = j0 + kQueriesPerTask < m ? j0 + kQueriesPerTask : m;
    block(t, query, j0, j1, m, negScale2, ns, prune, views, out, local.data());
    const std::lock_guard<std::mutex> hold(countsLock);
    for (int s = 0; s < ns; s++) {
      counts[s].kept += local[s].kept;
      counts[s].total += local[s].total;
      counts[s].resummed += local[s].resummed;
    }
  });
}

}  // namespace smfuse
