// Which SIMD path a kernel runs: chosen at run time from what the CPU (and OS) support,
// so one build runs everywhere and never executes an instruction the CPU lacks.
#pragma once
#include <string>
#include <vector>

namespace smfuse {

enum class Simd { Baseline, Avx2, Avx512 };

// The best path this CPU supports.
Simd bestSimd();
// Every path this CPU supports, best first (tests run each of them).
std::vector<Simd> supportedSimd();
const char* simdName(Simd s);
// Parses a name from simdName(); throws std::invalid_argument if unknown or unsupported here.
Simd parseSimd(const std::string& name);

}  // namespace smfuse
