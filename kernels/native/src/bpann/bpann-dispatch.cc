#include "bpann/bpann-dispatch.h"

#include <cmath>
#include <cstdint>
#include <vector>

#include "bpann/bpann-train.h"
#include "common/thread-pool.h"

namespace smfuse {
namespace {

// One network, trained by run's trainer; the same code compiled for each path, since
// trainGd/trainLm are inlined. TILE: the JᵀJ tile (normalEquations), 4 where a D8 is one
// register (AVX-512), 2 where it is two.
#define SMFUSE_BPANN_NETWORK(NAME, TARGET, TILE)                                                          \
  TARGET int NAME(double* P, const BpannSamples& train, const BpannSamples& watched, const BpannRun& run, \
                  const BpannScratch& w, double* mse, float* history) {                                   \
    return run.lm ? trainLm<TILE>(P, train, watched, run.iterations, run.errorGoal, w, mse, history)      \
                  : trainGd(P, train, run.learningRate, run.iterations, run.errorGoal, w, mse, history);  \
  }

SMFUSE_BPANN_NETWORK(networkBaseline, , 2)
#if defined(__x86_64__) || defined(__i386__)
SMFUSE_BPANN_NETWORK(networkAvx2, __attribute__((target("avx2,fma"))), 2)
SMFUSE_BPANN_NETWORK(networkAvx512, __attribute__((target("avx512f,avx512dq,avx512vl,avx512bw,avx2,fma"))), 4)
#endif

using NetworkFn = int (*)(double*, const BpannSamples&, const BpannSamples&, const BpannRun&, const BpannScratch&,
                          double*, float*);

NetworkFn networkFor(Simd simd) {
#if defined(__x86_64__) || defined(__i386__)
  if (simd == Simd::Avx512) return networkAvx512;
  if (simd == Simd::Avx2) return networkAvx2;
#endif
  return networkBaseline;
}

int blocksOf(std::size_t n) { return static_cast<int>((n + kDoubleLanes - 1) / kDoubleLanes); }

// Room for `count` vectors in buf, at a 64-byte boundary: std::vector<D8> would not align
// them (its allocator sees a plain double type), and the vector loads require it.
D8* alignedVectors(std::vector<double>& buf, std::size_t count) {
  buf.resize((count + 1) * kDoubleLanes);
  const std::uintptr_t at = reinterpret_cast<std::uintptr_t>(buf.data());
  return reinterpret_cast<D8*>((at + sizeof(D8) - 1) / sizeof(D8) * sizeof(D8));
}

// Per-thread buffers, grown to the largest batch seen and reused across calls.
struct ThreadBuffers {
  std::vector<double> xBuf, yBuf, maskBuf, actBuf, gradBuf, residBuf, jtj, chol, vec;
  D8 *x, *y, *mask, *act, *grad, *resid;

  void reserve(std::size_t maxSamples, bool lm) {
    const std::size_t blocks = static_cast<std::size_t>(blocksOf(maxSamples)) + 1;  // + 1: train and holdout each pad
    x = alignedVectors(xBuf, 3 * blocks);
    y = alignedVectors(yBuf, blocks);
    mask = alignedVectors(maskBuf, blocks);
    act = alignedVectors(actBuf, kActs);
    resid = alignedVectors(residBuf, blocks);
    grad = alignedVectors(gradBuf, lm ? blocks * kBpannParams : kBpannParams);
    if (lm) {
      jtj.resize(kBpannParams * kBpannParams);
      chol.resize(kBpannParams * kBpannParams);
      vec.resize(4 * kBpannParams);
    }
  }
};

// Copies samples [first, first + n) into blocks starting at block b0, padding the last block.
BpannSamples blocksFrom(const float* x, const float* y, std::size_t first, int n, ThreadBuffers& t, int b0) {
  const int blocks = blocksOf(static_cast<std::size_t>(n));
  for (int b = 0; b < blocks; b++) {
    for (int l = 0; l < kDoubleLanes; l++) {
      const int s = b * kDoubleLanes + l;
      const bool real = s < n;
      const std::size_t i = first + static_cast<std::size_t>(s);
      for (int k = 0; k < 3; k++) t.x[3 * (b0 + b) + k][l] = real ? x[i * 3 + k] : 0.0;
      t.y[b0 + b][l] = real ? y[i] : 0.0;
      t.mask[b0 + b][l] = real ? 1.0 : 0.0;
    }
  }
  return {t.x + 3 * b0, t.y + b0, t.mask + b0, blocks, n};
}

}  // namespace

void bpannTrain(const BpannBatchView& batch, double* params, const BpannRun& run, std::int32_t* steps, double* mse,
                float* history, unsigned threads, Simd simd) {
  const NetworkFn network = networkFor(simd);
  parallelFor(batch.networks, threads, [&](std::size_t p) {
    thread_local ThreadBuffers t;
    t.reserve(batch.maxSamples, run.lm);
    const int watched = run.lm ? batch.holdout[p] : 0;
    const int n = batch.count[p] - watched;
    steps[p] = 0;
    if (n <= 0) {
      mse[p] = NAN;
      return;
    }
    const std::size_t first = p * batch.maxSamples;
    const BpannSamples train = blocksFrom(batch.x, batch.y, first, n, t, 0);
    const BpannSamples held = blocksFrom(batch.x, batch.y, first + static_cast<std::size_t>(n), watched, t, train.blocks);
    const BpannScratch w{t.act, t.grad, t.resid, t.jtj.data(), t.chol.data(), t.vec.data()};
    float* curve = history ? history + p * static_cast<std::size_t>(run.iterations) : nullptr;
    steps[p] = network(params + p * kBpannParams, train, held, run, w, &mse[p], curve);
  });
}

}  // namespace smfuse
