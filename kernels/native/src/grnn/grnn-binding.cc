#include "grnn/grnn-binding.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "common/args.h"
#include "grnn/grnn-dispatch.h"

namespace smfuse {
namespace {

// grnnPredict(x, y, n, d, query, m, sigmas, threads, simd[, second]) → Float32Array
// out[s*m + j]: the GrnnKernel.predict contract (kernels/grnn/types.ts); with `second`
// (n values) also their weighted means at out[(ns + s)*m + j] (predictWithSecond).
// Synchronous: callers that must not block run it on a worker thread (the window
// executor does).
Napi::Value GrnnPredict(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const Napi::Float32Array x = float32Arg(info, 0, "x");
  const Napi::Float32Array y = float32Arg(info, 1, "y");
  const std::size_t n = sizeArg(info, 2, "n");
  const std::size_t d = sizeArg(info, 3, "d");
  const Napi::Float32Array query = float32Arg(info, 4, "query");
  const std::size_t m = sizeArg(info, 5, "m");
  const Napi::Float64Array sigmas = float64Arg(info, 6, "sigmas");
  const unsigned threads = static_cast<unsigned>(sizeArg(info, 7, "threads"));
  const Simd simd = simdArg(info, 8);
  const bool hasSecond = info.Length() > 9 && !info[9].IsUndefined();
  const Napi::Float32Array second = hasSecond ? float32Arg(info, 9, "second") : Napi::Float32Array();
  if (x.ElementLength() < n * d || y.ElementLength() < n || query.ElementLength() < m * d || (hasSecond && second.ElementLength() < n)) {
    throw Napi::RangeError::New(env, "grnnPredict: x, y, second or query is shorter than n, d, m imply");
  }
  const std::size_t ns = sigmas.ElementLength();
  const std::size_t length = (hasSecond ? 2 : 1) * ns * m;
  Napi::Float32Array out = Napi::Float32Array::New(env, length);
  if (n == 0) {
    for (std::size_t i = 0; i < length; i++) out[i] = std::numeric_limits<float>::quiet_NaN();
    return out;
  }
  // Columns, not rows: the distance loop then reads each feature contiguously.
  const std::size_t padded = (n + kLanes - 1) / kLanes * kLanes;
  std::vector<float> cols(padded * d, std::numeric_limits<float>::infinity()), ty(padded, 0.0f);
  const float* xs = x.Data();
  for (std::size_t i = 0; i < n; i++) {
    for (std::size_t k = 0; k < d; k++) cols[k * padded + i] = xs[i * d + k];
  }
  std::copy(y.Data(), y.Data() + n, ty.begin());
  std::vector<float> tz(hasSecond ? padded : 0, 0.0f);
  if (hasSecond) std::copy(second.Data(), second.Data() + n, tz.begin());
  std::vector<float> negScale2(ns);
  for (std::size_t s = 0; s < ns; s++) negScale2[s] = static_cast<float>(-M_LOG2E / (2 * sigmas[s] * sigmas[s]));
  const GrnnTrainSoA train{cols.data(), ty.data(), hasSecond ? tz.data() : nullptr, padded, static_cast<int>(d)};
  grnnPredict(train, query.Data(), m, negScale2.data(), static_cast<int>(ns), out.Data(), threads, simd);
  return out;
}

}  // namespace

void registerGrnn(Napi::Env env, Napi::Object exports) {
  exports.Set("grnnPredict", Napi::Function::New(env, GrnnPredict, "grnnPredict"));
}

}  // namespace smfuse
