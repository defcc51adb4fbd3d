#include "bpann/bpann-binding.h"

#include <string>

#include "bpann/bpann-dispatch.h"
#include "bpann/bpann-net.h"
#include "common/args.h"

namespace smfuse {
namespace {

// bpannTrain(x, y, count, holdout, networks, maxSamples, params, trainer, learningRate,
// iterations, errorGoal, steps, mse, history, threads, simd): the BpannKernel.train contract
// (kernels/bpann/types.ts); params, steps, mse and history (a Float32Array of
// networks·iterations, or null) are written in place.
// Synchronous: callers that must not block run it on a worker thread.
void BpannTrain(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const Napi::Float32Array x = float32Arg(info, 0, "x"), y = float32Arg(info, 1, "y");
  const Napi::Int32Array count = int32Arg(info, 2, "count"), holdout = int32Arg(info, 3, "holdout");
  const std::size_t networks = sizeArg(info, 4, "networks"), maxSamples = sizeArg(info, 5, "maxSamples");
  Napi::Float64Array params = float64Arg(info, 6, "params");
  const bool lm = sizeArg(info, 7, "trainer") == 1;
  const double learningRate = numberArg(info, 8, "learningRate");
  const std::size_t iterations = sizeArg(info, 9, "iterations");
  const double errorGoal = numberArg(info, 10, "errorGoal");
  Napi::Int32Array steps = int32Arg(info, 11, "steps");
  Napi::Float64Array mse = float64Arg(info, 12, "mse");
  float* history = optionalFloat32Data(info, 13, "history", networks * iterations);
  const unsigned threads = static_cast<unsigned>(sizeArg(info, 14, "threads"));
  const Simd simd = simdArg(info, 15);
  if (x.ElementLength() < networks * maxSamples * 3 || y.ElementLength() < networks * maxSamples ||
      count.ElementLength() < networks || holdout.ElementLength() < networks ||
      params.ElementLength() < networks * kBpannParams || steps.ElementLength() < networks ||
      mse.ElementLength() < networks) {
    throw Napi::RangeError::New(env, "bpannTrain: an array is shorter than networks and maxSamples imply");
  }
  if (iterations > 0x7fffffff) throw Napi::RangeError::New(env, "bpannTrain: iterations is too large");
  for (std::size_t p = 0; p < networks; p++) {
    if (count[p] < 0 || static_cast<std::size_t>(count[p]) > maxSamples || holdout[p] < 0 || holdout[p] > count[p]) {
      throw Napi::RangeError::New(env, "bpannTrain: network " + std::to_string(p) + " has a count or holdout outside 0…maxSamples");
    }
  }
  const BpannBatchView batch{x.Data(), y.Data(), count.Data(), holdout.Data(), networks, maxSamples};
  const BpannRun run{lm, learningRate, static_cast<int>(iterations), errorGoal};
  bpannTrain(batch, params.Data(), run, steps.Data(), mse.Data(), history, threads, simd);
}

}  // namespace

void registerBpann(Napi::Env env, Napi::Object exports) {
  exports.Set("bpannTrain", Napi::Function::New(env, BpannTrain, "bpannTrain"));
}

}  // namespace smfuse
