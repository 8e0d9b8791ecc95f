// The search plan and the checks made before anything runs. See tiersim/calibrate/calibrate.hpp.
//
// Plan for d free parameters: 4d + 2 Halton start points (enough to land BOBYQA in the right
// basin on the smooth, low-dimensional losses calibration meets, few enough to leave the
// search most of a budget); 9 points per loss curve (the ends and every eighth of the range:
// a planner reads a curve at that resolution); 1 + 2d + d(d-1)/2 points of the quadratic fit;
// the search gets the rest, at least 2d + 2 (BOBYQA's 2d + 1 interpolation points and a step).
#include <algorithm>

#include <fmt/format.h>

#include "scenario/yaml/diag.hpp"
#include "tiersim/calibrate/calibrate.hpp"
#include "tiersim/error.hpp"
#include "tiersim/flow/flow_model.hpp"
#include "tiersim/network/network.hpp"

namespace tiersim::calibrate {

int min_search(int d) noexcept { return 2 * d + 2; }

std::optional<Plan> plan_for(int d, std::optional<long long> budget, int replications) {
  Plan p;
  p.d = d;
  p.start = 4 * d + 2;
  p.curve = 9;
  p.fit = 1 + 2 * d + d * (d - 1) / 2;
  const int fixed = p.start + p.curve * d + p.fit;
  if (!budget) {
    p.search = 20 * d + 10;
    return p;
  }
  const long long evaluations = *budget / std::max(1, replications);
  if (evaluations < fixed + min_search(d)) return std::nullopt;
  p.search = static_cast<int>(std::min<long long>(evaluations - fixed, 1'000'000));
  return p;
}

std::vector<std::string> metric_names(const scenario::Scenario& s) {
  // A zero-length replication: the flow model names its metrics after the scenario's tiers,
  // facilities and time-critical conditions before any patient exists.
  scenario::Scenario empty = s;
  empty.warmup = 0;
  empty.horizon = 1;  // one minute: the horizon must be > 0
  const network::Network net = network::Network::build(empty);
  const stats::ReplicationResult r = flow::simulate_replication(empty, net, 0);
  std::vector<std::string> names;
  names.reserve(r.metrics.size());
  for (const auto& m : r.metrics) names.push_back(m.name);
  return names;
}

void check(const scenario::CalibrateFile& file) {
  std::vector<Diagnostic> diags;
  const scenario::Scenario base = scenario::load_scenario_file(file.base, file.fixed);
  const std::vector<std::string> names = metric_names(base);
  for (const auto& t : file.targets) {
    if (std::find(names.begin(), names.end(), t.metric) != names.end()) continue;
    // Only "did you mean": the full list (a hundred names and more) would bury the message.
    const std::string near = scenario::yaml::closest(t.metric, names);
    diags.push_back(Diagnostic{t.pos.file, t.pos.line, t.pos.column, "calibrate.targets." + t.metric,
                               fmt::format("expected a metric of summary.json that {} produces, got \"{}\"{}",
                                           base.name, t.metric,
                                           near.empty() ? std::string() : fmt::format(" (did you mean '{}'?)", near))});
  }
  const int d = static_cast<int>(file.free.size());
  if (file.budget && !plan_for(d, file.budget, file.replications)) {
    Plan p = *plan_for(d, std::nullopt, file.replications);
    p.search = min_search(d);
    const long long need = static_cast<long long>(p.total()) * file.replications;
    diags.push_back(Diagnostic{
        file.budget_pos.file, file.budget_pos.line, file.budget_pos.column, "calibrate.budget",
        fmt::format("expected a budget of at least {} replications ({} per evaluation x {} evaluations: {} start "
                    "points, {} for the search, {} per loss curve, {} for the quadratic fit), got {}",
                    need, file.replications, p.total(), p.start, p.search, p.curve, p.fit, *file.budget)});
  }
  if (!diags.empty()) throw ScenarioError(diags);
}

}  // namespace tiersim::calibrate
