#pragma once
#include <napi.h>

namespace smfuse {

// Adds enkfRun to the addon's exports.
void registerEnkf(Napi::Env env, Napi::Object exports);

}  // namespace smfuse
