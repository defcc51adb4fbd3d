// Forward and backward pass of the 3–5×6–1 BPANN (kernels/bpann/backprop.ts) for eight
// samples at once, one per float64 lane, in the JS kernel's order of operations.
#pragma once
#include "common/double-vec.h"

namespace smfuse {

// Parameter layout of one network (kernels/bpann/types.ts): layer weights [out][in], then biases.
constexpr int kBpannParams = 176;
constexpr int kFirstBias = 15;
constexpr int kHiddenBase = 20;
constexpr int kHiddenStride = 30;
constexpr int kHiddenBias = 25;
constexpr int kOutput = 170;
// act[3 + 5·h + j]: node j of hidden layer h; act[0…2]: the inputs.
constexpr int kActs = 33;
constexpr int kLastHidden = 3 + 5 * 5;

// bias + w[0]·a[0] + … + w[k−1]·a[k−1], left to right, each term fused into the sum.
SMFUSE_INLINE D8 weightedSum(double bias, const double* w, const D8* a, int k) {
  D8 s = splatD(bias);
  for (int i = 0; i < k; i++) s = fmadd(splatD(w[i]), a[i], s);
  return s;
}

// Output of the network P for the block's inputs x[0…2]; leaves activations in act.
SMFUSE_INLINE D8 forwardBlock(const double* P, const D8* x, D8* act) {
  storeD(act, x[0]);
  storeD(act + 1, x[1]);
  storeD(act + 2, x[2]);
  for (int j = 0; j < 5; j++) {
    const double* w = P + 3 * j;
    storeD(act + 3 + j, logsigD(weightedSum(P[kFirstBias + j], w, x, 3)));
  }
  for (int l = 1; l < 6; l++) {
    const double* base = P + kHiddenBase + kHiddenStride * (l - 1);
    const D8* a = act + 3 + 5 * (l - 1);
    for (int j = 0; j < 5; j++) {
      const double* w = base + 5 * j;
      storeD(act + 3 + 5 * l + j, logsigD(weightedSum(base[kHiddenBias + j], w, a, 5)));
    }
  }
  const double* w = P + kOutput;
  const D8* a = act + kLastHidden;
  return weightedSum(w[5], w, a, 5);
}

// g[k] += e·∂output/∂θ_k per lane for the block whose activations act holds (backprop.ts's
// backpropSample). With e = the residual it accumulates the loss gradient; with e = 1 (0 in
// padding lanes) into zeroed g it writes the block's Jacobian columns.
SMFUSE_INLINE void backwardBlock(const double* P, const D8* act, D8 e, D8* g) {
  D8 d[5], nd[5];
  for (int i = 0; i < 5; i++) {
    const D8 a = act[kLastHidden + i];
    storeD(g + kOutput + i, fmadd(e, a, g[kOutput + i]));
    d[i] = P[kOutput + i] * e * a * (1.0 - a);
  }
  storeD(g + kOutput + 5, g[kOutput + 5] + e);
  for (int l = 5; l >= 1; l--) {
    D8* gw = g + kHiddenBase + kHiddenStride * (l - 1);
    const double* w = P + kHiddenBase + kHiddenStride * (l - 1);
    const D8* a = act + 3 + 5 * (l - 1);
    D8 s[5] = {};
    for (int j = 0; j < 5; j++) {
      const D8 dj = d[j];
      for (int i = 0; i < 5; i++) storeD(gw + 5 * j + i, fmadd(dj, a[i], gw[5 * j + i]));
      for (int i = 0; i < 5; i++) s[i] = fmadd(splatD(w[5 * j + i]), dj, s[i]);
      storeD(gw + kHiddenBias + j, gw[kHiddenBias + j] + dj);
    }
    for (int i = 0; i < 5; i++) nd[i] = s[i] * a[i] * (1.0 - a[i]);
    for (int i = 0; i < 5; i++) d[i] = nd[i];
  }
  for (int j = 0; j < 5; j++) {
    for (int i = 0; i < 3; i++) storeD(g + 3 * j + i, fmadd(d[j], act[i], g[3 * j + i]));
    storeD(g + kFirstBias + j, g[kFirstBias + j] + d[j]);
  }
}

}  // namespace smfuse
