// File: tiersim/experiment/sweep.hpp
// Running a sweep (docs/SCENARIO.md) into a SweepStore: every point (the base scenario with
// that point's overrides) for `replications` replications, or to a precision. The unit of work
// is one (point, replication); its random streams come from (the point scenario's seed,
// replication) only, so a unit gives the same numbers on any thread, shard or MPI rank.
//
// Three ways to spread the work, all giving the same rows (timing columns aside):
//  - threads (`threads`): workers simulate, the calling thread writes the store;
//  - shards (`task`/`tasks`): the points with point % tasks == task, each into its own file,
//    merged afterwards by collect_shards() (for Slurm job arrays, tools/slurm-sweep.sbatch);
//  - MPI (run_sweep_mpi): rank 0 hands units to the other ranks as they finish and writes the store.
// Resumable: units already ok in the store are skipped; failed units are run again.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "tiersim/experiment/precision.hpp"
#include "tiersim/experiment/sweep_store.hpp"
#include "tiersim/scenario/load.hpp"

namespace tiersim::experiment {

/// A loaded sweep, its points in their fixed order, and its identity.
struct SweepPlan {
  scenario::Sweep sweep;
  std::vector<std::vector<scenario::Override>> points;
  std::vector<std::string> parameters;  ///< per point, JSON object text {path: value}
  std::string hash;                     ///< "fnv1a64:<hex>" of the sweep file and the base scenario

  [[nodiscard]] StoreIdentity identity(int task, int tasks) const;
};

/// Loads and checks a sweep file (throws ScenarioError). The hash covers the sweep file's bytes
/// and the base scenario as resolved, so editing either makes an old store refuse the sweep.
[[nodiscard]] SweepPlan plan_sweep(const std::string& sweep_file);

/// A point's overrides as a JSON object text: numbers and booleans typed, the rest strings.
[[nodiscard]] std::string parameters_json(const std::vector<scenario::Override>& overrides);

struct SweepProgress {
  int points_done = 0;           ///< points of this shard with every unit finished
  int points_total = 0;          ///< points of this shard
  std::int64_t runs_done = 0;    ///< units finished in this session (ok or failed)
  std::int64_t runs_failed = 0;  ///< of which failed
  std::int64_t runs_left = 0;    ///< units known to be still to run (a precision rule may add more)
  double seconds = 0;            ///< since the session started
};

struct SweepOptions {
  std::string store;             ///< SQLite file
  int threads = 1;               ///< >= 1 simulating threads (not used under MPI: a rank runs a unit at a time)
  int task = 0;                  ///< 0 <= task < tasks
  int tasks = 1;
  PrecisionRule precision;       ///< disabled by default: exactly the sweep's replications
  /// Called on the writing thread after every stored run.
  std::function<void(const SweepProgress&)> on_progress;
  /// When set and it becomes non-zero (a signal handler's flag), no new unit starts; the runs
  /// in flight finish and are stored, and run_sweep returns with `interrupted` set.
  const std::atomic<int>* stop = nullptr;
};

struct SweepOutcome {
  int points = 0;                ///< points of this shard
  std::int64_t runs_skipped = 0; ///< already ok in the store
  std::int64_t runs_ok = 0;      ///< run now
  std::int64_t runs_failed = 0;
  double wall_seconds = 0;
  int ranks = 1;                 ///< MPI ranks used (1: no MPI)
  bool interrupted = false;      ///< stopped by options.stop before the end
};

class MpiRanks;

/// Runs the sweep (or its shard) on threads into options.store, or, given `ranks` (rank 0 of
/// an MPI job, run_sweep_mpi), on the other ranks. Throws Error before any run when the store
/// belongs to another sweep or shard; IoError when the store cannot be written.
SweepOutcome run_sweep(const SweepPlan& plan, const SweepOptions& options, MpiRanks* ranks = nullptr);

/// True when this process was started by mpirun/mpiexec/srun with MPI (OMPI_COMM_WORLD_SIZE,
/// PMI_SIZE or PMIX_RANK in the environment). Checked before MPI is initialised, so the
/// plain binary never initialises MPI.
[[nodiscard]] bool launched_under_mpi();

/// True when this build can run sweeps over MPI (TIERSIM_WITH_MPI).
[[nodiscard]] bool mpi_available() noexcept;

/// Runs the sweep over the MPI ranks of this job: every rank calls it with the same arguments;
/// rank 0 opens the store, hands out units one at a time to ranks 1..N-1 as they finish,
/// and writes each result; a run that fails is recorded as failed and the others go on. With
/// a single rank it runs as run_sweep(). `on_progress` is called on rank 0 only. Returns the
/// outcome on rank 0 (other ranks: their own counts), and `is_root` tells which.
SweepOutcome run_sweep_mpi(const std::string& sweep_file, const SweepOptions& options, bool& is_root);

}  // namespace tiersim::experiment
