#pragma once
#include <napi.h>

namespace smfuse {

// Adds grnnPredict to the addon's exports.
void registerGrnn(Napi::Env env, Napi::Object exports);

}  // namespace smfuse
