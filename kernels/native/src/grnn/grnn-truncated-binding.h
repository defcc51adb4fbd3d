#pragma once
#include <napi.h>

namespace smfuse {

// Adds grnnPredictTruncated to the addon's exports.
void registerGrnnTruncated(Napi::Env env, Napi::Object exports);

}  // namespace smfuse
