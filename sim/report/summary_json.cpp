#include "tiersim/report/summary_json.hpp"

#include <cmath>

#include "tiersim/error.hpp"
#include "tiersim/report/format.hpp"

namespace tiersim::report {

namespace {

nlohmann::ordered_json number_or_null(double v) {
  if (!std::isfinite(v)) return nullptr;
  return v;
}

// Facility ids may contain dots: these groups take the whole rest of the name as one key.
bool is_facility_group(std::string_view group) { return group == "utilisation" || group == "bed_occupancy"; }

}  // namespace

std::vector<std::string> metric_path(std::string_view name) {
  const auto first = name.find('.');
  if (first == std::string_view::npos) return {std::string(name)};
  const std::string group(name.substr(0, first));
  const auto rest = name.substr(first + 1);
  if (is_facility_group(group)) return {group, std::string(rest)};
  const auto last = rest.rfind('.');
  if (last == std::string_view::npos) return {group, std::string(rest)};
  return {group, std::string(rest.substr(0, last)), std::string(rest.substr(last + 1))};
}

nlohmann::ordered_json summary_json(const stats::RunResult& run) {
  nlohmann::ordered_json j;
  j["tiersim_version"] = run.version;
  j["scenario"] = run.scenario;
  j["source_file"] = run.source_file;
  j["seed"] = run.seed;
  j["replications"] = run.replications;
  j["horizon_minutes"] = run.horizon;
  j["horizon"] = duration_text(run.horizon);
  j["warmup_minutes"] = run.warmup;
  j["warmup"] = duration_text(run.warmup);
  j["threads"] = run.threads;
  j["wall_seconds"] = run.wall_seconds;
  j["events"] = run.events;
  j["events_per_second"] =
      number_or_null(run.wall_seconds > 0 ? static_cast<double>(run.events) / run.wall_seconds : NAN);

  auto runs = nlohmann::ordered_json::array();
  for (const auto& r : run.reps) {
    runs.push_back({{"replication", r.replication},
                    {"seed", r.seed},
                    {"events", r.events},
                    {"wall_seconds", r.wall_seconds},
                    {"patients",
                     {{"created", r.patients.created},
                      {"resolved", r.patients.resolved},
                      {"left_unseen", r.patients.left_unseen},
                      {"in_system", r.patients.in_system}}}});
  }
  j["runs"] = std::move(runs);

  auto metrics = nlohmann::ordered_json::object();
  for (const auto& m : run.metrics) {
    nlohmann::ordered_json leaf = {{"mean", number_or_null(m.mean)},
                           {"ci95", {number_or_null(m.lo), number_or_null(m.hi)}},
                           {"n", m.n}};
    nlohmann::ordered_json* node = &metrics;
    const auto path = metric_path(m.name);
    for (std::size_t i = 0; i + 1 < path.size(); ++i) {
      auto& child = (*node)[path[i]];
      if (child.is_null()) child = nlohmann::ordered_json::object();
      if (child.contains("ci95")) throw InternalError("summary.json: metric name collides with a group: " + m.name);
      node = &child;
    }
    if (node->contains(path.back())) throw InternalError("summary.json: metric name used twice: " + m.name);
    (*node)[path.back()] = std::move(leaf);
  }
  j["metrics"] = std::move(metrics);
  return j;
}

std::string summary_json_text(const stats::RunResult& run) {
  // error_handler::replace: names are user input and might hold invalid UTF-8.
  return summary_json(run).dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

}  // namespace tiersim::report
