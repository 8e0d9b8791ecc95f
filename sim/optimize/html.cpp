// optimization.html: the answer and its guarantee, the best plan against the base scenario
// (paired differences on common random numbers, as comparison.html shows them), the
// objective against cost for every plan evaluated with the budget line and the cost-efficient
// frontier, which constraints ruled out which plans, and every plan. One self-contained page:
// inline SVG, no scripts, fonts or images from the network.
#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "experiment/html_text.hpp"
#include "tiersim/optimize/optimize.hpp"
#include "tiersim/version.hpp"

namespace tiersim::optimize {

namespace {

using experiment::detail::html_escape;
using experiment::detail::short_number;

std::string plan_text(const Plan& p) {
  std::string s;
  for (const auto& o : p.overrides) s += (s.empty() ? "" : ", ") + o.path + " = " + o.yaml_value;
  return s;
}

std::string ci_cell(const stats::MetricSummary& s) {
  if (s.n == 0) return "<td>\u2013</td>";
  return fmt::format("<td>{}<br><span class=\"ci\">[{}, {}] n={}</span></td>", short_number(s.mean), short_number(s.lo),
                     short_number(s.hi), s.n);
}

// Plans on the cost-efficient frontier: not ruled out by a constraint, and better on the
// objective's mean than every cheaper such plan.
std::vector<std::size_t> frontier(const OptimizeResult& r) {
  std::vector<std::size_t> idx;
  for (std::size_t i = 0; i < r.plans.size(); ++i) {
    if (r.plans[i].verdict.fate != PlanFate::kInfeasible) idx.push_back(i);
  }
  std::stable_sort(idx.begin(), idx.end(), [&](std::size_t a, std::size_t b) { return r.plans[a].plan.cost < r.plans[b].plan.cost; });
  const double sign = r.file.maximize ? 1 : -1;
  std::vector<std::size_t> out;
  double best = -INFINITY;
  for (std::size_t k = 0; k < idx.size();) {
    // Among plans of equal cost, only the best can be on the frontier.
    std::size_t top = idx[k];
    std::size_t j = k;
    for (; j < idx.size() && r.plans[idx[j]].plan.cost == r.plans[idx[k]].plan.cost; ++j) {
      if (sign * r.plans[idx[j]].objective.mean > sign * r.plans[top].objective.mean) top = idx[j];
    }
    if (sign * r.plans[top].objective.mean > best) {
      best = sign * r.plans[top].objective.mean;
      out.push_back(top);
    }
    k = j;
  }
  return out;
}

std::string scatter(const OptimizeResult& r, const stats::MetricSummary* base_objective) {
  constexpr double kW = 760, kH = 420, kL = 70, kR = 20, kT = 20, kB = 50;
  double x0 = INFINITY, x1 = -INFINITY, y0 = INFINITY, y1 = -INFINITY;
  auto extend_x = [&](double x) { x0 = std::min(x0, x); x1 = std::max(x1, x); };
  auto extend_y = [&](double y) {
    if (!std::isfinite(y)) return;
    y0 = std::min(y0, y);
    y1 = std::max(y1, y);
  };
  for (const auto& p : r.plans) {
    extend_x(p.plan.cost);
    extend_y(p.objective.lo);
    extend_y(p.objective.hi);
    extend_y(p.objective.mean);
  }
  if (r.file.budget) extend_x(*r.file.budget);
  if (r.base_cost && base_objective) {
    extend_x(*r.base_cost);
    extend_y(base_objective->mean);
  }
  if (!(x1 > x0)) { x0 -= 1; x1 += 1; }
  if (!(y1 > y0)) { y0 -= 1; y1 += 1; }
  const double padx = (x1 - x0) * 0.05, pady = (y1 - y0) * 0.08;
  x0 -= padx; x1 += padx; y0 -= pady; y1 += pady;
  auto X = [&](double x) { return kL + (x - x0) / (x1 - x0) * (kW - kL - kR); };
  auto Y = [&](double y) { return kT + (y1 - y) / (y1 - y0) * (kH - kT - kB); };
  std::string s = fmt::format("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{}\" viewBox=\"0 0 {} {}\" "
                              "role=\"img\" aria-label=\"objective against cost\">\n",
                              kW, kH, kW, kH);
  s += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"#fcfcfc\" stroke=\"#ccc\"/>\n", kL, kT,
                   kW - kL - kR, kH - kT - kB);
  for (int t = 0; t <= 4; ++t) {
    const double xv = x0 + (x1 - x0) * t / 4, yv = y0 + (y1 - y0) * t / 4;
    s += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"11\" text-anchor=\"middle\">{}</text>\n", X(xv), kH - kB + 16,
                     short_number(xv));
    s += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"11\" text-anchor=\"end\">{}</text>\n", kL - 4, Y(yv) + 4,
                     short_number(yv));
  }
  s += fmt::format("<text x=\"{:.1f}\" y=\"{}\" font-size=\"12\" text-anchor=\"middle\">cost 成本</text>\n", (kL + kW - kR) / 2, kH - 10);
  s += fmt::format("<text x=\"14\" y=\"{:.1f}\" font-size=\"12\" text-anchor=\"middle\" transform=\"rotate(-90 14 {:.1f})\">{}</text>\n",
                   (kT + kH - kB) / 2, (kT + kH - kB) / 2, html_escape(r.file.objective));
  if (r.file.budget) {
    const double bx = X(*r.file.budget);
    s += fmt::format("<line x1=\"{0:.1f}\" y1=\"{1}\" x2=\"{0:.1f}\" y2=\"{2}\" stroke=\"#b00\" stroke-dasharray=\"6 4\"/>"
                     "<text x=\"{3:.1f}\" y=\"{4}\" font-size=\"11\" fill=\"#b00\">budget {5}</text>\n",
                     bx, kT, kH - kB, bx + 4, kT + 12, short_number(*r.file.budget));
  }
  const auto front = frontier(r);
  if (front.size() > 1) {
    std::string pts;
    for (std::size_t k = 0; k < front.size(); ++k) {
      const auto& p = r.plans[front[k]];
      if (k > 0) pts += fmt::format("{:.1f},{:.1f} ", X(p.plan.cost), Y(r.plans[front[k - 1]].objective.mean));
      pts += fmt::format("{:.1f},{:.1f} ", X(p.plan.cost), Y(p.objective.mean));
    }
    s += fmt::format("<polyline points=\"{}\" fill=\"none\" stroke=\"#2a7\" stroke-width=\"1.5\"/>\n", pts);
  }
  for (std::size_t i = 0; i < r.plans.size(); ++i) {
    const auto& p = r.plans[i];
    if (!std::isfinite(p.objective.mean)) continue;
    const double cx = X(p.plan.cost), cy = Y(p.objective.mean);
    const std::string title = fmt::format("<title>{}: cost {}, {} {} [{}, {}], {}</title>", html_escape(plan_text(p.plan)),
                                          short_number(p.plan.cost), html_escape(r.file.objective), short_number(p.objective.mean),
                                          short_number(p.objective.lo), short_number(p.objective.hi), fate_name(p.verdict.fate));
    if (std::isfinite(p.objective.lo) && std::isfinite(p.objective.hi)) {
      s += fmt::format("<line x1=\"{0:.1f}\" y1=\"{1:.1f}\" x2=\"{0:.1f}\" y2=\"{2:.1f}\" stroke=\"#bbb\"/>", cx, Y(p.objective.lo),
                       Y(p.objective.hi));
    }
    switch (p.verdict.fate) {
      case PlanFate::kSelected:
        s += fmt::format("<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"7\" fill=\"#2a7\" stroke=\"#000\">{}</circle>\n", cx, cy, title);
        break;
      case PlanFate::kInfeasible:
        s += fmt::format("<path d=\"M{0:.1f} {1:.1f}l8 8m0 -8l-8 8\" stroke=\"#c33\" stroke-width=\"2\">{2}</path>\n", cx - 4,
                         cy - 4, title);
        break;
      case PlanFate::kLeft:
        s += fmt::format("<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"4\" fill=\"#e90\">{}</circle>\n", cx, cy, title);
        break;
      case PlanFate::kNotShortlisted:
      case PlanFate::kEliminated:
        s += fmt::format("<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"4\" fill=\"#789\" fill-opacity=\"0.7\">{}</circle>\n", cx, cy, title);
        break;
    }
  }
  if (r.base_cost && base_objective && std::isfinite(base_objective->mean)) {
    const double cx = X(*r.base_cost), cy = Y(base_objective->mean);
    s += fmt::format("<path d=\"M{:.1f} {:.1f}l6 6l-6 6l-6 -6z\" fill=\"#fff\" stroke=\"#000\" stroke-width=\"1.5\"><title>base "
                     "scenario: cost {}, {}</title></path>\n",
                     cx, cy - 6, short_number(*r.base_cost), short_number(base_objective->mean));
  }
  s += "</svg>\n";
  s += "<p class=\"note\">Each mark is a plan within the budget at its cost and the mean of the objective over its "
       "replications (grey bars: 95% CIs). <span style=\"color:#2a7\">&#9679;</span> selected, "
       "<span style=\"color:#789\">&#9679;</span> eliminated by a better feasible plan, "
       "<span style=\"color:#c33\">&#10005;</span> ruled out by a constraint, <span style=\"color:#e90\">&#9679;</span> still in "
       "contention at the replication cap, &#9671; the base scenario. Green line: the cost-efficient frontier (each plan on it "
       "is better than every cheaper plan not ruled out). Dashed red line: the budget; plans beyond it were never run.</p>\n";
  return s;
}

}  // namespace

std::string optimization_html(const OptimizeResult& r) {
  const auto& f = r.file;
  std::string h = experiment::detail::page_head(
      "tiersim optimization",
      std::string(experiment::detail::difference_css()) +
      ".answer{font-size:16px;background:#eef6ee;border:1px solid #bcd9bc;padding:10px 14px}\n"
      ".none{font-size:16px;background:#fbecea;border:1px solid #e3b5ae;padding:10px 14px}\n"
      "td.plan{text-align:left;font-family:ui-monospace,monospace}\n");
  h += "<h1>Optimisation within a budget <span class=\"note\">预算内方案优化</span></h1>\n";
  h += fmt::format("<p class=\"note\">{} &middot; base scenario {} &middot; master seed {} &middot; tiersim {}</p>\n",
                   html_escape(f.file), html_escape(f.base), f.seed, kVersion);
  const std::string sense = f.maximize ? "maximize" : "minimize";
  h += fmt::format("<p>Objective: <b>{} {}</b>", sense, html_escape(f.objective));
  if (!f.constraints.empty()) {
    h += ", subject to ";
    for (std::size_t c = 0; c < f.constraints.size(); ++c) {
      h += fmt::format("{}<code>{}</code> (tolerance {})", c ? ", " : "", html_escape(f.constraints[c].text),
                       short_number(f.constraints[c].tolerance));
    }
  }
  if (f.budget) h += fmt::format("; budget {}", short_number(*f.budget));
  if (r.search.compass) {
    h += fmt::format(". The space is too large to run every plan: a COMPASS search visited {} of the {} plans within the "
                     "budget ({} over it were never run) in {} iterations (it stopped on: {}), and the clean-up selection "
                     "compared {} of them; {} replications in all.</p>\n",
                     r.plans.size(), r.search.within_budget, r.over_budget, r.search.iterations,
                     stop_name(r.search.stopped), r.search.cleaned_up, r.replications_run);
  } else {
    h += fmt::format(". {} plans within the budget were evaluated ({} over it were never run), {} replications in all.</p>\n",
                     r.plans.size(), r.over_budget, r.replications_run);
  }

  const stats::MetricSummary* base_objective = nullptr;
  if (r.selection.best >= 0) {
    const auto& b = r.plans[static_cast<std::size_t>(r.selection.best)];
    h += "<div class=\"answer\"><b>Best plan 最优方案:</b> <code>" + html_escape(plan_text(b.plan)) + "</code><br>";
    h += fmt::format("{} = {} [{}, {}] over {} replications, cost {}. ", html_escape(f.objective), short_number(b.objective.mean),
                     short_number(b.objective.lo), short_number(b.objective.hi), b.objective.n, short_number(b.plan.cost));
    if (r.selection.capped) {
      h += fmt::format("<b>No guarantee:</b> the replication cap ({} per plan) stopped the selection with {} plans still in "
                       "contention; this is the best mean among them. Raise <code>select.max_replications</code> or the "
                       "indifference zone for a guaranteed answer.",
                       f.max_replications,
                       std::count_if(r.plans.begin(), r.plans.end(), [](const PlanResult& p) {
                         return p.verdict.fate == PlanFate::kLeft || p.verdict.fate == PlanFate::kSelected;
                       }));
    } else {
      h += fmt::format("Probability of correct selection &ge; <b>{}</b> whenever the best feasible plan {} beats every other "
                       "by at least {} (the indifference zone) and outputs are close to normal (see the method below).",
                       f.pcs,
                       r.search.compass ? fmt::format("among the {} the clean-up compared (of the {} the search visited)",
                                                      r.search.cleaned_up, r.plans.size())
                                        : std::string("within the budget"),
                       short_number(f.indifference));
      if (r.search.compass) {
        h += fmt::format(" <b>Only among the plans the search visited:</b> it visited {} of the {} plans within the budget, "
                         "and nothing is guaranteed about the others.",
                         r.plans.size(), r.search.within_budget);
      }
    }
    h += "</div>\n";
    for (std::size_t i = 0; i < r.metrics.size(); ++i) {
      if (r.metrics[i] == f.objective) base_objective = &r.base_summary[i];
    }
  } else {
    h += "<div class=\"none\"><b>No feasible plan 没有可行方案.</b> ";
    h += r.selection.capped ? "No plan could be shown to meet the constraints before the replication cap."
         : r.search.compass
             ? fmt::format("Every plan given to the clean-up was declared infeasible ({} of the {} plans within the budget "
                           "were visited by the search): see which constraint ruled out each below. Loosen a constraint, "
                           "widen the decisions or raise the budget.",
                           r.plans.size(), r.search.within_budget)
             : std::string("Every plan within the budget was declared infeasible: see which constraint ruled out each below. "
                           "Loosen a constraint, widen the decisions or raise the budget.");
    h += "</div>\n";
  }

  if (r.selection.best >= 0) {
    h += fmt::format("<h2>Best plan against the base scenario <span class=\"note\">与基线比较</span></h2>\n"
                     "<p class=\"note\">Both on the same {} replications with the same master seed (common random numbers): "
                     "differences are paired per replication, with Student-t 95% intervals. {}</p>\n",
                     r.base_replications, experiment::detail::difference_legend());
    h += "<table><tr><th class=\"name\">metric</th><th>base</th><th>best plan</th><th>best &minus; base</th></tr>\n";
    std::vector<std::size_t> order;
    auto add_first = [&](const std::string& name) {
      for (std::size_t i = 0; i < r.metrics.size(); ++i) {
        if (r.metrics[i] == name && std::find(order.begin(), order.end(), i) == order.end()) order.push_back(i);
      }
    };
    add_first(f.objective);
    for (const auto& c : f.constraints) add_first(c.metric);
    for (const char* g : {"minor_stays_in_village", "moderate_stays_in_township", "severe_stays_in_county", "county_retention"}) add_first(g);
    const std::size_t lead = order.size();
    for (std::size_t i = 0; i < r.metrics.size(); ++i) {
      if (std::find(order.begin(), order.end(), i) == order.end()) order.push_back(i);
    }
    for (std::size_t k = 0; k < order.size(); ++k) {
      if (k == lead) h += "<tr class=\"group\"><td colspan=\"4\">every other metric</td></tr>\n";
      const std::size_t i = order[k];
      h += "<tr>" + experiment::detail::metric_name_cell(r.metrics[i]) + experiment::detail::value_cell(&r.base_summary[i]) +
           experiment::detail::value_cell(&r.best_summary[i]) + experiment::detail::difference_cell(r.difference[i], false) +
           "</tr>\n";
    }
    h += "</table>\n";
  }

  h += "<h2>Objective against cost <span class=\"note\">目标与成本</span></h2>\n";
  h += scatter(r, base_objective);

  if (!f.constraints.empty()) {
    h += "<h2>Plans ruled out by the constraints <span class=\"note\">约束排除的方案</span></h2>\n";
    for (std::size_t c = 0; c < f.constraints.size(); ++c) {
      std::string rows;
      int count = 0;
      for (const auto& p : r.plans) {
        if (p.verdict.fate != PlanFate::kInfeasible || p.verdict.infeasible_on != static_cast<int>(c)) continue;
        ++count;
        rows += "<tr><td class=\"plan\">" + html_escape(plan_text(p.plan)) + "</td>" + ci_cell(p.constraints[c]) +
                fmt::format("<td>{}</td></tr>\n", p.verdict.replications);
      }
      h += fmt::format("<h3><code>{}</code>: {} plan{}</h3>\n", html_escape(f.constraints[c].text), count, count == 1 ? "" : "s");
      if (count > 0) {
        h += "<table><tr><th class=\"name\">plan</th><th>" + html_escape(f.constraints[c].metric) +
             "</th><th>replications</th></tr>\n" + rows + "</table>\n";
      }
    }
  }

  h += r.search.compass ? "<h2>Every plan the search visited <span class=\"note\">搜索访问的方案</span></h2>\n"
                        : "<h2>Every plan evaluated <span class=\"note\">全部方案</span></h2>\n";
  h += "<table><tr><th class=\"name\">#</th><th class=\"name\">plan</th><th>cost</th><th>" + html_escape(f.objective) + "</th>";
  for (const auto& c : f.constraints) h += "<th>" + html_escape(c.metric) + "</th>";
  h += "<th>replications</th><th class=\"name\">outcome</th></tr>\n";
  for (std::size_t i = 0; i < r.plans.size(); ++i) {
    const auto& p = r.plans[i];
    h += fmt::format("<tr><td class=\"name\">{}</td><td class=\"plan\">{}</td><td>{}</td>", i, html_escape(plan_text(p.plan)),
                     short_number(p.plan.cost));
    h += ci_cell(p.objective);
    for (const auto& c : p.constraints) h += ci_cell(c);
    std::string outcome = fate_name(p.verdict.fate);
    if (p.verdict.fate == PlanFate::kEliminated) outcome += fmt::format(" by #{}", p.verdict.eliminated_by);
    if (p.verdict.fate == PlanFate::kInfeasible) {
      outcome += ": " + f.constraints[static_cast<std::size_t>(p.verdict.infeasible_on)].text;
    }
    h += fmt::format("<td>{}</td><td class=\"name\">{}</td></tr>\n", p.verdict.replications, html_escape(outcome));
  }
  h += "</table>\n";

  h += "<h2>Method <span class=\"note\">方法</span></h2>\n<p class=\"note\">";
  if (r.search.compass) {
    h += fmt::format(
        "Search: COMPASS (Hong and Nelson 2006, Operations Research 54(1):115-129) on the lattice of the decisions' value "
        "indices, restricted to the plans within the budget (no other plan is ever run). Each iteration samples {} plans "
        "from the most promising area (the plans closer to the incumbent than to any other visited plan) by coordinate "
        "sampling from the incumbent; a new plan gets {} replications and a revisited plan and the incumbent "
        "min(5, &lceil;5 (ln k)<sup>1.01</sup>&rceil;) more at iteration k. The incumbent is the visited plan with the best "
        "mean among those whose constraint means meet their bounds (else the one least beyond them). The search stops at a "
        "local optimum (every neighbour within the budget, one value away along one decision, visited), after {} "
        "iterations without a new incumbent, or before passing {} replications; this one ran {} iterations and {} "
        "replications and stopped on: {}. Clean-up (Boesel, Nelson and Kim 2003, Operations Research 51(5):814-825): the "
        "selection below among {} of the {} plans visited, reusing the search's replications. ",
        f.compass.samples, f.replications, f.compass.stall, f.compass.replications, r.search.iterations,
        r.search.replications, stop_name(r.search.stopped), r.search.cleaned_up, r.plans.size());
  }
  h += fmt::format(
      "Every plan ran replications 0, 1, 2, ... with master seed {} (common random numbers). Selection: the fully "
      "sequential indifference-zone procedure KN of Kim and Nelson (2001, ACM TOMACS 11:251-273), {} first-stage "
      "replications per plan, then one more per plan still in contention per stage; plan i leaves when its mean falls "
      "below a feasible plan's by more than the triangular region set by the variance of their paired differences "
      "(h&sup2; = {}). ",
      f.seed, f.replications, short_number(r.selection.h2));
  if (!f.constraints.empty()) {
    h += fmt::format(
        "Constraints: the feasibility check of Batur and Kim (2010, ACM TOMACS 20(3)) run alongside KN as in Andrad&oacute;ttir "
        "and Kim (2010, Naval Research Logistics 57:403-421), each constraint with its tolerance, h&sup2; = {}; a plan declared "
        "infeasible leaves, and only plans declared feasible eliminate others. Error split: {} for the feasibility checks "
        "(Bonferroni over plans and constraints), {} for the selection. ",
        short_number(r.selection.h2_feasibility), short_number((1 - f.pcs) / 2), short_number((1 - f.pcs) / 2));
  }
  h += fmt::format(
      "Guarantee: if each plan's replications are independent and normally distributed (annual means over many patients "
      "nearly are; different plans' replications may be correlated, as common random numbers make them), the best "
      "feasible plan {} beats every other feasible one by at least the indifference zone {}, and no plan's constraint "
      "mean lies within its tolerance of the bound, the procedure selects the best feasible plan with probability at "
      "least {}. Outside these conditions nothing is proved: when another plan is within the indifference zone of the "
      "best, neither the best nor a plan close to it is guaranteed. {}The procedure stopped after {} replications of the "
      "last plans{}.</p>\n",
      r.search.compass ? "among those the clean-up compared" : "within the budget", short_number(f.indifference), f.pcs,
      r.search.compass ? "The search chose the plans with the same replications the clean-up reuses as its first stage, "
                         "so the probability is about choosing among the plans found, not about finding the best plan "
                         "of the whole space. "
                       : "",
      r.selection.stages, r.selection.capped ? ", at the cap: no guarantee applies" : "");
  h += "</body>\n</html>\n";
  return h;
}

}  // namespace tiersim::optimize
