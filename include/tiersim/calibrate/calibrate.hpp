// File: tiersim/calibrate/calibrate.hpp
// Calibration (`tiersim calibrate`, method in sim/calibrate/README.md): finds the values of a
// scenario's free parameters, within their bounds, that make the simulated means of chosen
// metrics match observed figures, says how well the figures pin each value down, and keeps
// what a report needs (the loss as the search went, the loss across each parameter's range).
//
// Loss: the sum over targets of ((simulated mean - observed) / sd)^2, every evaluation on the
// same replications 0..n-1 of one master seed (common random numbers), so the loss is a
// deterministic function of the parameters. Search (NLopt, derivative-free, bounded, in the
// unit cube of the bounds): a Halton space-filling start, then BOBYQA from its best point.
// Uncertainty: a local quadratic fit of the loss (a finite-difference Hessian) read as a
// -2 log-likelihood; where the fit is not positive definite, the loss curve's Delta = 3.84
// interval. Reproducible byte for byte whatever the thread count.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "tiersim/experiment/mpi.hpp"
#include "tiersim/scenario/calibrate_file.hpp"
#include "tiersim/stats/results.hpp"

namespace tiersim::calibrate {

/// Evaluations per stage for `d` free parameters.
struct Plan {
  int start = 0;     ///< Halton points
  int search = 0;    ///< BOBYQA evaluations at most
  int curve = 9;     ///< points of each parameter's loss curve (ends included)
  int fit = 0;       ///< points of the local quadratic fit (centre, 2 per axis, 1 per pair)
  int d = 0;
  [[nodiscard]] int total() const noexcept { return start + search + curve * d + fit; }
};

/// The fewest BOBYQA evaluations worth running: its 2d+1 interpolation points and one step.
[[nodiscard]] int min_search(int d) noexcept;
/// The plan for `d` parameters: with a budget (replications in all), the search gets what the
/// other stages leave; without, 20 d + 10 search evaluations. nullopt: the budget is too small.
[[nodiscard]] std::optional<Plan> plan_for(int d, std::optional<long long> budget, int replications);

/// The checks a loader cannot make, each reported at its entry (throws ScenarioError): every
/// target's metric is one the base produces (names from one zero-length replication of the
/// base with the fixed `set:`: the flow model names metrics after the scenario's structure,
/// which free values cannot change, never after what happened), and the budget fits the plan.
void check(const scenario::CalibrateFile& file);

/// The metric names a scenario's replications produce, in order.
[[nodiscard]] std::vector<std::string> metric_names(const scenario::Scenario& s);

struct Progress {
  const char* stage = "";        ///< "start", "search", "curves"
  int evaluations = 0;           ///< points evaluated so far
  int planned = 0;               ///< Plan::total()
  double best_loss = 0;          ///< NaN before the first
  int runs_done = 0;             ///< runs of the current batch
  int runs_total = 0;
};

struct Options {
  int threads = 1;                                ///< >= 1; results do not depend on it
  const std::atomic<int>* stop = nullptr;         ///< see EvaluatorOptions::stop
  std::function<void(const Progress&)> on_progress;  ///< on the calling thread
  experiment::MpiRanks* mpi = nullptr;            ///< see EvaluatorOptions::mpi
};

/// One evaluation of the search, in the order made.
struct Evaluation {
  std::string stage;             ///< "start", "search", "curve", "fit"
  std::vector<double> values;    ///< per free parameter (minutes for durations)
  double loss = 0;
};

struct ParameterResult {
  std::string path;
  double value = 0;              ///< fitted
  double low = 0;                ///< 95% interval
  double high = 0;
  std::string method;            ///< "quadratic fit" or "loss curve"
  bool identified = true;        ///< false: the targets do not pin it down (a warning is given)
  double rise = 0;               ///< largest loss increase along its curve
  std::vector<std::pair<double, double>> curve;  ///< (value, loss), others at their fitted values
};

struct TargetResult {
  scenario::Target target;
  stats::MetricSummary simulated;  ///< at the fitted values
  double z = 0;                    ///< (simulated mean - observed) / sd
};

struct Result {
  std::vector<ParameterResult> parameters;
  std::vector<TargetResult> targets;
  double loss = 0;
  int evaluations = 0;             ///< distinct points evaluated
  std::int64_t replications_run = 0;
  std::vector<Evaluation> history;
  std::vector<std::string> warnings;  ///< unidentified parameters, a search that did not converge
  Plan plan;
  double wall_seconds = 0;         ///< not written to calibration.json (it would differ run to run)
};

/// Runs the calibration. Throws ScenarioError for bad input (check() first), Interrupted
/// (experiment/evaluate.hpp) when stopped.
[[nodiscard]] Result calibrate(const scenario::CalibrateFile& file, const Options& options);

/// calibration.json: exactly the keys of the issue (`parameters`, `uncertainty`, `targets`,
/// `loss`, `evaluations`, `replications_run`); durations as `"12.5min"` text, as in `set:`.
[[nodiscard]] std::string calibration_json(const scenario::CalibrateFile& file, const Result& r);
/// calibrated.yaml: `extends:` the base (relative to `out_dir`) with `set:` of the fixed and
/// fitted values, the calibration's seed and replications, and the targets as `observed:`, so
/// `tiersim run` of it reproduces the simulated values and reports them against the figures.
[[nodiscard]] std::string calibrated_yaml(const scenario::CalibrateFile& file, const Result& r,
                                          const std::string& out_dir);
/// calibration.html: self-contained (inline SVG, no network).
[[nodiscard]] std::string calibration_html(const scenario::CalibrateFile& file, const Result& r);

inline constexpr const char* kCalibrationJson = "calibration.json";
inline constexpr const char* kCalibratedYaml = "calibrated.yaml";
inline constexpr const char* kCalibrationHtml = "calibration.html";

/// Writes the three files into `folder` (which must exist): all to temporary names first,
/// then renamed together. Throws IoError.
void write_outputs(const std::string& folder, const scenario::CalibrateFile& file, const Result& r);

}  // namespace tiersim::calibrate
