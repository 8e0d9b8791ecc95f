#include <cmath>
#include <set>

#include <fmt/format.h>

#include "experiment/html_text.hpp"
#include "tiersim/experiment/compare.hpp"
#include "tiersim/experiment/paired.hpp"
#include "tiersim/report/atomic_file.hpp"
#include "tiersim/stats/metric_direction.hpp"
#include "tiersim/version.hpp"

namespace tiersim::experiment {

namespace detail {

/// Metric names over every arm: the first arm's order, then any name only later arms have.
std::vector<std::string> metric_names(const std::vector<CompareArm>& arms) {
  std::vector<std::string> names;
  std::set<std::string> seen;
  for (const auto& a : arms) {
    for (const auto& m : a.run.metrics) {
      if (seen.insert(m.name).second) names.push_back(m.name);
    }
  }
  return names;
}

const stats::MetricSummary* find_summary(const stats::RunResult& run, const std::string& name) {
  for (const auto& m : run.metrics) {
    if (m.name == name) return &m;
  }
  return nullptr;
}

}  // namespace detail

namespace {

nlohmann::ordered_json number(double v) { return std::isfinite(v) ? nlohmann::ordered_json(v) : nlohmann::ordered_json(); }

nlohmann::ordered_json summary(const stats::MetricSummary& s) {
  nlohmann::ordered_json j;
  j["mean"] = number(s.mean);
  j["ci95"] = {number(s.lo), number(s.hi)};
  j["n"] = s.n;
  return j;
}

}  // namespace

nlohmann::ordered_json comparison_json(const std::vector<CompareArm>& arms, const PrecisionRule& rule) {
  nlohmann::ordered_json j;
  j["tiersim_version"] = kVersion;
  j["seed"] = arms.empty() ? 0 : arms.front().run.seed;
  j["replications"] = arms.empty() ? 0 : arms.front().run.replications;
  if (rule.enabled()) {
    nlohmann::ordered_json p;
    p["relative"] = rule.relative;
    p["metrics"] = rule.chosen();
    p["batch"] = rule.batch;
    p["max_replications"] = rule.max_replications;
    bool met = true;
    for (const auto& a : arms) {
      std::vector<std::vector<double>> values;
      for (const auto& m : rule.chosen()) values.push_back(metric_values(a.run.reps, m));
      met = met && precise_enough(rule, values);
    }
    p["met"] = met;
    j["precision"] = p;
  } else {
    j["precision"] = nullptr;
  }
  j["arms"] = nlohmann::ordered_json::array();
  for (const auto& a : arms) {
    j["arms"].push_back({{"name", a.name}, {"file", a.file}, {"scenario", a.scenario.name}, {"replications", a.run.replications}});
  }
  j["changes"] = nlohmann::ordered_json::array();
  for (std::size_t i = 1; i < arms.size(); ++i) {
    nlohmann::ordered_json c;
    c["arm"] = arms[i].name;
    c["vs"] = arms.front().name;
    if (const auto written = written_changes(arms.front().scenario, arms[i].scenario)) {
      c["written"] = nlohmann::ordered_json::array();
      auto text = [](const std::optional<std::string>& v) { return v ? nlohmann::ordered_json(*v) : nlohmann::ordered_json(); };
      for (const auto& w : *written) {
        c["written"].push_back({{"path", w.path}, {"reference", text(w.reference)}, {"arm", text(w.arm)}, {"where", w.where}});
      }
    } else {
      c["written"] = nullptr;
    }
    c["lines"] = nlohmann::ordered_json::array();
    for (const auto& l : diff_lines(arms.front().resolved_yaml, arms[i].resolved_yaml)) {
      c["lines"].push_back({{"kind", std::string(1, l.kind)}, {"line", l.line}, {"context", l.context}, {"text", l.text}});
    }
    j["changes"].push_back(std::move(c));
  }
  nlohmann::ordered_json metrics = nlohmann::ordered_json::object();
  for (const auto& name : detail::metric_names(arms)) {
    nlohmann::ordered_json m;
    m["better"] = stats::direction_word(stats::metric_direction(name));
    m["arms"] = nlohmann::ordered_json::array();
    for (const auto& a : arms) {
      const auto* s = detail::find_summary(a.run, name);
      m["arms"].push_back(s ? summary(*s) : summary(stats::summarise(name, {})));
    }
    m["difference"] = nlohmann::ordered_json::array();
    const auto base = metric_values(arms.front().run.reps, name);
    for (std::size_t i = 1; i < arms.size(); ++i) {
      nlohmann::ordered_json d;
      d["arm"] = arms[i].name;
      const auto diff = paired_difference(name, base, metric_values(arms[i].run.reps, name));
      d["mean"] = number(diff.mean);
      d["ci95"] = {number(diff.lo), number(diff.hi)};
      d["n"] = diff.n;
      m["difference"].push_back(std::move(d));
    }
    metrics[name] = std::move(m);
  }
  j["metrics"] = std::move(metrics);
  return j;
}

}  // namespace tiersim::experiment

namespace tiersim::experiment {

void write_comparison(const std::filesystem::path& folder, const std::vector<CompareArm>& arms, const PrecisionRule& rule) {
  // Both files complete under temporary names before either is renamed: the folder never
  // holds a comparison.json of one run beside a comparison.html of another.
  report::AtomicFile json(folder / "comparison.json");
  json.write(comparison_json(arms, rule).dump(2) + "\n");
  report::AtomicFile html(folder / "comparison.html");
  html.write(comparison_html(arms, rule));
  json.finish();
  html.finish();
  json.publish();
  html.publish();
}

}  // namespace tiersim::experiment
