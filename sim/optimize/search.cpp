// compass_plans: COMPASS (tiersim/optimize/compass.hpp) on the evaluator, so the search's
// replications are those the clean-up selection and the store see (common random numbers:
// replication r of every plan has the same master seed).
#include <algorithm>
#include <cmath>
#include <map>

#include <fmt/format.h>

#include "tiersim/error.hpp"
#include "tiersim/optimize/optimize.hpp"

namespace tiersim::optimize {

namespace {

class EvaluatorOracle : public SearchOracle {
 public:
  EvaluatorOracle(const scenario::OptimizeFile& f, experiment::Evaluator& ev) : f_(f), ev_(ev) {}

  void ensure(const std::vector<Choice>& plans, int n) override {
    std::vector<experiment::Overrides> points;
    for (const auto& c : plans) {
      points.push_back(make_plan(f_, c).overrides);
      cache_.erase(c);
    }
    ev_.ensure(points, n);
  }

  [[nodiscard]] Estimate estimate(const Choice& c) const override {
    if (const auto it = cache_.find(c); it != cache_.end()) return it->second;
    const Plan p = make_plan(f_, c);
    Estimate e;
    e.value = (f_.maximize ? 1 : -1) * mean(p, f_.objective);
    for (const auto& k : f_.constraints) {
      const double m = mean(p, k.metric);
      const double beyond = k.at_most ? m - k.bound : k.bound - m;
      if (beyond > 0) e.violation += beyond / k.tolerance;
    }
    cache_.emplace(c, e);
    return e;
  }

 private:
  [[nodiscard]] double mean(const Plan& p, const std::string& metric) const {
    const auto v = ev_.values(p.overrides, metric);
    double s = 0;
    for (std::size_t r = 0; r < v.size(); ++r) {
      if (!std::isfinite(v[r])) {
        std::string text;
        for (const auto& o : p.overrides) text += (text.empty() ? "" : ", ") + o.path + "=" + o.yaml_value;
        throw Error(fmt::format("{}: {} has no value in replication {} of the plan {} (a share of nothing, say); choose "
                                "a metric every plan gives a value to",
                                f_.file, metric, r, text));
      }
      s += v[r];
    }
    return s / static_cast<double>(v.size());
  }

  const scenario::OptimizeFile& f_;
  experiment::Evaluator& ev_;
  mutable std::map<Choice, Estimate> cache_;
};

}  // namespace

std::vector<Plan> compass_plans(const scenario::OptimizeFile& f, experiment::Evaluator& ev, SearchSummary& summary) {
  CompassSettings s;
  for (const auto& d : f.decisions) s.sizes.push_back(d.values.size());
  s.allowed = [&f](const Choice& c) { return within_budget(f, c); };
  s.allowed_count = summary.within_budget;
  s.nth_allowed = [&f](std::int64_t n) { return nth_plan_within_budget(f, n); };
  s.first_stage = f.replications;
  s.max_replications = f.max_replications;
  s.samples = f.compass.samples;
  s.replications = f.compass.replications;
  s.stall = f.compass.stall;
  s.seed = f.seed;
  EvaluatorOracle oracle(f, ev);
  const CompassResult r = compass_search(oracle, s);
  summary.compass = true;
  summary.iterations = r.iterations;
  summary.replications = r.replications_used;
  summary.stopped = r.stopped;
  std::vector<Choice> visited = r.visited;
  std::sort(visited.begin(), visited.end());  // lexicographic order of the indices is plan order
  std::vector<Plan> out;
  out.reserve(visited.size());
  for (const auto& c : visited) out.push_back(make_plan(f, c));
  return out;
}

}  // namespace tiersim::optimize
