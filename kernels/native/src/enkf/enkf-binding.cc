#include "enkf/enkf-binding.h"

#include <string>

#include "common/args.h"
#include "enkf/enkf-kernel.h"

namespace smfuse {
namespace {

void requireLength(const Napi::Env& env, std::size_t length, std::size_t need, const char* name) {
  if (length < need) throw Napi::RangeError::New(env, std::string("enkfRun: ") + name + " is shorter than its sizes imply");
}

// enkfRun(smap, clm, lst, obs, days, pixels, filtered, seeds, initMean, initVariance, stateNoise,
// members, obsVariance, inflation, additiveNoise, normalTable, fused, stateMean, stateSpread, threads, sd):
// the EnkfKernel.run contract (kernels/enkf/types.ts), writing into fused (and the state
// arrays when not null). Synchronous, like grnnPredict.
void EnkfRun(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const Napi::Float32Array smap = float32Arg(info, 0, "smap"), clm = float32Arg(info, 1, "clm");
  const Napi::Float32Array lst = float32Arg(info, 2, "lst"), obs = float32Arg(info, 3, "obs");
  const std::size_t days = sizeArg(info, 4, "days"), pixels = sizeArg(info, 5, "pixels");
  const Napi::Int32Array filtered = int32Arg(info, 6, "filtered");
  const Napi::Uint32Array seeds = uint32Arg(info, 7, "seeds");
  const Napi::Float64Array initMean = float64Arg(info, 8, "initMean"), initVariance = float64Arg(info, 9, "initVariance");
  const Napi::Float64Array stateNoise = float64Arg(info, 10, "stateNoise");
  const std::size_t members = sizeArg(info, 11, "members");
  const double obsVariance = numberArg(info, 12, "obsVariance"), inflation = numberArg(info, 13, "inflation");
  const bool additiveNoise = sizeArg(info, 14, "additiveNoise") == 1;
  const Napi::Float64Array table = float64Arg(info, 15, "normalTable");
  Napi::Float32Array fused = float32Arg(info, 16, "fused");
  const std::size_t count = filtered.ElementLength();
  const std::size_t cells = days * pixels;
  float* stateMean = optionalFloat32Data(info, 17, "stateMean", days * count * 4);
  float* stateSpread = optionalFloat32Data(info, 18, "stateSpread", days * count * 4);
  const unsigned threads = static_cast<unsigned>(sizeArg(info, 19, "threads"));
  float* sd = optionalFloat32Data(info, 20, "sd", cells);
  for (std::size_t length : {smap.ElementLength(), clm.ElementLength(), lst.ElementLength(), obs.ElementLength(), fused.ElementLength()}) {
    requireLength(env, length, cells, "a cube");
  }
  requireLength(env, seeds.ElementLength(), count, "seeds");
  requireLength(env, initMean.ElementLength(), count * 4, "initMean");
  requireLength(env, initVariance.ElementLength(), count * 4, "initVariance");
  requireLength(env, stateNoise.ElementLength(), count * 4, "stateNoise");
  if (table.ElementLength() != (std::size_t{1} << kNormalTableBits)) throw Napi::RangeError::New(env, "enkfRun: normalTable must have 2^14 entries");
  if (members < 1 || members > (1u << 24)) throw Napi::RangeError::New(env, "enkfRun: members must be in 1…2^24");
  if ((stateMean == nullptr) != (stateSpread == nullptr)) throw Napi::TypeError::New(env, "enkfRun: give both stateMean and stateSpread or neither");
  for (std::size_t i = 0; i < count; i++) {
    if (filtered[i] < 0 || static_cast<std::size_t>(filtered[i]) >= pixels) throw Napi::RangeError::New(env, "enkfRun: a filtered pixel is outside the cube");
  }
  const EnkfCubes in{smap.Data(), clm.Data(), lst.Data(), obs.Data(), days, pixels};
  const EnkfPlan plan{filtered.Data(), seeds.Data(), initMean.Data(), initVariance.Data(), stateNoise.Data(), count,
                      table.Data(), static_cast<int>(members), obsVariance, inflation, additiveNoise};
  enkfRun(in, plan, fused.Data(), sd, stateMean, stateSpread, threads);
}

}  // namespace

void registerEnkf(Napi::Env env, Napi::Object exports) {
  exports.Set("enkfRun", Napi::Function::New(env, EnkfRun, "enkfRun"));
}

}  // namespace smfuse
