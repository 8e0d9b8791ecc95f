// Internal to sim/serve: the levers a planner moves, generated from a scenario. Each lever is
// an override path of `set:` (docs/SCENARIO.md) with its current value and a sensible range
// for the page's control; the range is a hint for the control, not a limit: a run accepts any
// value the loader accepts, and the loader's message comes back for one it refuses.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tiersim/scenario/scenario.hpp"

namespace tiersim::serve {

/// Villages get levers of their own only when a scenario has at most this many; beyond that
/// a list of hundreds of village clinics would bury the levers that matter.
inline constexpr std::size_t kMaxVillageLevers = 24;

struct Lever {
  std::string path;            ///< override path, e.g. "facilities[meiziwu].servers"
  std::string label;           ///< bilingual, e.g. "Meiziwu Township Health Centre · servers 医生"
  std::string kind;            ///< "int", "share" (0..1), "bool", "duration" (text such as "3d")
  std::string group;           ///< "capacity", "visits", "outreach", "policy", "run"
  nlohmann::ordered_json value;
  nlohmann::ordered_json min;  ///< null when none
  nlohmann::ordered_json max;
  nlohmann::ordered_json choices;  ///< null, or the values offered (durations, booleans)
};

/// Tells whether the base loads with one more override (path, YAML value): an on/off lever is
/// offered only when both of its positions make a valid scenario (turning on a green channel
/// that has no times in the file would not).
using LoadProbe = std::function<bool(const std::string& path, const std::string& yaml_value)>;

[[nodiscard]] std::vector<Lever> scenario_levers(const scenario::Scenario& s, const LoadProbe& probe);

/// `[{"path", "label", "kind", "value", "min", "max", "choices", "group"}]`.
[[nodiscard]] nlohmann::ordered_json levers_json(const std::vector<Lever>& levers);

}  // namespace tiersim::serve
