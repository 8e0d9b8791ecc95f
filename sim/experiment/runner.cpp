#include "tiersim/experiment/runner.hpp"

#include <atomic>
#include <chrono>
#include <exception>
#include <mutex>
#include <thread>

#include "tiersim/error.hpp"
#include "tiersim/version.hpp"

namespace tiersim::experiment {

void parallel_for(int count, int threads, const std::function<void(int)>& job) {
  if (count <= 0) return;
  threads = std::max(1, std::min(threads, count));
  std::vector<std::exception_ptr> errors(static_cast<std::size_t>(count));
  if (threads == 1) {
    for (int i = 0; i < count; ++i) job(i);
    return;
  }
  // Work stealing by a shared counter: each thread takes the next job index.
  std::atomic<int> next{0};
  std::atomic<bool> failed{false};
  auto worker = [&] {
    for (;;) {
      const int i = next.fetch_add(1);
      if (i >= count || failed.load()) return;
      try {
        job(i);
      } catch (...) {
        errors[static_cast<std::size_t>(i)] = std::current_exception();
        failed.store(true);
      }
    }
  };
  std::vector<std::thread> pool;
  pool.reserve(static_cast<std::size_t>(threads - 1));
  for (int t = 1; t < threads; ++t) pool.emplace_back(worker);
  worker();
  for (auto& t : pool) t.join();
  for (auto& e : errors) {
    if (e) std::rethrow_exception(e);
  }
}

stats::RunResult run_scenario(const scenario::Scenario& s, const network::Network& net, const RunOptions& options) {
  scenario::Scenario local = s;
  if (options.seed) local.seed = *options.seed;
  const int reps = options.replications.value_or(s.replications);
  if (reps < 1) throw Error("replications must be at least 1");
  const int threads = options.trace ? 1 : std::max(1, options.threads);

  stats::RunResult run;
  run.scenario = local.name;
  run.source_file = local.source_file;
  run.seed = local.seed;
  run.replications = reps;
  run.horizon = local.horizon;
  run.warmup = local.warmup;
  run.version = kVersion;
  run.threads = threads;
  run.reps.resize(static_cast<std::size_t>(reps));

  std::mutex progress_mutex;
  int done = 0;
  std::uint64_t events_done = 0;
  const auto start = std::chrono::steady_clock::now();
  std::atomic<bool> stopped{false};
  parallel_for(reps, threads, [&](int r) {
    if (options.stop && options.stop->load() != 0) {
      stopped.store(true);
      return;
    }
    flow::ReplicationOptions ro;
    ro.trace = options.trace;
    run.reps[static_cast<std::size_t>(r)] = flow::simulate_replication(local, net, r, ro);
    if (options.on_progress) {
      std::lock_guard<std::mutex> lock(progress_mutex);
      ++done;
      events_done += run.reps[static_cast<std::size_t>(r)].events;
      options.on_progress(done, reps, events_done);
    }
  });
  if (stopped.load()) throw Interrupted();
  run.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  for (const auto& r : run.reps) run.events += r.events;
  run.metrics = stats::summarise_metrics(run.reps);
  return run;
}

}  // namespace tiersim::experiment
