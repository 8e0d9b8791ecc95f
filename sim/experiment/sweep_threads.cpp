// The thread engine of a sweep: `threads` workers take units from the scheduler and simulate;
// the calling thread is the only one touching the store, writing each run as it arrives.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <deque>
#include <exception>
#include <thread>

#include <fmt/format.h>

#include "experiment/sweep_units.hpp"
#include "tiersim/error.hpp"
#include "tiersim/experiment/sweep.hpp"

namespace tiersim::experiment {

SweepOutcome run_sweep(const SweepPlan& plan, const SweepOptions& options) {
  if (options.tasks < 1 || options.task < 0 || options.task >= options.tasks) {
    throw Error(fmt::format("--task must be in 0..{} (--tasks {}), got {}", options.tasks - 1, options.tasks, options.task));
  }
  check_rule(options.precision, plan.sweep.replications);
  const auto start = std::chrono::steady_clock::now();
  SweepStore store(options.store, plan.identity(options.task, options.tasks));
  const std::vector<int> points = detail::shard_points(static_cast<int>(plan.points.size()), options.task, options.tasks);
  std::vector<std::pair<int, std::string>> rows;
  rows.reserve(points.size());
  for (int p : points) rows.emplace_back(p, plan.parameters[static_cast<std::size_t>(p)]);
  store.put_points(rows);
  store.set_meta("precision", detail::rule_text(options.precision));

  detail::Scheduler scheduler(points, plan.sweep.replications, options.precision,
                              store.ok_values(options.precision.chosen()));
  SweepOutcome outcome;
  outcome.points = scheduler.points_total();
  outcome.runs_skipped = scheduler.skipped();

  detail::PointModels models(plan);
  std::mutex mutex;                       // guards scheduler, results, stop
  std::condition_variable work_cv;        // workers wait for units
  std::condition_variable result_cv;      // the writer waits for results
  std::deque<RunRecord> results;
  bool stop = false;
  int running = 0;                        // units being simulated now

  auto worker = [&] {
    for (;;) {
      detail::Unit unit;
      {
        std::unique_lock<std::mutex> lock(mutex);
        std::optional<detail::Unit> u;
        work_cv.wait(lock, [&] { return stop || scheduler.finished() || (u = scheduler.next()).has_value(); });
        if (!u) return;
        unit = *u;
        ++running;
      }
      RunRecord r;
      try {
        r = detail::run_unit(*models.get(unit.point), unit.point, unit.replication);
      } catch (const std::exception& e) {  // bad_alloc building a point: still one failed run
        r.point = unit.point;
        r.replication = unit.replication;
        r.error = e.what();
      }
      {
        std::lock_guard<std::mutex> lock(mutex);
        results.push_back(std::move(r));
        --running;
      }
      result_cv.notify_one();
    }
  };

  const int threads = std::max(1, options.threads);
  std::vector<std::thread> pool;
  pool.reserve(static_cast<std::size_t>(threads));
  for (int t = 0; t < threads; ++t) pool.emplace_back(worker);

  std::exception_ptr failure;
  try {
    std::unique_lock<std::mutex> lock(mutex);
    auto stopping = [&] { return options.stop != nullptr && options.stop->load() != 0; };
    for (;;) {
      if (scheduler.finished()) break;
      if (stop && running == 0 && results.empty()) break;  // interrupted: everything in flight is stored
      if (!stop && stopping()) {
        stop = true;  // no new unit starts; the ones in flight finish and are stored
        outcome.interrupted = true;
        work_cv.notify_all();
        continue;
      }
      // Wake up now and then to notice a stop request (a signal handler cannot notify).
      if (!result_cv.wait_for(lock, std::chrono::milliseconds(50), [&] { return !results.empty(); })) continue;
      RunRecord r = std::move(results.front());
      results.pop_front();
      lock.unlock();
      store.record(r);  // outside the lock: workers keep simulating meanwhile
      lock.lock();
      if (r.ok) {
        ++outcome.runs_ok;
      } else {
        ++outcome.runs_failed;
      }
      if (scheduler.complete(r)) models.release(r.point);
      work_cv.notify_all();
      if (options.on_progress) {
        SweepProgress p;
        p.points_done = scheduler.points_done();
        p.points_total = scheduler.points_total();
        p.runs_done = outcome.runs_ok + outcome.runs_failed;
        p.runs_failed = outcome.runs_failed;
        p.runs_left = scheduler.left();
        p.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        lock.unlock();
        options.on_progress(p);
        lock.lock();
      }
    }
  } catch (...) {
    failure = std::current_exception();
  }
  {
    std::lock_guard<std::mutex> lock(mutex);
    stop = true;
  }
  work_cv.notify_all();
  for (auto& t : pool) t.join();
  if (failure) std::rethrow_exception(failure);
  outcome.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return outcome;
}

bool launched_under_mpi() {
  for (const char* v : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_RANK"}) {
    if (std::getenv(v) != nullptr) return true;
  }
  return false;
}

}  // namespace tiersim::experiment
