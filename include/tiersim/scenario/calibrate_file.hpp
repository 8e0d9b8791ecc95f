// File: tiersim/scenario/calibrate_file.hpp
// Calibration files (`tiersim calibrate`, format in sim/calibrate/README.md): a base scenario,
// the parameters to fit with their bounds, and the observed figures to fit them to. Loading
// checks everything a scenario loader can check and keeps each entry's file:line:col, so the
// checks that need a simulation (metric names) or the search plan (the budget) can report at
// the entry too (tiersim/calibrate/calibrate.hpp).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "tiersim/scenario/load.hpp"
#include "tiersim/scenario/scenario.hpp"

namespace tiersim::scenario {

/// One free parameter: an override path and its bounds, low < high.
struct FreeParameter {
  std::string path;       ///< as in `set:` and sweeps: `policy.misjudge.village`
  double low = 0;         ///< a number, or minutes when `duration`
  double high = 0;
  bool duration = false;  ///< bounds written as durations (`[5min, 20min]`); values are minutes
  SourcePos pos;          ///< the entry's key
  SourcePos low_pos;
  SourcePos high_pos;

  /// `v` as YAML text for `set:`: the shortest decimal that reads back as `v`, with `min`
  /// appended for a duration (`12.5min`).
  [[nodiscard]] std::string yaml_value(double v) const;
};

/// One observed figure: a metric of summary.json (dotted, as in replications.csv), its value
/// and the standard deviation of the observation (how far off it may be), sd > 0.
struct Target {
  std::string metric;
  double value = 0;
  double sd = 1;
  std::string source;     ///< optional: where the figure comes from (shown in the reports)
  SourcePos pos;          ///< the entry's key
};

struct CalibrateFile {
  std::string file;
  std::string base;                     ///< the base scenario's path, resolved against `file`
  int replications = 5;                 ///< per evaluation; default the base's
  std::uint64_t seed = 1;               ///< master seed of every evaluation; default the base's
  std::optional<long long> budget;      ///< most replications run in all (none: the default plan)
  SourcePos budget_pos;
  std::vector<Override> fixed;          ///< `set:`: applied to the base before the free values
  std::vector<FreeParameter> free;
  std::vector<Target> targets;
  SourcePos free_pos;
  std::string base_name;                ///< the base scenario's `name`
};

/// Loads and checks a calibration file: its keys and values, the base scenario, the fixed
/// `set:`, and each free parameter's bounds (the base must load with each bound, and with a
/// value between them: a key that takes only whole numbers is refused). Throws ScenarioError
/// listing every problem as `file:line:col: path: expected ..., got ...`.
[[nodiscard]] CalibrateFile load_calibrate_file(const std::string& path);

/// True when the file's top-level mapping has a `calibrate:` key.
[[nodiscard]] bool is_calibrate_file(const std::string& path);

}  // namespace tiersim::scenario
