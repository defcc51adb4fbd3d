#pragma once
#include <napi.h>

namespace smfuse {

// Adds bpannTrain to the addon's exports.
void registerBpann(Napi::Env env, Napi::Object exports);

}  // namespace smfuse
