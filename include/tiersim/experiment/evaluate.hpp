// File: tiersim/experiment/evaluate.hpp
// The evaluation core that `calibrate`, `optimize` and `serve` share: a base scenario plus
// overrides (a "point"), run for replications 0..n-1 with one master seed, so every point sees
// common random numbers (patient r of point A draws what patient r of point B draws wherever
// the two share structure). Results are memoised per (point, replication); with a store they
// also go into a SQLite file in the sweep store's schema (sweep_store.hpp), one transaction per
// run, so a killed search started again with the same file and store runs nothing twice.
//
// Reproducible: which replications run, and the values returned, depend only on the points and
// replication counts asked for, never on the thread count or on what the store already held.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "tiersim/experiment/mpi.hpp"
#include "tiersim/experiment/runner.hpp"
#include "tiersim/experiment/sweep_store.hpp"
#include "tiersim/scenario/load.hpp"
#include "tiersim/stats/results.hpp"

namespace tiersim::experiment {

/// A point: overrides applied to the base, in order (paths as in `set:` and sweeps).
using Overrides = std::vector<scenario::Override>;

struct EvaluatorOptions {
  std::uint64_t seed = 1;          ///< master seed of every point (common random numbers)
  int threads = 1;                 ///< >= 1; results do not depend on it
  /// SQLite store (empty: memory only). A store made for another file or base is refused
  /// (tiersim::Error) before anything runs.
  std::string store;
  StoreIdentity identity;          ///< written into / checked against the store's meta
  /// When set and it becomes non-zero, no new run starts; runs in flight finish (and are
  /// stored) and ensure() throws Interrupted.
  const std::atomic<int>* stop = nullptr;
  /// Called on the calling thread after every finished run: runs done in this ensure() call,
  /// runs it needs in all.
  std::function<void(int done, int total)> on_progress;
  /// Rank 0 of an MPI job (mpi.hpp) of two ranks or more: the runs are simulated by the other
  /// ranks, which run serve_evaluations(), and `threads` is not used. The results are the same.
  MpiRanks* mpi = nullptr;
};

class Evaluator {
 public:
  /// `base_file`: a scenario file, or empty for the embedded default. Loads and checks the base
  /// (throws ScenarioError) and opens the store, if any.
  Evaluator(std::string base_file, EvaluatorOptions options);
  ~Evaluator();
  Evaluator(const Evaluator&) = delete;
  Evaluator& operator=(const Evaluator&) = delete;

  /// The base with `point` applied, checked (throws ScenarioError naming the override). The
  /// seed is the evaluator's, whatever the files say.
  [[nodiscard]] scenario::Scenario scenario(const Overrides& point) const;

  /// Makes sure replications 0..replications-1 of every point have run: the missing ones
  /// (neither in memory nor in the store) are run, all points' runs together on the threads.
  /// Throws ScenarioError for a point that does not load, Interrupted when stopped.
  void ensure(const std::vector<Overrides>& points, int replications);

  /// The values of `metric` over replications 0..n-1 of an ensured point (NaN where a
  /// replication has no value; n = how many have been ensured).
  [[nodiscard]] std::vector<double> values(const Overrides& point, const std::string& metric) const;
  /// Mean and Student-t 95% CI of `metric` over the point's ensured replications.
  [[nodiscard]] stats::MetricSummary summary(const Overrides& point, const std::string& metric) const;
  /// Replications ensured for the point (0 if never asked for).
  [[nodiscard]] int replications(const Overrides& point) const;

  /// The metric names a point produces (from its first ensured replication), in order.
  [[nodiscard]] std::vector<std::string> metric_names(const Overrides& point) const;

  /// Runs simulated in this process (runs found in the store are not counted).
  [[nodiscard]] std::int64_t runs_simulated() const noexcept { return simulated_; }
  /// Distinct points asked for.
  [[nodiscard]] int points() const noexcept { return static_cast<int>(index_.size()); }

  [[nodiscard]] const std::string& base_file() const noexcept { return base_file_; }
  [[nodiscard]] const scenario::Scenario& base() const noexcept { return base_; }
  [[nodiscard]] const EvaluatorOptions& options() const noexcept { return options_; }

  /// The canonical key of a point: its overrides as a JSON object text (parameters_json).
  [[nodiscard]] static std::string key(const Overrides& point);

 private:
  struct PointRuns {
    int id = 0;                                      ///< point number in the store
    std::map<int, std::vector<stats::Metric>> reps;  ///< replication -> metrics
    int ensured = 0;
  };
  const PointRuns* find(const Overrides& point) const;
  PointRuns& slot(const Overrides& point);

  std::string base_file_;
  EvaluatorOptions options_;
  /// The base file parsed once: every point is loaded from a copy of its tree.
  scenario::ScenarioBase parsed_base_;
  scenario::Scenario base_;
  std::unique_ptr<SweepStore> store_;
  std::map<std::string, PointRuns> index_;           ///< key -> runs
  int next_id_ = 0;                                  ///< store number of the next new point
  std::int64_t simulated_ = 0;
};

/// On the ranks other than 0 of an MPI job whose rank 0 runs an Evaluator of the same base and
/// seed (EvaluatorOptions::mpi): simulates every run rank 0 sends, building each point from
/// the base and the overrides sent with it, until rank 0 ends the job. Throws ScenarioError
/// when the base does not load (as it then does on rank 0).
void serve_evaluations(const std::string& base_file, std::uint64_t seed, MpiRanks& ranks);

/// Runs one point in full (every facility, flow and histogram kept), as `tiersim run` of the
/// base with `set:` of the point would: the same numbers, byte for byte. For `serve` and the
/// reports of a chosen plan.
[[nodiscard]] stats::RunResult run_point(const scenario::Scenario& s, int replications, int threads,
                                         const std::atomic<int>* stop = nullptr,
                                         const std::function<void(int done, int total)>& on_progress = {});

}  // namespace tiersim::experiment
