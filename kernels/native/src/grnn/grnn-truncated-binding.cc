#include "grnn/grnn-truncated-binding.h"

#include <cmath>
#include <limits>
#include <vector>

#include "common/args.h"
#include "grnn/grnn-truncated-dispatch.h"

namespace smfuse {
namespace {

// Samples per k-d tree leaf: the unit kept or dropped, and of the distance blocks.
constexpr std::size_t kLeafSize = 32;  // leaves of 16 to 32 samples

// grnnPredictTruncated(x, y, n, d, query, m, sigmas, threads, simd, relTol[, second[, counts]])
// → Float32Array laid out as grnnPredict's, each value within relTol of the brute force's
// in exact arithmetic (grnn-truncated-kernel.h), plus float rounding; relTol 0 keeps every
// sample. `counts` (Float64Array of ns + 1, or null/undefined) receives the kept samples
// per σ summed over the queries, then the query/sample distances computed.
Napi::Value GrnnPredictTruncated(const Napi::CallbackInfo& info) {
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
  double relTol = numberArg(info, 9, "relTol");
  const bool hasSecond = info.Length() > 10 && !info[10].IsUndefined() && !info[10].IsNull();
  const Napi::Float32Array second = hasSecond ? float32Arg(info, 10, "second") : Napi::Float32Array();
  const bool hasCounts = info.Length() > 11 && !info[11].IsUndefined() && !info[11].IsNull();
  Napi::Float64Array countsOut = hasCounts ? float64Arg(info, 11, "counts") : Napi::Float64Array();
  const std::size_t ns = sigmas.ElementLength();
  if (x.ElementLength() < n * d || y.ElementLength() < n || query.ElementLength() < m * d || (hasSecond && second.ElementLength() < n)) {
    throw Napi::RangeError::New(env, "grnnPredictTruncated: x, y, second or query is shorter than n, d, m imply");
  }
  if (hasCounts && countsOut.ElementLength() < ns + 1) throw Napi::RangeError::New(env, "grnnPredictTruncated: counts is shorter than sigmas + 1");
  if (!(relTol >= 0)) throw Napi::RangeError::New(env, "grnnPredictTruncated: relTol must be ≥ 0");
  if (relTol < 1e-30) relTol = 0;  // keeps every sample (the bound's e^cut stays finite above)
  if (n >= std::numeric_limits<std::uint32_t>::max() / 2) throw Napi::RangeError::New(env, "grnnPredictTruncated: n is too large");
  const std::size_t length = (hasSecond ? 2 : 1) * ns * m;
  Napi::Float32Array out = Napi::Float32Array::New(env, length);
  if (n == 0) {
    for (std::size_t i = 0; i < length; i++) out[i] = std::numeric_limits<float>::quiet_NaN();
    return out;
  }
  const GrnnTree tree = buildGrnnTree(x.Data(), y.Data(), hasSecond ? second.Data() : nullptr, n, static_cast<int>(d), kLeafSize);
  std::vector<float> negScale2(ns);
  std::vector<double> inv2s2(ns);
  for (std::size_t s = 0; s < ns; s++) {
    negScale2[s] = static_cast<float>(-M_LOG2E / (2 * sigmas[s] * sigmas[s]));
    inv2s2[s] = 1 / (2 * sigmas[s] * sigmas[s]);
  }
  // a float box distance is d + 3 roundings (each ≤ 2⁻²⁴ relative) off the exact one: 4× that
  const float boxShrink = static_cast<float>(1 - (static_cast<double>(d) + 4) * std::ldexp(1.0, -22));
  const GrnnTruncatedParams params{negScale2.data(), inv2s2.data(), static_cast<int>(ns), relTol, boxShrink};
  GrnnTruncatedCounts counts{std::vector<double>(ns, 0.0), 0};
  grnnPredictTruncated(tree, query.Data(), m, params, out.Data(), threads, simd, counts);
  if (hasCounts) {
    for (std::size_t s = 0; s < ns; s++) countsOut[s] = counts.kept[s];
    countsOut[ns] = counts.distances;
  }
  return out;
}

}  // namespace

void registerGrnnTruncated(Napi::Env env, Napi::Object exports) {
  exports.Set("grnnPredictTruncated", Napi::Function::New(env, GrnnPredictTruncated, "grnnPredictTruncated"));
}

}  // namespace smfuse
