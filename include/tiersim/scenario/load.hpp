// File: tiersim/scenario/load.hpp
// Loading scenario and sweep files (docs/SCENARIO.md). Every function here either returns a
// complete, checked value or throws ScenarioError listing every problem found, each as
// `file:line:col: path: expected ..., got ...`. Nothing is simulated and nothing is written.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tiersim/scenario/scenario.hpp"

namespace tiersim::scenario {

/// One `set:` entry: a path such as `facilities[meiziwu].servers` and a value in YAML text
/// (`8`, `3d`, `false`, `{dist: exponential, mean: 5min}`).
struct Override {
  std::string path;
  std::string yaml_value;
};

/// Loads a scenario file, following `extends:` and applying its `set:`, then `overrides`
/// (applied last, as a sweep point's values are). Throws ScenarioError.
[[nodiscard]] Scenario load_scenario_file(const std::string& path, const std::vector<Override>& overrides = {});

/// Loads a scenario from text; `display_name` is used in messages and as the base for
/// relative `extends:` paths.
[[nodiscard]] Scenario load_scenario_text(std::string_view text, const std::string& display_name,
                                          const std::vector<Override>& overrides = {});

/// The embedded default scenario (scenarios/hengkou.yaml, compiled in).
[[nodiscard]] Scenario load_default_scenario(const std::vector<Override>& overrides = {});

/// A scenario file read, parsed and merged once (`extends:` followed, `set:` applied), for
/// loading many times with different overrides (the points of a sweep, an optimiser's
/// candidates) without reading or parsing the file again: a point costs a copy of the merged
/// tree, its overrides and the decoding. Every node keeps its file:line:col, so messages are
/// those of load_scenario_file. Immutable: copies share one merged tree, and load_scenario()
/// may be called on one base from several threads at once.
class ScenarioBase {
 public:
  /// Reads and merges `path`. Throws ScenarioError for what is wrong with the file as YAML or
  /// with its `extends:`/`set:`; what the decoder finds wrong (a missing key, a bad value) is
  /// reported by load_scenario(), since a point's overrides may set it right.
  [[nodiscard]] static ScenarioBase from_file(const std::string& path);
  /// From text; `display_name` names it in messages and anchors relative `extends:` paths.
  [[nodiscard]] static ScenarioBase from_text(std::string_view text, const std::string& display_name);
  /// The embedded default scenario.
  [[nodiscard]] static ScenarioBase embedded_default();

  /// The file name (or display name) the base was read as.
  [[nodiscard]] const std::string& name() const;

  struct Merged;  ///< the merged tree and its origins (scenario/yaml/load_impl.hpp)
  explicit ScenarioBase(std::shared_ptr<const Merged> merged) : merged_(std::move(merged)) {}
  [[nodiscard]] const Merged& merged() const { return *merged_; }

 private:
  std::shared_ptr<const Merged> merged_;
};

/// The base with `overrides` applied last (as load_scenario_file(path, overrides) would apply
/// them to the same file, with the same result and the same messages). Throws ScenarioError.
[[nodiscard]] Scenario load_scenario(const ScenarioBase& base, const std::vector<Override>& overrides = {});
[[nodiscard]] std::string_view embedded_default_text();
[[nodiscard]] std::string_view embedded_default_name();

enum class SweepDesign { kGrid, kRandom };

/// One varied parameter of a sweep: a path and the values it takes (YAML text each).
struct SweepAxis {
  std::string path;
  std::vector<std::string> values;
};

/// A sweep file, checked: the base scenario loads, and so does every point.
struct Sweep {
  std::string file;
  std::string base;          ///< path of the base scenario, resolved against the sweep file
  SweepDesign design = SweepDesign::kGrid;
  int replications = 10;
  int random_points = 0;     ///< for kRandom: how many points
  std::uint64_t random_seed = 1;
  std::vector<SweepAxis> axes;
  /// The base as read when the sweep was loaded: every point is loaded from it
  /// (load_scenario), so the base file is parsed once, whatever the number of points.
  std::optional<ScenarioBase> base_scenario;

  /// The points in their fixed order (grid: last axis fastest), each a list of overrides.
  [[nodiscard]] std::vector<std::vector<Override>> points() const;

  /// The base with `overrides` applied (a point's, or none for the base alone): from
  /// base_scenario when the sweep was loaded, else (a Sweep assembled by hand) from the file.
  [[nodiscard]] Scenario load_point(const std::vector<Override>& overrides = {}) const;
};

[[nodiscard]] Sweep load_sweep_file(const std::string& path);

/// What a YAML file holds, told by its top-level key (`sweep:`, `calibrate:`, `optimize:`);
/// anything else, unreadable files included, is taken for a scenario (whose loading then says
/// what is wrong with it).
enum class FileKind { kScenario, kSweep, kCalibrate, kOptimize };
[[nodiscard]] FileKind file_kind(const std::string& path);

/// True when the file's top-level mapping has a `sweep:` key (the CLI uses this to tell
/// scenario files from sweep files).
[[nodiscard]] bool is_sweep_file(const std::string& path);

/// The scenario as YAML with every default filled in and `extends`/`set` merged.
[[nodiscard]] std::string resolved_yaml(const Scenario& s);

/// A JSON Schema (draft 2020-12) of the scenario format, for editors' YAML language servers.
[[nodiscard]] std::string json_schema();

}  // namespace tiersim::scenario
