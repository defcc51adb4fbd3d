// Eight float64 lanes as one GCC/Clang vector type, whatever the SIMD path: one AVX-512
// register, two AVX2 or four SSE2 ones (the compiler splits the plain arithmetic used
// here well). Kernels sum per lane in a fixed order, so results depend neither on threads
// nor on the path: a D8 is eight lanes on every path, and multiply-adds are fused only
// where fmadd (simd-vec.h) says so.
#pragma once
#include <cstdint>
#include <cstring>

#include "common/simd-vec.h"

namespace smfuse {

constexpr int kDoubleLanes = 8;
typedef double D8 __attribute__((vector_size(8 * kDoubleLanes)));
typedef std::int64_t I8 __attribute__((vector_size(8 * kDoubleLanes)));

SMFUSE_INLINE D8 splatD(double x) { return D8{} + x; }

// fmadd (simd-vec.h) on two 4-lane halves: the same per-lane std::fma, so the same bytes.
// Where both products' operands are loaded from memory (the LM normal equations and
// factorisation), GCC 12 compiles fmadd's 8-lane loop on the AVX2 path into eight scalar
// FMAs and stack shuffles; on halves it emits one vfmadd per register (LM ≈ 1.3× faster
// there). In the network's forward and backward passes the plain fmadd is faster.
typedef double D4 __attribute__((vector_size(4 * sizeof(double))));
SMFUSE_INLINE D8 fmaddHalves(D8 a, D8 b, D8 c) {
  const D4 lo = fmadd(__builtin_shufflevector(a, a, 0, 1, 2, 3), __builtin_shufflevector(b, b, 0, 1, 2, 3),
                      __builtin_shufflevector(c, c, 0, 1, 2, 3));
  const D4 hi = fmadd(__builtin_shufflevector(a, a, 4, 5, 6, 7), __builtin_shufflevector(b, b, 4, 5, 6, 7),
                      __builtin_shufflevector(c, c, 4, 5, 6, 7));
  return __builtin_shufflevector(lo, hi, 0, 1, 2, 3, 4, 5, 6, 7);
}

// *p = v as two 4-lane stores: GCC 12 stores a whole D8 through the stack and general
// registers on the AVX2 path (descent 1.14× faster with the passes' stores made so).
SMFUSE_INLINE void storeD(double* p, D8 v) {
  const D4 lo = __builtin_shufflevector(v, v, 0, 1, 2, 3), hi = __builtin_shufflevector(v, v, 4, 5, 6, 7);
  std::memcpy(p, &lo, sizeof lo);
  std::memcpy(p + 4, &hi, sizeof hi);
}
SMFUSE_INLINE void storeD(D8* p, D8 v) { storeD(reinterpret_cast<double*>(p), v); }

SMFUSE_INLINE D8 loadD(const double* p) {
  D8 v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

// Lane 0 + lane 1 + … + lane 7, in that order.
SMFUSE_INLINE double laneSum(D8 v) {
  double s = v[0];
  for (int l = 1; l < kDoubleLanes; l++) s += v[l];
  return s;
}

// e^x within ~1 ulp for x in [−708, 709] (clamped outside, where logsig is 0 or 1 to
// double precision anyway). x = k·ln2 + r, |r| ≤ ln2/2, with ln2 split in two (Cody–Waite,
// fdlibm's constants) so k·ln2hi is exact; e^r by its degree-12 Taylor polynomial
// (truncation (ln2/2)^13/13! ≈ 1.7e-16); 2^k by building the exponent bits. Adding
// 1.5·2^52 rounds x·log2(e) to the integer k and leaves k in the low mantissa bits, so
// no float→int conversion (AVX2 has none for 64-bit lanes) is needed.
SMFUSE_INLINE D8 expD(D8 x) {
  x = x < -708.0 ? splatD(-708.0) : x;
  x = x > 709.0 ? splatD(709.0) : x;
  const D8 magic = splatD(6755399441055744.0);
  const D8 shifted = fmadd(x, splatD(1.4426950408889634), magic);
  const D8 k = shifted - magic;
  const D8 r = fmadd(-k, splatD(1.90821492927058770002e-10), fmadd(-k, splatD(6.93147180369123816490e-01), x));
  D8 p = splatD(1.0 / 479001600);
  p = fmadd(p, r, splatD(1.0 / 39916800));
  p = fmadd(p, r, splatD(1.0 / 3628800));
  p = fmadd(p, r, splatD(1.0 / 362880));
  p = fmadd(p, r, splatD(1.0 / 40320));
  p = fmadd(p, r, splatD(1.0 / 5040));
  p = fmadd(p, r, splatD(1.0 / 720));
  p = fmadd(p, r, splatD(1.0 / 120));
  p = fmadd(p, r, splatD(1.0 / 24));
  p = fmadd(p, r, splatD(1.0 / 6));
  p = fmadd(p, r, splatD(0.5));
  p = fmadd(p, r, splatD(1.0));
  p = fmadd(p, r, splatD(1.0));
  I8 bits = (I8)shifted - (I8)magic;  // k, as a 64-bit integer
  bits = (bits + 1023) << 52;
  return p * (D8)bits;
}

// logsig(z) = 1 / (1 + e^−z).
SMFUSE_INLINE D8 logsigD(D8 z) { return 1.0 / (1.0 + expD(-z)); }

}  // namespace smfuse
