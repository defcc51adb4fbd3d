#include "common/args.h"

#include <cmath>
#include <stdexcept>
#include <string>

namespace smfuse {
namespace {

Napi::TypedArray typedArg(const Napi::CallbackInfo& info, std::size_t i, const char* name, napi_typedarray_type type,
                          const char* typeName) {
  const Napi::Value v = info[i];
  if (!v.IsTypedArray() || v.As<Napi::TypedArray>().TypedArrayType() != type) {
    throw Napi::TypeError::New(info.Env(), std::string(name) + " must be a " + typeName);
  }
  return v.As<Napi::TypedArray>();
}

}  // namespace

Napi::Float32Array float32Arg(const Napi::CallbackInfo& info, std::size_t i, const char* name) {
  return typedArg(info, i, name, napi_float32_array, "Float32Array").As<Napi::Float32Array>();
}

Napi::Float64Array float64Arg(const Napi::CallbackInfo& info, std::size_t i, const char* name) {
  return typedArg(info, i, name, napi_float64_array, "Float64Array").As<Napi::Float64Array>();
}

Napi::Int32Array int32Arg(const Napi::CallbackInfo& info, std::size_t i, const char* name) {
  return typedArg(info, i, name, napi_int32_array, "Int32Array").As<Napi::Int32Array>();
}

Napi::Uint32Array uint32Arg(const Napi::CallbackInfo& info, std::size_t i, const char* name) {
  return typedArg(info, i, name, napi_uint32_array, "Uint32Array").As<Napi::Uint32Array>();
}

float* optionalFloat32Data(const Napi::CallbackInfo& info, std::size_t i, const char* name, std::size_t minLength) {
  if (info[i].IsNull() || info[i].IsUndefined()) return nullptr;
  Napi::Float32Array a = float32Arg(info, i, name);
  if (a.ElementLength() < minLength) throw Napi::RangeError::New(info.Env(), std::string(name) + " is too short");
  return a.Data();
}

double numberArg(const Napi::CallbackInfo& info, std::size_t i, const char* name) {
  const Napi::Value v = info[i];
  const double x = v.IsNumber() ? v.As<Napi::Number>().DoubleValue() : NAN;
  if (!std::isfinite(x)) throw Napi::TypeError::New(info.Env(), std::string(name) + " must be a finite number");
  return x;
}

std::size_t sizeArg(const Napi::CallbackInfo& info, std::size_t i, const char* name) {
  const Napi::Value v = info[i];
  const double x = v.IsNumber() ? v.As<Napi::Number>().DoubleValue() : -1;
  if (!(x >= 0) || x != std::floor(x) || x > 9007199254740991.0) {
    throw Napi::TypeError::New(info.Env(), std::string(name) + " must be a non-negative integer");
  }
  return static_cast<std::size_t>(x);
}

Simd simdArg(const Napi::CallbackInfo& info, std::size_t i) {
  const Napi::Value v = info[i];
  if (v.IsUndefined()) return bestSimd();
  if (!v.IsString()) throw Napi::TypeError::New(info.Env(), "simd must be a string");
  try {
    return parseSimd(v.As<Napi::String>().Utf8Value());
  } catch (const std::invalid_argument& e) {
    throw Napi::Error::New(info.Env(), e.what());
  }
}

}  // namespace smfuse
