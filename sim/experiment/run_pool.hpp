// File: experiment/run_pool.hpp
// Internal to sim/experiment: the one runner of units (one replication of one point) that the
// sweep and the evaluator share. On threads, `threads` workers simulate and the calling thread
// alone writes (SQLite has one writer); over MPI (mpi_session.hpp) rank 0 hands units to the
// other ranks and writes. What is run, stored and returned is the job's: the pool only decides
// who simulates a unit and when.
#pragma once

#include <atomic>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "tiersim/experiment/mpi.hpp"
#include "tiersim/experiment/sweep_store.hpp"
#include "tiersim/scenario/load.hpp"

namespace tiersim::experiment::detail {

/// One replication of one point. `point` is the job's number for it (the sweep's point, the
/// evaluator's model); `overrides` are sent to MPI ranks that build points from the base.
struct Unit {
  int point = 0;
  int replication = 0;
  std::vector<scenario::Override> overrides;
};

/// What a pool runs. "Locked" hooks run under the pool's lock (never two at once), so they may
/// share a scheduler without a lock of their own.
struct Job {
  /// Locked: the next unit to run, or nullopt when none is ready now.
  std::function<std::optional<Unit>()> next;
  /// Locked: true when no unit is left to run or to wait for.
  std::function<bool()> finished;
  /// On a worker thread, concurrently with the others. A throw stops the pool: nothing new
  /// starts, the runs in flight are stored, and run_pool rethrows it.
  std::function<RunRecord(const Unit&)> simulate;
  /// On the writing thread, unlocked: stores a finished run. A throw stops the pool the same way
  /// (later runs are not stored) and is rethrown.
  std::function<void(const RunRecord&)> store;
  /// Locked, after `store`: bookkeeping (the run's metrics may be moved out).
  std::function<void(RunRecord&)> complete;
  /// On the writing thread, unlocked, after `complete` (progress display); may be empty.
  std::function<void()> progress;
};

/// Runs `job` on `threads` (>= 1) worker threads, the calling thread writing, until it is
/// finished or `stop` becomes non-zero. Returns true when finished, false when stopped first
/// (every run that finished is stored either way).
bool run_pool(const Job& job, int threads, const std::atomic<int>* stop);

/// On rank 0 of `ranks` (size >= 2): the same, the units simulated by the other ranks (which
/// run serve_units) and this thread writing. `job.simulate` is not used here.
bool run_pool_mpi(MpiRanks& ranks, const Job& job, const std::atomic<int>* stop);

/// On the other ranks: simulates each unit rank 0 sends, with `simulate` (which must not
/// throw: a failure is a failed record), until rank 0 ends the job.
void serve_units(MpiRanks& ranks, const std::function<RunRecord(const Unit&)>& simulate);

}  // namespace tiersim::experiment::detail
