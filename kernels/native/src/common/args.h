// Argument checks shared by the kernels' bindings: a wrong call from JS is a TypeError,
// never a crash.
#pragma once
#include <napi.h>

#include <cstddef>

#include "common/simd.h"

namespace smfuse {

Napi::Float32Array float32Arg(const Napi::CallbackInfo& info, std::size_t i, const char* name);
Napi::Float64Array float64Arg(const Napi::CallbackInfo& info, std::size_t i, const char* name);
Napi::Int32Array int32Arg(const Napi::CallbackInfo& info, std::size_t i, const char* name);
Napi::Uint32Array uint32Arg(const Napi::CallbackInfo& info, std::size_t i, const char* name);
// A Float32Array's data, or nullptr when the argument is null or undefined.
float* optionalFloat32Data(const Napi::CallbackInfo& info, std::size_t i, const char* name, std::size_t minLength);
// A finite number.
double numberArg(const Napi::CallbackInfo& info, std::size_t i, const char* name);
// A non-negative integer.
std::size_t sizeArg(const Napi::CallbackInfo& info, std::size_t i, const char* name);
// A SIMD path name (see simd.h), or undefined for the best one.
Simd simdArg(const Napi::CallbackInfo& info, std::size_t i);

}  // namespace smfuse
