// calibration.json and calibrated.yaml, and writing the three files together.
// See tiersim/calibrate/calibrate.hpp.
#include <cmath>
#include <filesystem>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "tiersim/calibrate/calibrate.hpp"
#include "tiersim/report/atomic_file.hpp"

namespace tiersim::calibrate {

namespace {

using Json = nlohmann::ordered_json;

Json number(double v) { return std::isfinite(v) ? Json(v) : Json(nullptr); }

/// A parameter value as written in `set:`: a number, or duration text.
Json value_json(const scenario::FreeParameter& p, double v) {
  if (p.duration) return p.yaml_value(v);
  return number(v);
}

/// YAML double-quoted text (JSON's escaping is valid YAML).
std::string quoted(const std::string& s) { return Json(s).dump(); }

}  // namespace

std::string calibration_json(const scenario::CalibrateFile& file, const Result& r) {
  Json j;
  Json params = Json::object();
  Json unc = Json::object();
  for (std::size_t i = 0; i < r.parameters.size(); ++i) {
    const auto& p = r.parameters[i];
    params[p.path] = value_json(file.free[i], p.value);
    unc[p.path] = Json{{"low", value_json(file.free[i], p.low)}, {"high", value_json(file.free[i], p.high)}};
  }
  Json targets = Json::object();
  for (const auto& t : r.targets) {
    targets[t.target.metric] = Json{
        {"observed", number(t.target.value)},
        {"sd", number(t.target.sd)},
        {"simulated",
         Json{{"mean", number(t.simulated.mean)}, {"ci95", Json::array({number(t.simulated.lo), number(t.simulated.hi)})},
              {"n", t.simulated.n}}}};
  }
  j["parameters"] = params;
  j["uncertainty"] = unc;
  j["targets"] = targets;
  j["loss"] = number(r.loss);
  j["evaluations"] = r.evaluations;
  j["replications_run"] = r.replications_run;
  return j.dump(2) + "\n";
}

std::string calibrated_yaml(const scenario::CalibrateFile& file, const Result& r, const std::string& out_dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path rel = fs::relative(fs::absolute(file.base), fs::absolute(out_dir), ec);
  if (ec || rel.empty()) rel = fs::absolute(file.base);
  std::string y;
  y += fmt::format("# Calibrated by tiersim calibrate from {}: loss {:.4g} (sum of squared z-scores of {} targets)\n",
                   file.file, r.loss, r.targets.size());
  y += fmt::format("# after {} evaluations ({} replications each, seed {}; {} replications run).\n", r.evaluations,
                   file.replications, file.seed, r.replications_run);
  y += "# Fitted values, 95% interval:\n";
  for (std::size_t i = 0; i < r.parameters.size(); ++i) {
    const auto& p = r.parameters[i];
    const auto& fp = file.free[i];
    y += fmt::format("#   {} = {}  [{}, {}] ({}){}\n", p.path, fp.yaml_value(p.value), fp.yaml_value(p.low),
                     fp.yaml_value(p.high), p.method, p.identified ? "" : "  NOT PINNED DOWN by the targets");
  }
  y += fmt::format("extends: {}\n", quoted(rel.generic_string()));
  y += fmt::format("name: {}\n", quoted(file.base_name + "-calibrated"));
  y += fmt::format("seed: {}\n", file.seed);
  y += fmt::format("replications: {}\n", file.replications);
  y += "set:\n";
  for (const auto& o : file.fixed) y += fmt::format("  {}: {}\n", o.path, o.yaml_value);
  for (std::size_t i = 0; i < r.parameters.size(); ++i) {
    y += fmt::format("  {}: {}\n", r.parameters[i].path, file.free[i].yaml_value(r.parameters[i].value));
  }
  y += "observed:             # the calibration's targets: report.html shows them against the run\n";
  for (const auto& t : file.targets) {
    y += fmt::format("  {}: {{value: {}, sd: {}", t.metric, t.value, t.sd);
    if (!t.source.empty()) y += fmt::format(", source: {}", quoted(t.source));
    y += "}\n";
  }
  return y;
}

void write_outputs(const std::string& folder, const scenario::CalibrateFile& file, const Result& r) {
  namespace fs = std::filesystem;
  report::AtomicFile json(fs::path(folder) / kCalibrationJson);
  json.write(calibration_json(file, r));
  report::AtomicFile yaml(fs::path(folder) / kCalibratedYaml);
  yaml.write(calibrated_yaml(file, r, folder));
  report::AtomicFile html(fs::path(folder) / kCalibrationHtml);
  html.write(calibration_html(file, r));
  json.finish();
  yaml.finish();
  html.finish();
  json.publish();
  yaml.publish();
  html.publish();
}

}  // namespace tiersim::calibrate
