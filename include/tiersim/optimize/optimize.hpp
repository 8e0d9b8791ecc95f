// File: tiersim/optimize/optimize.hpp
// `tiersim optimize`: the best plan within a budget, with a statistical guarantee
// (sim/optimize/README.md). The plans are every combination of the decisions' values that
// the budget allows, in a fixed order (the last decision varying fastest, like nested loops
// in file order); plans over the budget are never run. Every plan runs replications 0..n-1
// with one master seed (common random numbers, through experiment::Evaluator), and the
// selection of tiersim/optimize/select.hpp decides how many replications each plan gets.
// Above max_plans plans within the budget (or with search: compass), the COMPASS search of
// tiersim/optimize/compass.hpp chooses which plans run, and the selection is its clean-up
// among the plans it visited.
//
// The result depends only on the file (and its base), never on the thread count or on what a
// store already held: a killed run resumed with the same store gives the same files.
#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tiersim/experiment/evaluate.hpp"
#include "tiersim/optimize/compass.hpp"
#include "tiersim/optimize/select.hpp"
#include "tiersim/scenario/optimize_file.hpp"
#include "tiersim/stats/results.hpp"

namespace tiersim::optimize {

/// One combination of values: the index of its value in each decision.
struct Plan {
  std::vector<std::size_t> choice;
  experiment::Overrides overrides;  ///< path = value for every decision, in file order
  double cost = 0;
};

/// Every plan within the budget, in the fixed order; `over_budget` counts the others.
[[nodiscard]] std::vector<Plan> enumerate_plans(const scenario::OptimizeFile& f, std::int64_t& over_budget);

/// The plan of a choice of value indices (its overrides and cost).
[[nodiscard]] Plan make_plan(const scenario::OptimizeFile& f, const Choice& choice);
/// Whether a choice's cost is within the budget (with the relative slack of 1e-12).
[[nodiscard]] bool within_budget(const scenario::OptimizeFile& f, const Choice& choice);
/// Plans within the budget (`over_budget`: the others), without building them.
[[nodiscard]] std::int64_t count_plans(const scenario::OptimizeFile& f, std::int64_t& over_budget);
/// The n-th plan within the budget (from 0), in plan order.
[[nodiscard]] Choice nth_plan_within_budget(const scenario::OptimizeFile& f, std::int64_t n);
/// Whether `plans` plans within the budget are searched by COMPASS (search: compass, or auto
/// with more than max_plans) rather than all run through the selection.
[[nodiscard]] bool uses_compass(const scenario::OptimizeFile& f, std::int64_t plans);

/// The metric names a scenario produces (those of docs/CLI.md for its facilities and
/// conditions), found by a probe replication one minute long.
[[nodiscard]] std::vector<std::string> metric_catalogue(const scenario::Scenario& s);

/// Checks the objective's and the constraints' metric names against the base's catalogue
/// (throws ScenarioError at the entries, with "did you mean"), and that an exhaustive search
/// (search: exhaustive) has at most the file's max_plans plans within the budget.
void check_problem(const scenario::OptimizeFile& f, const scenario::Scenario& base, std::int64_t plans);

struct OptimizeOptions {
  int threads = 1;
  std::string store;                      ///< SQLite store (sweep schema); empty: none
  const std::atomic<int>* stop = nullptr; ///< see EvaluatorOptions::stop
  std::function<void(int done, int total)> on_progress;
  experiment::MpiRanks* mpi = nullptr;    ///< see EvaluatorOptions::mpi
};

struct PlanResult {
  Plan plan;
  PlanVerdict verdict;
  stats::MetricSummary objective;                 ///< over its replications
  std::vector<stats::MetricSummary> constraints;  ///< per constraint
};

/// How the plans of the result were found.
struct SearchSummary {
  bool compass = false;             ///< false: every plan within the budget was run (exhaustive)
  std::int64_t within_budget = 0;   ///< plans within the budget
  int iterations = 0;               ///< COMPASS iterations
  std::int64_t replications = 0;    ///< replications the search used (before the clean-up)
  SearchStop stopped = SearchStop::kStall;
  int cleaned_up = 0;               ///< plans given to the selection (the clean-up, for COMPASS)
};

/// COMPASS over the plans within the budget, on the evaluator (output 0 the objective, then
/// the constraints' metrics): the plans it visited, in plan order. Fills `summary`.
[[nodiscard]] std::vector<Plan> compass_plans(const scenario::OptimizeFile& f, experiment::Evaluator& ev,
                                              SearchSummary& summary);

struct OptimizeResult {
  scenario::OptimizeFile file;
  std::string file_hash;                  ///< of the file and the resolved base
  SearchSummary search;
  /// Exhaustive: every plan within budget, in order. COMPASS: the plans it visited, in order.
  std::vector<PlanResult> plans;
  std::int64_t over_budget = 0;
  SelectResult selection;
  std::optional<double> base_cost;        ///< the base's cost, when its decided values are numbers
  /// Best plan against the base on common random numbers (empty when no plan is feasible):
  /// every metric, best and base summaries and best - base paired differences.
  std::vector<std::string> metrics;
  std::vector<stats::MetricSummary> best_summary, base_summary, difference;
  int base_replications = 0;
  std::int64_t replications_run = 0;      ///< replications the result uses (plans and base)
  std::int64_t simulated = 0;             ///< of those, simulated by this process (the rest came from the store)
  std::string resolved_best_yaml;         ///< the best scenario, for the report
};

/// Runs the whole optimisation. Throws ScenarioError (a plan does not load), Error,
/// experiment::Interrupted (stopped), IoError (store).
[[nodiscard]] OptimizeResult run_optimization(const scenario::OptimizeFile& f, const OptimizeOptions& options);

/// optimization.json (no timings, no thread count: identical whatever --threads).
[[nodiscard]] nlohmann::ordered_json optimization_json(const OptimizeResult& r);
/// What `best.pcs` means, in a sentence: for an exhaustive search, among every plan within the
/// budget; for COMPASS, among the plans given to the clean-up (those the search visited).
[[nodiscard]] std::string guarantee_text(const OptimizeResult& r);
/// best.yaml: `extends:` the base (relative to `folder`) and `set:` of the best plan.
[[nodiscard]] std::string best_yaml(const OptimizeResult& r, const std::filesystem::path& folder);
/// optimization.html, one self-contained page.
[[nodiscard]] std::string optimization_html(const OptimizeResult& r);

/// Writes optimization.json, optimization.html and (when a plan was selected) best.yaml into
/// `folder` (created if needed): temporary names first, renamed together. Throws IoError.
void write_optimization(const std::filesystem::path& folder, const OptimizeResult& r);

}  // namespace tiersim::optimize
