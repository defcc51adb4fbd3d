// One process-wide pool of helper threads, shared by every kernel and by every JS thread
// that calls into the addon (worker_threads load the same shared object).
#pragma once
#include <cstddef>
#include <functional>

namespace smfuse {

// Hardware threads of this machine (at least 1).
unsigned hardwareThreads();

// Runs body(i) for every i in [0, count) on the calling thread plus up to threads − 1
// pool helpers; returns when all are done. Which thread runs which i is not fixed, so
// each body(i) must depend on i alone (the kernels' results then do not depend on the
// thread count). threads ≤ 1 runs everything on the calling thread.
void parallelFor(std::size_t count, unsigned threads, const std::function<void(std::size_t)>& body);

}  // namespace smfuse
