#pragma once
#include <cstddef>
#include <cstdint>

#include "common/simd.h"

namespace smfuse {

// A BpannBatch (kernels/bpann/types.ts): network p uses samples s < count[p] of
// x[(p·maxSamples + s)·3 + k], y[p·maxSamples + s]; LM watches the last holdout[p] of them.
struct BpannBatchView {
  const float* x;
  const float* y;
  const std::int32_t* count;
  const std::int32_t* holdout;
  std::size_t networks;
  std::size_t maxSamples;
};

struct BpannRun {
  bool lm;  // Levenberg–Marquardt, else gradient descent
  double learningRate;
  int iterations;
  double errorGoal;
};

// Trains every network's 176 parameters in params (in place), writing steps and mse, and
// when history is not null the training MSE before each step into history[p·iterations + it]
// (entries after a stop are left as they were); networks spread over `threads` threads on the `simd` path.
void bpannTrain(const BpannBatchView& batch, double* params, const BpannRun& run, std::int32_t* steps, double* mse,
                float* history, unsigned threads, Simd simd);

}  // namespace smfuse
