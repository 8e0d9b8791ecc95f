// File: tiersim/scenario/optimize_file.hpp
// Optimisation files (`tiersim optimize`, format in sim/optimize/README.md): a base scenario,
// the decisions (override paths and the values each may take), their cost, a budget, an
// objective metric, constraints on other metrics and the selection's settings.
//
// load_optimize_file() checks everything a file alone can tell: keys and types, that every
// decided path and value loads (the base is loaded with that value as an override, and a
// problem is reported at the value), that costs name decided numeric paths, that some plan
// fits the budget, the constraints' syntax. Metric names need the simulator's list of metrics
// and are checked by the optimize component; every entry keeps its file:line:col for that.
// Errors are ScenarioError (file:line:col: path: expected ..., got ...), nothing is run.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "tiersim/error.hpp"

namespace tiersim::scenario {

/// A place in the optimisation file, for messages about an entry found after loading.
struct FilePlace {
  std::string file;
  int line = 0;
  int column = 0;

  /// A diagnostic at this place.
  [[nodiscard]] Diagnostic at(std::string path, std::string message) const {
    return Diagnostic{file, line, column, std::move(path), std::move(message)};
  }
};

/// One decision: an override path and the values it may take (YAML text each).
struct OptimizeDecision {
  std::string path;
  std::vector<std::string> values;
  /// The value as a number when it is one: a plain number, or a duration in minutes
  /// (`duration` true); nullopt for other values (true/false, text, mappings).
  std::vector<std::optional<double>> numbers;
  bool duration = false;              ///< every value is a duration
  std::optional<double> unit_cost;    ///< cost per unit (`cost:`), if any
  FilePlace where;                    ///< the path's key in `decide:`
  std::vector<FilePlace> value_where; ///< each value
};

/// `metric <= bound` (or >=), with a tolerance: the feasibility check treats means within
/// `tolerance` of the bound as acceptable either way.
struct OptimizeConstraint {
  std::string text;                   ///< as written
  std::string metric;
  bool at_most = true;                ///< `<=`; false: `>=`
  double bound = 0;
  double tolerance = 0;
  FilePlace where;
};

/// How the plans are searched (sim/optimize/README.md, "How it searches").
enum class OptimizeSearch {
  kAuto,        ///< exhaustive up to max_plans plans within the budget, COMPASS beyond
  kExhaustive,  ///< every plan within the budget through the selection (at most max_plans)
  kCompass,     ///< COMPASS (Hong and Nelson 2006), then a clean-up selection among the plans visited
};

/// The COMPASS search's settings (`compass:`).
struct CompassOptions {
  int samples = 5;                    ///< plans sampled from the most promising area per iteration
  std::int64_t replications = 3000;   ///< replications the search may use before the clean-up
  int stall = 20;                     ///< iterations without a new incumbent that end the search
};

struct OptimizeFile {
  std::string file;
  std::string base;                   ///< scenario path resolved against the file (required: best.yaml extends it)
  int replications = 10;              ///< first-stage replications per plan (n0 >= 2)
  std::uint64_t seed = 0;             ///< master seed of every run (default: the base's)
  std::vector<OptimizeDecision> decisions;
  std::optional<double> budget;       ///< plans costing more are never run
  FilePlace budget_where;
  std::string objective;              ///< metric name
  bool maximize = true;
  FilePlace objective_where;
  std::vector<OptimizeConstraint> constraints;
  double pcs = 0.95;                  ///< 1 - alpha of the selection
  double indifference = 0.005;        ///< delta, in the objective's units
  int max_replications = 100;         ///< per plan; a cap that voids the guarantee when reached
  std::int64_t max_plans = 500;       ///< the exhaustive selection's limit (auto: COMPASS beyond it)
  OptimizeSearch search = OptimizeSearch::kAuto;
  FilePlace search_where;             ///< `search:` (or decide: when not given)
  CompassOptions compass;
  /// The base scenario's value at each decided path (YAML text, defaults filled in), when the
  /// path names a scalar there; and the base's cost when every costed value is a number.
  std::vector<std::optional<std::string>> base_values;
  std::optional<double> base_cost;

  /// Cost of a plan (one value index per decision): the sum over decisions with a cost of
  /// unit_cost x value, where a duration counts as occurrences a year (365 d / value).
  [[nodiscard]] double cost(const std::vector<std::size_t>& choice) const;
  /// Number of combinations of values (saturates at 2^62).
  [[nodiscard]] std::int64_t combinations() const;
};

/// The cost units of a decision's value (the number, or 365 d / duration), or nullopt.
[[nodiscard]] std::optional<double> cost_units(const OptimizeDecision& d, std::size_t value);

[[nodiscard]] OptimizeFile load_optimize_file(const std::string& path);

/// True when the file's top-level mapping has an `optimize:` key.
[[nodiscard]] bool is_optimize_file(const std::string& path);

}  // namespace tiersim::scenario
