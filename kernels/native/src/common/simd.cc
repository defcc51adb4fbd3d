#include "common/simd.h"

#include <stdexcept>

namespace smfuse {

std::vector<Simd> supportedSimd() {
  std::vector<Simd> out;
#if defined(__x86_64__) || defined(__i386__)
  // libgcc's checks include the OS (XCR0) enabling the wider registers.
  if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") &&
      __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512bw")) {
    out.push_back(Simd::Avx512);
  }
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) out.push_back(Simd::Avx2);
#endif
  out.push_back(Simd::Baseline);
  return out;
}

Simd bestSimd() {
  static const Simd best = supportedSimd().front();
  return best;
}

const char* simdName(Simd s) {
  switch (s) {
    case Simd::Avx512: return "avx512";
    case Simd::Avx2: return "avx2";
    default: return "baseline";
  }
}

Simd parseSimd(const std::string& name) {
  for (Simd s : supportedSimd()) {
    if (name == simdName(s)) return s;
  }
  throw std::invalid_argument("SIMD path '" + name + "' is not supported on this CPU");
}

}  // namespace smfuse
