// Telling scenario, sweep, calibration and optimisation files apart by their top-level key,
// without decoding them.
#include "scenario/yaml/tree.hpp"
#include "tiersim/scenario/load.hpp"

namespace tiersim::scenario {

FileKind file_kind(const std::string& path) {
  yaml::Diagnostics diags;
  const auto text = yaml::read_file_text(path, Diagnostic{path, 0, 0, "", ""}, diags);
  if (!text) return FileKind::kScenario;
  const auto doc = yaml::parse_text(*text, yaml::Origin{path, false, 0, 0, {}}, diags);
  if (!doc || !doc->IsMap()) return FileKind::kScenario;
  const YAML::Node& d = *doc;
  if (d["sweep"].IsDefined()) return FileKind::kSweep;
  if (d["calibrate"].IsDefined()) return FileKind::kCalibrate;
  if (d["optimize"].IsDefined()) return FileKind::kOptimize;
  return FileKind::kScenario;
}

}  // namespace tiersim::scenario
