#include "tiersim/report/summary_json.hpp"

#include <cmath>
#include <string>
#include <unordered_map>
#include <unordered_set>

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

  // The metrics tree, built in the order the metrics come. An ordered_json object is a vector
  // searched linearly, so with a province's 64,000 per-facility metrics (utilisation.<id>,
  // bed_occupancy.<id>) looking each key up in it was quadratic: seconds of the run. Groups and
  // leaves are found through hash maps instead and appended to the objects' vectors directly;
  // the keys, their order and the text are the same.
  // Groups are remembered by their index in the parent's vector, not by pointer: a vector of
  // pair<const string, json> copies its elements when it grows, so pointers would dangle.
  using Object = nlohmann::ordered_json::object_t;
  auto metrics = nlohmann::ordered_json::object();
  std::unordered_map<std::string, std::size_t> groups;  // path prefix -> index in its parent
  std::unordered_set<std::string> leaves;                // full paths of leaves
  for (const auto& m : run.metrics) {
    nlohmann::ordered_json leaf = {{"mean", number_or_null(m.mean)},
                           {"ci95", {number_or_null(m.lo), number_or_null(m.hi)}},
                           {"n", m.n}};
    Object* node = metrics.get_ptr<Object*>();
    const auto path = metric_path(m.name);
    std::string key;
    for (std::size_t i = 0; i + 1 < path.size(); ++i) {
      key += path[i];
      key += '\x1f';
      if (leaves.count(key)) throw InternalError("summary.json: metric name collides with a group: " + m.name);
      auto it = groups.find(key);
      if (it == groups.end()) {
        node->emplace_back(path[i], nlohmann::ordered_json::object());
        it = groups.emplace(key, node->size() - 1).first;
      }
      node = (node->begin() + static_cast<std::ptrdiff_t>(it->second))->second.get_ptr<Object*>();
    }
    key += path.back();
    key += '\x1f';
    if (leaves.count(key) || groups.count(key)) throw InternalError("summary.json: metric name used twice: " + m.name);
    leaves.insert(key);
    node->emplace_back(path.back(), std::move(leaf));
  }
  j["metrics"] = std::move(metrics);
  return j;
}

std::string summary_json_text(const stats::RunResult& run) {
  // error_handler::replace: names are user input and might hold invalid UTF-8.
  return summary_json(run).dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

}  // namespace tiersim::report
