#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "experiment/sweep_units.hpp"
#include "tiersim/error.hpp"
#include "tiersim/experiment/sweep.hpp"

namespace tiersim::experiment {

namespace {

/// FNV-1a, 64 bits: an identity check against accidents (another file), not against forgery.
std::uint64_t fnv1a(std::string_view bytes, std::uint64_t h = 0xcbf29ce484222325ULL) {
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

std::string read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw IoError(fmt::format("cannot read {}: {}", path, std::strerror(errno)));
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

/// A YAML scalar as the JSON value a data frame wants: 8 -> 8, 0.5 -> 0.5, false -> false,
/// anything else (durations "3d", mappings) as its text.
nlohmann::ordered_json typed(const std::string& text) {
  if (text == "true") return true;
  if (text == "false") return false;
  if (!text.empty()) {
    char* end = nullptr;
    errno = 0;
    const long long i = std::strtoll(text.c_str(), &end, 10);
    if (errno == 0 && end == text.c_str() + text.size()) return i;
    errno = 0;
    const double d = std::strtod(text.c_str(), &end);
    if (errno == 0 && end == text.c_str() + text.size() && std::isfinite(d)) return d;
  }
  return text;
}

}  // namespace

std::string parameters_json(const std::vector<scenario::Override>& overrides) {
  nlohmann::ordered_json j = nlohmann::ordered_json::object();
  for (const auto& o : overrides) j[o.path] = typed(o.yaml_value);
  return j.dump();
}

StoreIdentity SweepPlan::identity(int task, int tasks) const {
  StoreIdentity id;
  id.sweep_file = sweep.file;
  id.sweep_hash = hash;
  id.design = sweep.design == scenario::SweepDesign::kGrid ? "grid" : "random";
  id.replications = sweep.replications;
  id.points = static_cast<int>(points.size());
  id.task = task;
  id.tasks = tasks;
  return id;
}

SweepPlan plan_sweep(const std::string& sweep_file) {
  SweepPlan plan;
  plan.sweep = scenario::load_sweep_file(sweep_file);
  plan.points = plan.sweep.points();
  plan.parameters.reserve(plan.points.size());
  for (const auto& p : plan.points) plan.parameters.push_back(parameters_json(p));
  const std::string base = scenario::resolved_yaml(plan.sweep.load_point());
  std::uint64_t h = fnv1a(read_bytes(sweep_file));
  h = fnv1a(std::string_view("\0", 1), h);
  h = fnv1a(base, h);
  plan.hash = fmt::format("fnv1a64:{:016x}", h);
  return plan;
}

}  // namespace tiersim::experiment
