// run_optimization: the plans, the evaluator (common random numbers, memo, store), the
// selection, then the best plan against the base scenario on the same replications.
#include <algorithm>
#include <cmath>
#include <fstream>
#include <iterator>

#include <fmt/format.h>

#include "tiersim/experiment/paired.hpp"
#include "tiersim/optimize/optimize.hpp"
#include "tiersim/scenario/load.hpp"

namespace tiersim::optimize {

namespace {

std::uint64_t fnv1a(std::string_view bytes, std::uint64_t h = 0xcbf29ce484222325ULL) {
  for (const unsigned char c : bytes) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

std::string read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw IoError(fmt::format("{}: cannot read", path));
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::string describe(const Plan& p) {
  std::string s;
  for (const auto& o : p.overrides) s += (s.empty() ? "" : ", ") + o.path + "=" + o.yaml_value;
  return s;
}

/// The selection's view of the evaluator: output 0 the objective, then the constraints.
class EvaluatorSampler : public Sampler {
 public:
  EvaluatorSampler(experiment::Evaluator& ev, const std::vector<Plan>& plans, std::vector<std::string> outputs)
      : ev_(ev), plans_(plans), outputs_(std::move(outputs)),
        cache_(plans.size(), std::vector<std::vector<double>>(outputs_.size())) {}

  void ensure(const std::vector<int>& plans, int n) override {
    std::vector<experiment::Overrides> points;
    points.reserve(plans.size());
    for (int p : plans) points.push_back(plans_[static_cast<std::size_t>(p)].overrides);
    ev_.ensure(points, n);
    for (int p : plans) {
      for (std::size_t o = 0; o < outputs_.size(); ++o) {
        cache_[static_cast<std::size_t>(p)][o] = ev_.values(plans_[static_cast<std::size_t>(p)].overrides, outputs_[o]);
      }
    }
  }

  [[nodiscard]] double value(int plan, int output, int rep) const override {
    const auto& v = cache_.at(static_cast<std::size_t>(plan)).at(static_cast<std::size_t>(output));
    const double x = v.at(static_cast<std::size_t>(rep));
    if (!std::isfinite(x)) {
      throw Error(fmt::format("{}: {} has no value in replication {} of the plan {} (a share of nothing, say); choose "
                              "a metric every plan gives a value to",
                              ev_.options().identity.sweep_file, outputs_[static_cast<std::size_t>(output)], rep,
                              describe(plans_[static_cast<std::size_t>(plan)])));
    }
    return x;
  }

 private:
  experiment::Evaluator& ev_;
  const std::vector<Plan>& plans_;
  std::vector<std::string> outputs_;
  std::vector<std::vector<std::vector<double>>> cache_;
};

// The plans given to the selection: all of them, or (a COMPASS search that visited more than
// the selection is meant for) the best max_plans by their estimates, declared-feasible-looking
// first: constraint means meeting their bounds, then the objective's mean.
std::vector<std::size_t> shortlist(const scenario::OptimizeFile& f, const experiment::Evaluator& ev,
                                   const std::vector<Plan>& plans) {
  std::vector<std::size_t> idx(plans.size());
  for (std::size_t i = 0; i < idx.size(); ++i) idx[i] = i;
  if (static_cast<std::int64_t>(plans.size()) <= f.max_plans) return idx;
  std::vector<std::pair<double, double>> key(plans.size());  // violation, -value
  for (std::size_t i = 0; i < plans.size(); ++i) {
    double violation = 0;
    for (const auto& c : f.constraints) {
      const double m = ev.summary(plans[i].overrides, c.metric).mean;
      const double beyond = c.at_most ? m - c.bound : c.bound - m;
      if (beyond > 0) violation += beyond / c.tolerance;
    }
    key[i] = {violation, (f.maximize ? -1 : 1) * ev.summary(plans[i].overrides, f.objective).mean};
  }
  std::stable_sort(idx.begin(), idx.end(), [&](std::size_t a, std::size_t b) { return key[a] < key[b]; });
  idx.resize(static_cast<std::size_t>(f.max_plans));
  std::sort(idx.begin(), idx.end());
  return idx;
}

}  // namespace

OptimizeResult run_optimization(const scenario::OptimizeFile& f, const OptimizeOptions& options) {
  OptimizeResult out;
  out.file = f;
  out.search.within_budget = count_plans(f, out.over_budget);
  const scenario::Scenario base = scenario::load_scenario_file(f.base);
  check_problem(f, base, out.search.within_budget);
  out.base_cost = f.base_cost;

  std::uint64_t h = fnv1a(read_bytes(f.file));
  h = fnv1a(std::string_view("\0", 1), h);
  h = fnv1a(scenario::resolved_yaml(base), h);
  out.file_hash = fmt::format("fnv1a64:{:016x}", h);

  experiment::EvaluatorOptions eo;
  eo.seed = f.seed;
  eo.threads = options.threads;
  eo.store = options.store;
  eo.identity.sweep_file = f.file;
  eo.identity.sweep_hash = out.file_hash;
  eo.identity.design = "optimize";
  eo.identity.replications = f.replications;
  eo.identity.points = static_cast<int>(std::min<std::int64_t>(out.search.within_budget + 1, 1'000'000'000));
  eo.stop = options.stop;
  eo.on_progress = options.on_progress;
  eo.mpi = options.mpi;
  experiment::Evaluator ev(f.base, eo);

  std::vector<Plan> plans;
  if (uses_compass(f, out.search.within_budget)) {
    // Each plan loads when the search first visits it (there may be too many to load first).
    plans = compass_plans(f, ev, out.search);
  } else {
    std::int64_t over = 0;
    plans = enumerate_plans(f, over);
    // Every plan loads before anything runs (a combination may break a rule no single value does).
    for (const auto& p : plans) (void)ev.scenario(p.overrides);
  }

  std::vector<std::string> outputs{f.objective};
  SelectSettings s;
  s.maximize = f.maximize;
  s.pcs = f.pcs;
  s.indifference = f.indifference;
  s.first_stage = f.replications;
  s.max_replications = f.max_replications;
  for (const auto& c : f.constraints) {
    s.constraints.push_back(Bound{c.at_most, c.bound, c.tolerance});
    outputs.push_back(c.metric);
  }
  const std::vector<std::size_t> chosen = shortlist(f, ev, plans);
  std::vector<Plan> selected_plans;
  for (const std::size_t i : chosen) {
    selected_plans.push_back(plans[i]);
    s.tie_rank.push_back(plans[i].cost);
  }
  s.plans = static_cast<int>(selected_plans.size());
  out.search.cleaned_up = s.plans;
  EvaluatorSampler sampler(ev, selected_plans, outputs);
  const SelectResult sub = select_best(sampler, s);
  // Back to the numbering of `plans`: the plans left out of the selection keep their search
  // replications and no verdict.
  out.selection = sub;
  out.selection.plans.assign(plans.size(), PlanVerdict{});
  for (auto& v : out.selection.plans) {
    v.fate = PlanFate::kNotShortlisted;
    v.feasibility.assign(f.constraints.size(), 0);
  }
  for (std::size_t j = 0; j < chosen.size(); ++j) {
    PlanVerdict v = sub.plans[j];
    if (v.eliminated_by >= 0) v.eliminated_by = static_cast<int>(chosen[static_cast<std::size_t>(v.eliminated_by)]);
    out.selection.plans[chosen[j]] = v;
  }
  if (sub.best >= 0) out.selection.best = static_cast<int>(chosen[static_cast<std::size_t>(sub.best)]);

  for (std::size_t i = 0; i < plans.size(); ++i) {
    PlanResult pr;
    pr.plan = plans[i];
    pr.verdict = out.selection.plans[i];
    // Replications run, which for a plan of a COMPASS search may exceed what the selection used.
    pr.verdict.replications = ev.replications(plans[i].overrides);
    pr.objective = ev.summary(plans[i].overrides, f.objective);
    for (const auto& c : f.constraints) pr.constraints.push_back(ev.summary(plans[i].overrides, c.metric));
    out.replications_run += pr.verdict.replications;
    out.plans.push_back(std::move(pr));
  }
  if (out.selection.best >= 0) {
    const Plan& best = plans[static_cast<std::size_t>(out.selection.best)];
    const int n = out.plans[static_cast<std::size_t>(out.selection.best)].verdict.replications;
    const experiment::Overrides none;
    ev.ensure({none}, n);
    out.base_replications = n;
    out.replications_run += n;
    out.metrics = ev.metric_names(best.overrides);
    for (const auto& m : out.metrics) {
      out.best_summary.push_back(ev.summary(best.overrides, m));
      auto base_values = ev.values(none, m);
      base_values.resize(static_cast<std::size_t>(n));
      out.base_summary.push_back(stats::summarise(m, base_values));
      out.difference.push_back(experiment::paired_difference(m, base_values, ev.values(best.overrides, m)));
    }
    out.resolved_best_yaml = scenario::resolved_yaml(ev.scenario(best.overrides));
  }
  out.simulated = ev.runs_simulated();
  return out;
}

}  // namespace tiersim::optimize
