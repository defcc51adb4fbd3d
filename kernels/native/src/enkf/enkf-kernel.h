// The EnKF run of kernels/enkf/fast.ts in C++: the same float64 arithmetic in the same
// order, and the same random draws, so results equal the JS kernel's.
#pragma once
#include <cstddef>
#include <cstdint>

namespace smfuse {

// Daily cubes [day][pixel] (NaN = missing), as EnkfInputs.
struct EnkfCubes {
  const float* smap;
  const float* clm;
  const float* lst;
  const float* obs;
  std::size_t days;
  std::size_t pixels;
};

// The filtered pixels (EnkfSetup) and the draws: pixel i reads the mulberry32 stream seeded
// seeds[i] into normalTable (kNormalTableBits index bits).
struct EnkfPlan {
  const std::int32_t* filtered;
  const std::uint32_t* seeds;
  const double* initMean;
  const double* initVariance;
  const double* stateNoise;
  std::size_t count;
  const double* normalTable;
  int members;
  double obsVariance;
  double inflation;
  bool additiveNoise;  // StateNoiseMode 'additive', else 'inflate'
};

constexpr int kNormalTableBits = 14;

// fused and sd (the spread of H·τ, or nullptr) [day][pixel]; stateMean/stateSpread [day][i][4] or
// nullptr. Pixels spread over threads.
void enkfRun(const EnkfCubes& in, const EnkfPlan& plan, float* fused, float* sd, float* stateMean, float* stateSpread,
             unsigned threads);

}  // namespace smfuse
