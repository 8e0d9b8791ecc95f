// Running a sweep: the scheduler's units on the shared pool (run_pool.hpp), `threads` workers
// simulating (or, on rank 0 of an MPI job, the other ranks) and the calling thread alone
// writing the store.
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <exception>

#include <fmt/format.h>

#include "experiment/run_pool.hpp"
#include "experiment/sweep_units.hpp"
#include "tiersim/error.hpp"
#include "tiersim/experiment/sweep.hpp"

namespace tiersim::experiment {

SweepOutcome run_sweep(const SweepPlan& plan, const SweepOptions& options, MpiRanks* ranks) {
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
  outcome.ranks = ranks != nullptr ? ranks->size() : 1;

  detail::PointModels models(plan);
  detail::Job job;
  job.next = [&] { return scheduler.next(); };
  job.finished = [&] { return scheduler.finished(); };
  job.simulate = [&](const detail::Unit& unit) {
    try {
      return detail::run_unit(*models.get(unit.point), unit.point, unit.replication);
    } catch (const std::exception& e) {  // bad_alloc building a point: still one failed run
      RunRecord r;
      r.point = unit.point;
      r.replication = unit.replication;
      r.error = e.what();
      return r;
    }
  };
  job.store = [&](const RunRecord& r) { store.record(r); };
  SweepProgress progress;
  job.complete = [&](RunRecord& r) {
    if (r.ok) {
      ++outcome.runs_ok;
    } else {
      ++outcome.runs_failed;
    }
    if (scheduler.complete(r)) models.release(r.point);
    progress.points_done = scheduler.points_done();
    progress.points_total = scheduler.points_total();
    progress.runs_done = outcome.runs_ok + outcome.runs_failed;
    progress.runs_failed = outcome.runs_failed;
    progress.runs_left = scheduler.left();
  };
  if (options.on_progress) {
    job.progress = [&] {
      progress.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      options.on_progress(progress);
    };
  }
  const bool finished = ranks != nullptr ? detail::run_pool_mpi(*ranks, job, options.stop)
                                          : detail::run_pool(job, options.threads, options.stop);
  outcome.interrupted = !finished;
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
