#include "common/thread-pool.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

namespace smfuse {
namespace {

// One parallelFor call: helpers and the caller take indices from `next` until none are left.
struct Job {
  const std::function<void(std::size_t)>* body;
  std::size_t count;
  std::atomic<std::size_t> next{0};
  unsigned running = 0;  // helpers inside run(); guarded by the pool mutex
  std::condition_variable finished;

  void run() {
    for (std::size_t i; (i = next.fetch_add(1)) < count;) (*body)(i);
  }
};

class Pool {
 public:
  explicit Pool(unsigned helpers) {
    for (unsigned t = 0; t < helpers; t++) threads_.emplace_back([this] { loop(); });
  }
  unsigned size() const { return static_cast<unsigned>(threads_.size()); }

  void run(Job& job, unsigned helpers) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      for (unsigned h = 0; h < helpers; h++) queue_.push_back(&job);
    }
    wake_.notify_all();
    job.run();
    std::unique_lock<std::mutex> lock(mutex_);
    // Tickets no helper has taken yet are withdrawn: the work is done.
    queue_.erase(std::remove(queue_.begin(), queue_.end(), &job), queue_.end());
    job.finished.wait(lock, [&] { return job.running == 0; });
  }

 private:
  void loop() {
    std::unique_lock<std::mutex> lock(mutex_);
    for (;;) {
      wake_.wait(lock, [&] { return !queue_.empty(); });
      Job* job = queue_.front();
      queue_.pop_front();
      job->running++;
      lock.unlock();
      job->run();
      lock.lock();
      if (--job->running == 0) job->finished.notify_all();
    }
  }

  std::vector<std::thread> threads_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Job*> queue_;
};

Pool& pool() {
  // Never destroyed: joining threads from a shared library's static destructors can
  // deadlock, and idle helpers do not keep the process alive.
  static Pool* p = new Pool(hardwareThreads() - 1);
  return *p;
}

}  // namespace

unsigned hardwareThreads() {
  return std::max(1u, std::thread::hardware_concurrency());
}

void parallelFor(std::size_t count, unsigned threads, const std::function<void(std::size_t)>& body) {
  Job job;
  job.body = &body;
  job.count = count;
  unsigned helpers = static_cast<unsigned>(std::min<std::size_t>(threads > 0 ? threads - 1 : 0, count > 0 ? count - 1 : 0));
  if (helpers == 0) return job.run();
  pool().run(job, std::min(helpers, pool().size()));
}

}  // namespace smfuse
