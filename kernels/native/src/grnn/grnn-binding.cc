#include "grnn/grnn-binding.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <mutex>
#include <vector>

#include "common/args.h"
#include "grnn/grnn-dispatch.h"
#include "grnn/grnn-order.h"

namespace smfuse {
namespace {


// Truncation counts of every call in this process (all worker threads), per σ, until
// grnnPruneStats reads them: what the bench and run summaries report.
std::mutex statsLock;
std::map<double, GrnnPruneCounts> statsBySigma;

void recordCounts(const Napi::Float64Array& sigmas, const std::vector<GrnnPruneCounts>& counts) {
  const std::lock_guard<std::mutex> hold(statsLock);
  for (std::size_t s = 0; s < counts.size(); s++) {
    GrnnPruneCounts& c = statsBySigma[sigmas[s]];
    c.kept += counts[s].kept;
    c.total += counts[s].total;
    c.resummed += counts[s].resummed;
  }
}

// Targets' range, and log2 of range / |mean| (at least 0): how much finer than the
// tolerance the dropped weight must be for a typical prediction.
double targetRange(const float* v, std::size_t n, float& lo, float& hi) {
  lo = std::numeric_limits<float>::infinity();
  hi = -lo;
  double sum = 0;
  for (std::size_t i = 0; i < n; i++) {
    lo = std::fmin(lo, v[i]);
    hi = std::fmax(hi, v[i]);
    sum += v[i];
  }
  const double ratio = (static_cast<double>(hi) - lo) / std::fabs(sum / n);
  return ratio > 1 ? std::fmin(std::log2(ratio), 64) : 0;
}

// grnnPredict(x, y, n, d, query, m, sigmas, threads, simd[, second[, tolerance]]) → Float32Array
// out[s*m + j]: the GrnnKernel.predict contract (kernels/grnn/types.ts); with `second`
// (n values) also their weighted means at out[(ns + s)*m + j] (predictWithSecond).
// `tolerance` (default 0: every weight summed) is the relative error the truncation may
// add to each value. Synchronous: callers that must not block run it on a worker thread
// (the window executor does).
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
  const bool hasSecond = info.Length() > 9 && !info[9].IsUndefined() && !info[9].IsNull();
  const Napi::Float32Array second = hasSecond ? float32Arg(info, 9, "second") : Napi::Float32Array();
  const double tolerance = info.Length() > 10 && !info[10].IsUndefined() ? numberArg(info, 10, "tolerance") : 0;
  if (tolerance < 0) throw Napi::RangeError::New(env, "grnnPredict: tolerance must be ≥ 0");
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
  // Columns, not rows: the distance loop then reads each feature contiguously; samples
  // in k-d order, so the truncation skips whole blocks.
  const std::size_t padded = (n + kLanes - 1) / kLanes * kLanes;
  const std::vector<std::uint32_t> order = kdOrder(x.Data(), n, d, kLanes);
  std::vector<float> cols(padded * d, std::numeric_limits<float>::infinity()), ty(padded, 0.0f);
  std::vector<float> tz(hasSecond ? padded : 0, 0.0f);
  const float* xs = x.Data();
  for (std::size_t i = 0; i < n; i++) {
    const std::size_t from = order[i];
    for (std::size_t k = 0; k < d; k++) cols[k * padded + i] = xs[from * d + k];
    ty[i] = y[from];
    if (hasSecond) tz[i] = second[from];
  }
  GrnnTrainSoA train{cols.data(), ty.data(), hasSecond ? tz.data() : nullptr, padded, static_cast<int>(d), 0, 0, 0, 0};
  // A block is dropped when its weights are all below tolerance / n of the nearest one's,
  // finer by range / |mean| of the targets, so that the a-posteriori bound (grnn-kernel.h)
  // rarely asks for a full re-sum.
  double marginBits = targetRange(ty.data(), n, train.yMin, train.yMax);
  if (hasSecond) marginBits = std::fmax(marginBits, targetRange(tz.data(), n, train.zMin, train.zMax));
  const double cutBits = std::log2(static_cast<double>(n) / tolerance) + marginBits;
  std::vector<float> negScale2(ns), cutDist(ns);
  for (std::size_t s = 0; s < ns; s++) {
    const double scale = M_LOG2E / (2 * sigmas[s] * sigmas[s]);
    negScale2[s] = static_cast<float>(-scale);
    cutDist[s] = tolerance > 0 ? static_cast<float>(cutBits / scale) : std::numeric_limits<float>::infinity();
  }
  const GrnnPrune prune{cutDist.data(), tolerance};
  std::vector<GrnnPruneCounts> counts(ns);
  grnnPredict(train, query.Data(), m, negScale2.data(), static_cast<int>(ns), prune, out.Data(), threads, simd,
              counts.data());
  recordCounts(sigmas, counts);
  return out;
}

// grnnPruneStats() → [{ sigma, kept, total, resummed }] of every call since the last read
// (blocks of 16 samples per query), and resets them.
Napi::Value GrnnPruneStats(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::map<double, GrnnPruneCounts> taken;
  {
    const std::lock_guard<std::mutex> hold(statsLock);
    taken.swap(statsBySigma);
  }
  Napi::Array list = Napi::Array::New(env);
  for (const auto& [sigma, c] : taken) {
    Napi::Object o = Napi::Object::New(env);
    o.Set("sigma", sigma);
    o.Set("kept", static_cast<double>(c.kept));
    o.Set("total", static_cast<double>(c.total));
    o.Set("resummed", static_cast<double>(c.resummed));
    list.Set(list.Length(), o);
  }
  return list;
}

}  // namespace

void registerGrnn(Napi::Env env, Napi::Object exports) {
  exports.Set("grnnPredict", Napi::Function::New(env, GrnnPredict, "grnnPredict"));
  exports.Set("grnnPruneStats", Napi::Function::New(env, GrnnPruneStats, "grnnPruneStats"));
}

}  // namespace smfuse
