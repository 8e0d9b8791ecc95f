#include <chrono>
#include <mutex>

#include <fmt/format.h>

#include "tiersim/error.hpp"
#include "tiersim/experiment/compare.hpp"
#include "tiersim/experiment/paired.hpp"
#include "tiersim/experiment/runner.hpp"
#include "tiersim/flow/flow_model.hpp"
#include "tiersim/network/network.hpp"
#include "tiersim/scenario/load.hpp"
#include "tiersim/version.hpp"

namespace tiersim::experiment {

std::vector<CompareArm> run_comparison(std::vector<std::pair<std::string, scenario::Scenario>> scenarios,
                                       const CompareOptions& options) {
  if (scenarios.size() < 2) throw Error("tiersim compare: name at least two scenarios");
  const auto& first = scenarios.front().second;
  const std::uint64_t seed = options.seed.value_or(first.seed);
  int n = options.replications.value_or(first.replications);
  if (n < 1) throw Error(fmt::format("tiersim compare: --replications must be at least 1, got {}", n));
  check_rule(options.precision, n);

  std::vector<CompareArm> arms;
  std::vector<network::Network> nets;
  arms.reserve(scenarios.size());
  nets.reserve(scenarios.size());
  for (auto& [file, s] : scenarios) {
    CompareArm arm;
    arm.file = file;
    arm.name = s.name;
    int repeats = 0;
    for (const auto& other : arms) repeats += (other.scenario.name == s.name) ? 1 : 0;
    if (repeats > 0) arm.name = fmt::format("{} ({})", s.name, repeats + 1);
    s.seed = seed;  // common random numbers: one master seed for every arm
    nets.push_back(network::Network::build(s));
    arm.resolved_yaml = scenario::resolved_yaml(s);
    arm.scenario = std::move(s);
    arms.push_back(std::move(arm));
  }

  const auto start = std::chrono::steady_clock::now();
  std::mutex progress_mutex;
  int done = 0;
  int have = 0;  // replications 0..have-1 are run in every arm
  const int arm_count = static_cast<int>(arms.size());
  for (;;) {
    const int batch = n - have;
    for (auto& a : arms) a.run.reps.resize(static_cast<std::size_t>(n));
    // Units are (arm, replication): every arm's replications spread over the pool together.
    parallel_for(arm_count * batch, options.threads, [&](int i) {
      const int a = i / batch;
      const int r = have + i % batch;
      auto& arm = arms[static_cast<std::size_t>(a)];
      arm.run.reps[static_cast<std::size_t>(r)] =
          flow::simulate_replication(arm.scenario, nets[static_cast<std::size_t>(a)], r);
      if (options.on_progress) {
        std::lock_guard<std::mutex> lock(progress_mutex);
        options.on_progress(++done, arm_count * n);
      }
    });
    have = n;
    if (!options.precision.enabled() || n >= options.precision.max_replications) break;
    bool met = true;
    for (const auto& a : arms) {
      std::vector<std::vector<double>> values;
      for (const auto& m : options.precision.chosen()) values.push_back(metric_values(a.run.reps, m));
      met = met && precise_enough(options.precision, values);
    }
    if (met) break;
    n = next_replication_count(options.precision, n);
  }

  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  for (auto& a : arms) {
    a.scenario.replications = n;
    stats::RunResult& run = a.run;
    run.scenario = a.scenario.name;
    run.source_file = a.file;
    run.seed = seed;
    run.replications = n;
    run.horizon = a.scenario.horizon;
    run.warmup = a.scenario.warmup;
    run.version = kVersion;
    run.threads = options.threads;
    run.wall_seconds = wall;
    run.events = 0;
    for (const auto& r : run.reps) run.events += r.events;
    run.metrics = stats::summarise_metrics(run.reps);
  }
  return arms;
}

}  // namespace tiersim::experiment
