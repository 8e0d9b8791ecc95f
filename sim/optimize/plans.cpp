// The plans of an optimisation file (every combination within the budget, in a fixed order)
// and the checks that need the simulator: metric names and the size of the space.
#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "tiersim/flow/flow_model.hpp"
#include "tiersim/network/network.hpp"
#include "tiersim/optimize/optimize.hpp"

namespace tiersim::optimize {

namespace {

// Optimal-string-alignment distance, for "did you mean" on metric names.
std::size_t distance(const std::string& a, const std::string& b) {
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.size()][b.size()];
}

std::string metric_hint(const std::string& name, const std::vector<std::string>& known) {
  std::string best;
  std::size_t best_d = std::max<std::size_t>(2, name.size() / 4) + 1;
  for (const auto& k : known) {
    const std::size_t d = distance(name, k);
    if (d < best_d) {
      best_d = d;
      best = k;
    }
  }
  if (!best.empty()) return fmt::format(" (did you mean '{}'?)", best);
  return " (the metrics are those of summary.json, as in replications.csv: see docs/CLI.md)";
}

}  // namespace

bool within_budget(const scenario::OptimizeFile& f, const Choice& choice) {
  // A small relative slack, so that a budget written as the sum of the costs fits it even
  // when the sum rounds up in binary.
  return !f.budget || f.cost(choice) <= *f.budget * (1 + 1e-12);
}

Plan make_plan(const scenario::OptimizeFile& f, const Choice& choice) {
  Plan p;
  p.choice = choice;
  p.cost = f.cost(choice);
  for (std::size_t i = 0; i < f.decisions.size(); ++i) p.overrides.push_back({f.decisions[i].path, f.decisions[i].values[choice[i]]});
  return p;
}

namespace {

// Calls visit(choice) for every combination in plan order (the last decision fastest) until it
// returns false.
template <class Visit>
void for_each_choice(const scenario::OptimizeFile& f, Visit visit) {
  const std::size_t n = f.decisions.size();
  if (n == 0) return;
  Choice digit(n, 0);
  for (;;) {
    if (!visit(digit)) return;
    std::size_t i = n;
    for (;;) {
      if (i == 0) return;
      --i;
      if (++digit[i] < f.decisions[i].values.size()) break;
      digit[i] = 0;
    }
  }
}

}  // namespace

std::vector<Plan> enumerate_plans(const scenario::OptimizeFile& f, std::int64_t& over_budget) {
  over_budget = 0;
  std::vector<Plan> out;
  for_each_choice(f, [&](const Choice& c) {
    if (within_budget(f, c)) out.push_back(make_plan(f, c));
    else ++over_budget;
    return true;
  });
  return out;
}

std::int64_t count_plans(const scenario::OptimizeFile& f, std::int64_t& over_budget) {
  over_budget = 0;
  std::int64_t within = 0;
  for_each_choice(f, [&](const Choice& c) {
    if (within_budget(f, c)) ++within;
    else ++over_budget;
    return true;
  });
  return within;
}

Choice nth_plan_within_budget(const scenario::OptimizeFile& f, std::int64_t n) {
  Choice found;
  for_each_choice(f, [&](const Choice& c) {
    if (within_budget(f, c) && n-- == 0) {
      found = c;
      return false;
    }
    return true;
  });
  if (found.empty()) throw Error("nth_plan_within_budget: no such plan");
  return found;
}

bool uses_compass(const scenario::OptimizeFile& f, std::int64_t plans) {
  using scenario::OptimizeSearch;
  return f.search == OptimizeSearch::kCompass || (f.search == OptimizeSearch::kAuto && plans > f.max_plans);
}

std::vector<std::string> metric_catalogue(const scenario::Scenario& s) {
  // The names depend on the structure (facilities, conditions), not on the values, so one
  // replication of a minute (no warm-up) lists them all at no cost.
  scenario::Scenario probe = s;
  probe.warmup = 0;
  probe.horizon = 1;
  const auto net = network::Network::build(probe);
  const auto r = flow::simulate_replication(probe, net, 0);
  std::vector<std::string> names;
  names.reserve(r.metrics.size());
  for (const auto& m : r.metrics) names.push_back(m.name);
  return names;
}

void check_problem(const scenario::OptimizeFile& f, const scenario::Scenario& base, std::int64_t plans) {
  const auto known = metric_catalogue(base);
  std::vector<Diagnostic> problems;
  auto check = [&](const std::string& metric, const scenario::FilePlace& where, const std::string& path) {
    if (std::find(known.begin(), known.end(), metric) != known.end()) return;
    problems.push_back(where.at(path, fmt::format("expected a metric of the base scenario, got \"{}\"{}", metric,
                                                  metric_hint(metric, known))));
  };
  check(f.objective, f.objective_where, f.maximize ? "optimize.objective.maximize" : "optimize.objective.minimize");
  for (std::size_t i = 0; i < f.constraints.size(); ++i) {
    check(f.constraints[i].metric, f.constraints[i].where, fmt::format("optimize.constraints[{}]", i));
  }
  if (problems.empty() && f.search == scenario::OptimizeSearch::kExhaustive && plans > f.max_plans) {
    problems.push_back(f.search_where.at("optimize.search",
                                         fmt::format("expected at most {} plans within the budget for search: exhaustive "
                                                     "(leave search: out, or write compass, to search a larger space "
                                                     "with COMPASS), got {}",
                                                     f.max_plans, plans)));
  }
  if (!problems.empty()) throw ScenarioError(std::move(problems));
}

}  // namespace tiersim::optimize
