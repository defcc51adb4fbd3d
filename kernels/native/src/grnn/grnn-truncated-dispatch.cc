#include "grnn/grnn-truncated-dispatch.h"

#include <vector>

#include "common/thread-pool.h"

namespace smfuse {
namespace {

// Queries per parallelFor index, as the brute-force kernel.
constexpr std::size_t kQueriesPerTask = 16;

#define SMFUSE_GRNN_TRUNCATED_BLOCK(NAME, W, TARGET)                                                                  \
  TARGET void NAME(const GrnnTree& t, const float* query, std::size_t j0, std::size_t j1, std::size_t m,             \
                   const GrnnTruncatedParams& p, GrnnTruncatedScratch& s, float* out, GrnnTruncatedCounts& counts) { \
    for (std::size_t j = j0; j < j1; j++) {                                                                         \
      if (t.z.empty()) grnnTruncatedQuery<W, false>(t, query + j * t.d, p, s, out + j, m, counts);                 \
      else grnnTruncatedQuery<W, true>(t, query + j * t.d, p, s, out + j, m, counts);                              \
    }                                                                                                              \
  }

SMFUSE_GRNN_TRUNCATED_BLOCK(blockBaseline, 4, )
#if defined(__x86_64__) || defined(__i386__)
SMFUSE_GRNN_TRUNCATED_BLOCK(blockAvx2, 8, __attribute__((target("avx2,fma"))))
SMFUSE_GRNN_TRUNCATED_BLOCK(blockAvx512, 16, __attribute__((target("avx512f,avx512dq,avx512vl,avx512bw,avx2,fma"))))
#endif

using BlockFn = void (*)(const GrnnTree&, const float*, std::size_t, std::size_t, std::size_t, const GrnnTruncatedParams&,
                         GrnnTruncatedScratch&, float*, GrnnTruncatedCounts&);

BlockFn blockFor(Simd simd) {
#if defined(__x86_64__) || defined(__i386__)
  if (simd == Simd::Avx512) return blockAvx512;
  if (simd == Simd::Avx2) return blockAvx2;
#endif
  return blockBaseline;
}

}  // namespace

void grnnPredictTruncated(const GrnnTree& t, const float* query, std::size_t m, const GrnnTruncatedParams& p, float* out,
                          unsigned threads, Simd simd, GrnnTruncatedCounts& counts) {
  const BlockFn block = blockFor(simd);
  const std::size_t tasks = (m + kQueriesPerTask - 1) / kQueriesPerTask;
  // per-task counts, added in task order afterwards (no shared writes)
  std::vector<GrnnTruncatedCounts> taskCounts(tasks, GrnnTruncatedCounts{std::vector<double>(p.ns, 0.0), 0});
  parallelFor(tasks, threads, [&](std::size_t task) {
    thread_local GrnnTruncatedScratch scratch;  // per-thread, reused across calls
    scratch.fit(t);
    const std::size_t j0 = task * kQueriesPerTask;
    const std::size_t j1 = j0 + kQueriesPerTask < m ? j0 + kQueriesPerTask : m;
    block(t, query, j0, j1, m, p, scratch, out, taskCounts[task]);
  });
  for (const GrnnTruncatedCounts& c : taskCounts) {
    for (int s = 0; s < p.ns; s++) counts.kept[s] += c.kept[s];
    counts.distances += c.distances;
  }
}

}  // namespace smfuse
