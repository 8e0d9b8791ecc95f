// The thread pool of run_pool.hpp: workers take units and simulate, the calling thread stores
// each run as it arrives. One pool for sweeps and the evaluator alike.
#include "experiment/run_pool.hpp"

#include <chrono>
#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <thread>

namespace tiersim::experiment::detail {

bool run_pool(const Job& job, int threads, const std::atomic<int>* stop) {
  threads = std::max(1, threads);
  std::mutex mutex;                    // guards everything below and the job's locked hooks
  std::condition_variable work_cv;     // workers wait for units (or room to finish one)
  std::condition_variable result_cv;   // the writer waits for runs
  std::deque<RunRecord> results;
  std::exception_ptr error;            // the first failure, simulating or storing
  bool stopping = false;               // no new unit starts
  bool store_failed = false;           // nothing more is stored
  int running = 0;                     // units being simulated now
  const auto requested = [stop] { return stop != nullptr && stop->load() != 0; };

  auto worker = [&] {
    for (;;) {
      std::optional<Unit> unit;
      {
        std::unique_lock<std::mutex> lock(mutex);
        // Back-pressure: a worker waits while `threads` runs wait for the writer, so a stop
        // takes effect within a unit per thread and finished runs never pile up in memory.
        work_cv.wait(lock, [&] {
          if (stopping || requested() || job.finished()) return true;
          if (results.size() >= static_cast<std::size_t>(threads)) return false;
          unit = job.next();
          return unit.has_value();
        });
        if (!unit) return;
        ++running;
      }
      RunRecord run;
      try {
        run = job.simulate(*unit);
      } catch (...) {
        {
          std::lock_guard<std::mutex> lock(mutex);
          if (!error) error = std::current_exception();
          stopping = true;
          --running;
        }
        work_cv.notify_all();
        result_cv.notify_one();
        return;
      }
      {
        std::lock_guard<std::mutex> lock(mutex);
        results.push_back(std::move(run));
        --running;
      }
      result_cv.notify_one();
    }
  };

  std::vector<std::thread> pool;
  pool.reserve(static_cast<std::size_t>(threads));
  for (int t = 0; t < threads; ++t) pool.emplace_back(worker);

  bool finished = false;
  {
    std::unique_lock<std::mutex> lock(mutex);
    for (;;) {
      if (!stopping && requested()) {
        stopping = true;  // the runs in flight finish and are stored
        work_cv.notify_all();
      }
      if (results.empty()) {
        if (running == 0 && (stopping || job.finished())) break;
        // Wake up now and then to notice a stop request (a signal handler cannot notify).
        result_cv.wait_for(lock, std::chrono::milliseconds(50));
        continue;
      }
      RunRecord run = std::move(results.front());
      results.pop_front();
      work_cv.notify_all();  // room for a worker held back
      if (store_failed) continue;
      lock.unlock();
      try {
        job.store(run);  // outside the lock: workers keep simulating meanwhile
      } catch (...) {
        lock.lock();
        if (!error) error = std::current_exception();
        store_failed = true;
        stopping = true;
        work_cv.notify_all();
        continue;
      }
      lock.lock();
      job.complete(run);
      work_cv.notify_all();  // a completion may have made units ready
      if (job.progress) {
        lock.unlock();
        job.progress();
        lock.lock();
      }
    }
    finished = job.finished();
    stopping = true;
  }
  work_cv.notify_all();
  for (auto& t : pool) t.join();
  if (error) std::rethrow_exception(error);
  return finished;
}

}  // namespace tiersim::experiment::detail
