// Internal to sim/experiment: the pieces the thread and MPI sweep engines share: a point's
// scenario and network (built once per point while it is live), running one unit, and the
// scheduler deciding which units are left (and, with a precision rule, when a point needs
// another batch).
#pragma once

#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "experiment/run_pool.hpp"
#include "tiersim/experiment/precision.hpp"
#include "tiersim/experiment/sweep.hpp"
#include "tiersim/experiment/sweep_store.hpp"
#include "tiersim/network/network.hpp"
#include "tiersim/scenario/scenario.hpp"

namespace tiersim::experiment::detail {

/// A point ready to simulate, or why it cannot be (every unit of it is then a failed run).
struct PointModel {
  std::optional<scenario::Scenario> scenario;
  std::optional<network::Network> network;
  std::string error;
};

/// Loads the point's scenario and builds its network; errors are kept, not thrown.
[[nodiscard]] PointModel build_point(const SweepPlan& plan, int point);

/// Point models shared by worker threads: built on first use, dropped by release().
class PointModels {
 public:
  explicit PointModels(const SweepPlan& plan) : plan_(plan) {}
  [[nodiscard]] std::shared_ptr<const PointModel> get(int point);
  void release(int point);

 private:
  struct Slot {
    std::once_flag once;
    std::shared_ptr<const PointModel> model;
  };
  const SweepPlan& plan_;
  std::mutex mutex_;
  std::map<int, std::shared_ptr<Slot>> slots_;
};

/// Runs one unit; never throws (a failure becomes a failed record).
[[nodiscard]] RunRecord run_unit(const PointModel& model, int point, int replication);

/// Which units remain. Decisions use only stored values of replications 0..n-1 of a point,
/// so they are the same whatever order the units finish in.
class Scheduler {
 public:
  Scheduler(const std::vector<int>& points, int initial, PrecisionRule rule,
            const std::map<std::pair<int, int>, std::vector<double>>& done_ok);

  /// The next unit to run, or nullopt when none is ready (finished(), or waiting for
  /// completions that may add a batch).
  [[nodiscard]] std::optional<Unit> next();
  /// Records a finished unit; returns true when its point is now finished.
  bool complete(const RunRecord& run);
  [[nodiscard]] bool finished() const noexcept { return points_done_ == static_cast<int>(states_.size()); }
  [[nodiscard]] int points_total() const noexcept { return static_cast<int>(states_.size()); }
  [[nodiscard]] int points_done() const noexcept { return points_done_; }
  [[nodiscard]] std::int64_t skipped() const noexcept { return skipped_; }
  /// Units known to remain (queued or running).
  [[nodiscard]] std::int64_t left() const noexcept { return static_cast<std::int64_t>(ready_.size()) + in_flight_; }

 private:
  struct PointState {
    int point = 0;
    int target = 0;                              ///< replications 0..target-1 are wanted
    std::map<int, std::vector<double>> done;     ///< replication -> chosen metrics' values
    bool finished = false;
  };
  void advance(PointState& p);

  PrecisionRule rule_;
  std::vector<PointState> states_;
  std::map<int, std::size_t> index_;             ///< point -> states_ index
  std::deque<Unit> ready_;
  std::int64_t in_flight_ = 0;
  std::int64_t skipped_ = 0;
  int points_done_ = 0;
};

/// The points of shard `task` of `tasks` (point % tasks == task), in order.
[[nodiscard]] std::vector<int> shard_points(int points, int task, int tasks);

/// A one-word description of a precision rule for the store's meta.
[[nodiscard]] std::string rule_text(const PrecisionRule& rule);

}  // namespace tiersim::experiment::detail
