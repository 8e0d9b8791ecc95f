// File: tiersim/experiment/runner.hpp
// Runs the replications of a scenario, on a pool of threads, and summarises them.
// Results are merged in replication order, so they are identical whatever the thread count.
#pragma once

#include <atomic>
#include <exception>
#include <functional>
#include <optional>

#include "tiersim/flow/flow_model.hpp"
#include "tiersim/network/network.hpp"
#include "tiersim/scenario/scenario.hpp"
#include "tiersim/stats/results.hpp"

namespace tiersim::experiment {

struct RunOptions {
  std::optional<int> replications;          ///< default: the scenario's
  std::optional<std::uint64_t> seed;        ///< default: the scenario's
  int threads = 1;                          ///< >= 1
  flow::TraceSink* trace = nullptr;         ///< forces replications to run in order on one thread
  /// Called after each finished replication (from any thread, serialised): done, total, events.
  std::function<void(int done, int total, std::uint64_t events)> on_progress;
  /// When set and it becomes non-zero, no new replication starts and run_scenario throws
  /// Interrupted once the ones in flight finish.
  const std::atomic<int>* stop = nullptr;
};

/// Thrown when a run was asked to stop (RunOptions::stop) before it finished.
struct Interrupted : std::exception {
  [[nodiscard]] const char* what() const noexcept override { return "interrupted"; }
};

/// Builds nothing: pass the network built once for the scenario.
[[nodiscard]] stats::RunResult run_scenario(const scenario::Scenario& s, const network::Network& net,
                                            const RunOptions& options);

/// Runs `count` independent jobs on `threads` threads; job i is run exactly once. Exceptions
/// are rethrown on the caller after all threads stop (the first by job index).
void parallel_for(int count, int threads, const std::function<void(int)>& job);

}  // namespace tiersim::experiment
