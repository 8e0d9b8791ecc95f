// optimization.json and best.yaml, and writing the three files together (atomically).
#include <cmath>
#include <filesystem>

#include <fmt/format.h>

#include "tiersim/optimize/optimize.hpp"
#include "tiersim/report/atomic_file.hpp"
#include "tiersim/version.hpp"

namespace tiersim::optimize {

namespace {

using json = nlohmann::ordered_json;

json number(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

json summary(const stats::MetricSummary& s) {
  return json{{"mean", number(s.mean)}, {"ci95", json::array({number(s.lo), number(s.hi)})}, {"n", s.n}};
}

json decisions(const Plan& p) { return json::parse(experiment::Evaluator::key(p.overrides)); }

// true: declared feasible on every constraint; false: infeasible on one; null: never decided
// (eliminated or stopped first).
json feasible(const PlanVerdict& v) {
  bool all = true;
  for (int f : v.feasibility) {
    if (f < 0) return false;
    if (f == 0) all = false;
  }
  return all ? json(true) : json(nullptr);
}

std::string verdict_text(int f) { return f > 0 ? "feasible" : f < 0 ? "infeasible" : "undecided"; }

}  // namespace

std::string guarantee_text(const OptimizeResult& r) {
  const auto& f = r.file;
  if (!r.search.compass) {
    return fmt::format("the best feasible plan is selected with probability >= {} whenever it beats every other feasible "
                       "plan by at least {} (the indifference zone)",
                       f.pcs, f.indifference);
  }
  const bool all = r.search.cleaned_up == static_cast<int>(r.plans.size());
  return fmt::format("among the {} plans {}, the best feasible one is selected with probability >= {} whenever it beats "
                     "every other feasible one by at least {} (the indifference zone); the search visited {} of the {} "
                     "plans within the budget and nothing is guaranteed about the plans it did not visit",
                     r.search.cleaned_up,
                     all ? "the search visited" : "with the best estimates among those the search visited",
                     f.pcs, f.indifference, r.plans.size(), r.search.within_budget);
}

json optimization_json(const OptimizeResult& r) {
  const auto& f = r.file;
  json j;
  j["tiersim_version"] = kVersion;
  j["file"] = f.file;
  j["file_hash"] = r.file_hash;
  j["base"] = f.base;
  j["seed"] = f.seed;
  j["objective"] = json{{"metric", f.objective}, {"sense", f.maximize ? "maximize" : "minimize"}};
  j["constraints"] = json::array();
  for (const auto& c : f.constraints) {
    j["constraints"].push_back(json{{"text", c.text}, {"metric", c.metric}, {"op", c.at_most ? "<=" : ">="},
                                    {"bound", c.bound}, {"tolerance", c.tolerance}});
  }
  j["budget"] = f.budget ? json(*f.budget) : json(nullptr);
  json search{{"method", r.search.compass ? "compass" : "exhaustive"}, {"plans_within_budget", r.search.within_budget}};
  if (r.search.compass) {
    search["reference"] = "COMPASS (Hong and Nelson 2006), clean-up by KN (Boesel, Nelson and Kim 2003)";
    search["samples"] = f.compass.samples;
    search["replication_budget"] = f.compass.replications;
    search["stall"] = f.compass.stall;
    search["iterations"] = r.search.iterations;
    search["replications"] = r.search.replications;
    search["stopped"] = stop_name(r.search.stopped);
    search["visited"] = r.plans.size();
    search["cleaned_up"] = r.search.cleaned_up;
  }
  j["search"] = search;
  j["select"] = json{{"procedure", "KN (Kim and Nelson 2001) with the feasibility check of Andradottir and Kim (2010)"},
                     {"pcs", f.pcs},
                     {"indifference", f.indifference},
                     {"first_stage", f.replications},
                     {"max_replications", f.max_replications},
                     {"h2", r.selection.h2},
                     {"h2_feasibility", r.selection.h2_feasibility},
                     {"capped", r.selection.capped},
                     {"stages", r.selection.stages}};
  if (r.selection.best >= 0) {
    const auto& b = r.plans[static_cast<std::size_t>(r.selection.best)];
    j["best"] = json{{"decisions", decisions(b.plan)},
                     {"objective", summary(b.objective)},
                     {"cost", b.plan.cost},
                     {"pcs", r.selection.capped ? json(nullptr) : json(f.pcs)},
                     {"guarantee", !r.selection.capped}};
    j["message"] = r.selection.capped
                       ? fmt::format("the replication cap ({}) stopped the selection: the best mean among the plans left "
                                     "is returned without a guarantee",
                                     f.max_replications)
                       : guarantee_text(r);
  } else {
    j["best"] = nullptr;
    j["message"] = r.selection.capped ? "no plan could be shown feasible before the replication cap"
                   : r.search.compass
                       ? fmt::format("no plan the search visited meets the constraints: every one of the {} plans given "
                                     "to the clean-up was declared infeasible (the search visited {} of the {} plans "
                                     "within the budget)",
                                     r.search.cleaned_up, r.plans.size(), r.search.within_budget)
                       : "no plan within the budget meets the constraints: every plan was declared infeasible";
  }
  json base;
  base["decisions"] = json::object();
  for (std::size_t i = 0; i < f.decisions.size(); ++i) {
    base["decisions"][f.decisions[i].path] = f.base_values[i] ? json(*f.base_values[i]) : json(nullptr);
  }
  base["cost"] = r.base_cost ? json(*r.base_cost) : json(nullptr);
  j["base_scenario"] = base;
  j["plans"] = json::array();
  for (const auto& p : r.plans) {
    json pj;
    pj["decisions"] = decisions(p.plan);
    pj["cost"] = p.plan.cost;
    pj["feasible"] = feasible(p.verdict);
    pj["fate"] = fate_name(p.verdict.fate);
    pj["eliminated_by"] = p.verdict.eliminated_by >= 0 ? json(p.verdict.eliminated_by) : json(nullptr);
    pj["infeasible_on"] = p.verdict.infeasible_on >= 0 ? json(f.constraints[static_cast<std::size_t>(p.verdict.infeasible_on)].text)
                                                       : json(nullptr);
    pj["objective"] = summary(p.objective);
    pj["constraints"] = json::array();
    for (std::size_t c = 0; c < f.constraints.size(); ++c) {
      json cj = summary(p.constraints[c]);
      cj["constraint"] = f.constraints[c].text;
      cj["verdict"] = verdict_text(p.verdict.feasibility[c]);
      pj["constraints"].push_back(cj);
    }
    pj["replications"] = p.verdict.replications;
    j["plans"].push_back(pj);
  }
  j["over_budget"] = r.over_budget;
  j["evaluated"] = r.plans.size();
  j["replications_run"] = r.replications_run;
  json cmp = json::object();
  for (std::size_t i = 0; i < r.metrics.size(); ++i) {
    cmp[r.metrics[i]] = json{{"base", summary(r.base_summary[i])},
                             {"best", summary(r.best_summary[i])},
                             {"difference", summary(r.difference[i])}};
  }
  j["best_vs_base"] = json{{"replications", r.base_replications}, {"metrics", cmp}};
  return j;
}

std::string best_yaml(const OptimizeResult& r, const std::filesystem::path& folder) {
  namespace fs = std::filesystem;
  const auto& b = r.plans.at(static_cast<std::size_t>(r.selection.best));
  std::error_code ec;
  fs::path rel = fs::relative(fs::absolute(r.file.base), fs::absolute(folder), ec);
  if (ec || rel.empty()) rel = fs::absolute(r.file.base);
  std::string y = fmt::format(
      "# The best plan of {} (tiersim optimize {}): {} the mean of {},\n"
      "# {}. Run it with: tiersim run best.yaml\n",
      r.file.file, kVersion, r.file.maximize ? "maximizing" : "minimizing", r.file.objective,
      r.selection.capped ? "chosen at the replication cap, without a guarantee"
                         : fmt::format("selected with probability >= {} (indifference {}){}", r.file.pcs, r.file.indifference,
                                       r.search.compass ? " among the plans a COMPASS search visited" : ""));
  y += fmt::format("extends: {}\n", rel.generic_string());
  y += "# The optimisation's seed and the best plan's replications, so tiersim run reproduces its numbers:\n";
  y += fmt::format("seed: {}\nreplications: {}\n", r.file.seed, b.verdict.replications);
  y += "set:\n";
  for (const auto& o : b.plan.overrides) y += fmt::format("  {}: {}\n", o.path, o.yaml_value);
  return y;
}

void write_optimization(const std::filesystem::path& folder, const OptimizeResult& r) {
  std::error_code ec;
  std::filesystem::create_directories(folder, ec);
  if (ec) throw IoError(fmt::format("{}: cannot create the folder: {}", folder.string(), ec.message()));
  std::vector<report::AtomicFile> files;
  files.emplace_back(folder / "optimization.json");
  files.back().write(optimization_json(r).dump(2) + "\n");
  files.emplace_back(folder / "optimization.html");
  files.back().write(optimization_html(r));
  if (r.selection.best >= 0) {
    files.emplace_back(folder / "best.yaml");
    files.back().write(best_yaml(r, folder));
  } else {
    std::filesystem::remove(folder / "best.yaml", ec);  // a best.yaml of an earlier run would mislead
  }
  for (auto& f : files) f.finish();
  for (auto& f : files) f.publish();
}

}  // namespace tiersim::optimize
