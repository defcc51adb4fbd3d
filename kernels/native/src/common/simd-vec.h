// Float vectors of W lanes as GCC/Clang vector types: kernels are templates on W and are
// instantiated once per SIMD path with the path's register width (4 SSE2/NEON, 8 AVX2,
// 16 AVX-512), so each kernel is written once and the compiler never has to split a
// vector wider than the registers (which it does badly).
//
// Every path must give the same bytes (shards from different nodes merge): lanes hold
// independent values, sums across lanes run in a fixed order that does not depend on W,
// and multiply-adds are fused exactly where fmadd says so (see below).
#pragma once
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>

#define SMFUSE_INLINE __attribute__((always_inline)) inline

namespace smfuse {

template <int W>
struct Lanes {
  typedef float F __attribute__((vector_size(4 * W)));
  typedef std::int32_t I __attribute__((vector_size(4 * W)));
};

// Loads W floats from any address (arrays from JS are only 4-byte aligned).
template <class F>
SMFUSE_INLINE F load(const float* p) {
  F v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

template <class F>
SMFUSE_INLINE void store(float* p, F v) {
  std::memcpy(p, &v, sizeof v);
}

template <class F>
SMFUSE_INLINE F splat(float x) {
  return F{} + x;
}

// a·b + c rounded once, per lane. The addon is built with -ffp-contract=off (binding.gyp),
// so the compiler fuses nothing by itself: every fused multiply-add is one of these, at
// the same place on every path, and every path gives the same bytes. Within an AVX2 or
// AVX-512 function the lane loop compiles to one vfmadd per register; the baseline
// x86-64 target has no FMA instruction, so there it calls libm's correctly rounded
// fmaf/fma (slow, but the same result); NEON has the instruction.
template <class V>
SMFUSE_INLINE V fmadd(V a, V b, V c) {
  V r;
  for (std::size_t l = 0; l < sizeof(V) / sizeof(a[0]); l++) r[l] = std::fma(a[l], b[l], c[l]);
  return r;
}

template <class F>
SMFUSE_INLINE float hmin(F v) {
  float m = v[0];
  for (std::size_t l = 1; l < sizeof(F) / sizeof(float); l++) m = v[l] < m ? v[l] : m;
  return m;
}

// 2^x for x ≤ 0, relative error < 2e-7; 0 below 2^-126 (float's smallest normal) and for
// NaN. x = k + f with k = round(x), |f| ≤ 1/2; 2^f by its degree-6 Taylor polynomial
// (truncation ≤ (ln2/2)^7/7! ≈ 1.2e-7); 2^k by building the float's exponent bits.
template <class F>
SMFUSE_INLINE F exp2Neg(F x) {
  using I = decltype(x < x);
  const F lo = splat<F>(-126.0f);
  const I inRange = x > lo;  // false for NaN too
  const F clamped = inRange ? x : lo;
  // Adding 1.5·2^23 rounds to an integer (round-to-nearest), with no rounding instruction.
  const F magic = splat<F>(12582912.0f);
  const F k = (clamped + magic) - magic;
  const F f = clamped - k;
  F p = splat<F>(1.5403530393381606e-4f);  // ln2^6/6!
  p = fmadd(p, f, splat<F>(1.3333558146428443e-3f));      // ln2^5/5!
  p = fmadd(p, f, splat<F>(9.6181291076284772e-3f));      // ln2^4/4!
  p = fmadd(p, f, splat<F>(5.5504108664821580e-2f));      // ln2^3/3!
  p = fmadd(p, f, splat<F>(2.4022650695910071e-1f));      // ln2^2/2!
  p = fmadd(p, f, splat<F>(6.9314718055994531e-1f));      // ln2
  p = fmadd(p, f, splat<F>(1.0f));
  const I bits = (__builtin_convertvector(k, I) + 127) << 23;
  const F scale = (F)bits;  // same-size vector cast: reinterprets the bits
  return inRange ? p * scale : F{};
}

}  // namespace smfuse
