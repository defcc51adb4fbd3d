// smfuse's native kernels. Each kernel family registers its functions here; the addon
// keeps no per-environment state, so it loads in the main thread and in worker_threads.
#include <napi.h>

#include "common/simd.h"
#include "common/thread-pool.h"
#include "bpann/bpann-binding.h"
#include "enkf/enkf-binding.h"
#include "grnn/grnn-binding.h"

namespace {

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  using namespace smfuse;
  exports.Set("simd", simdName(bestSimd()));
  Napi::Array paths = Napi::Array::New(env);
  for (Simd s : supportedSimd()) paths.Set(paths.Length(), simdName(s));
  exports.Set("simdPaths", paths);
  exports.Set("hardwareThreads", hardwareThreads());
  registerGrnn(env, exports);
  registerBpann(env, exports);
  registerEnkf(env, exports);
  return exports;
}

}  // namespace

NODE_API_MODULE(smfuse_native, Init)
