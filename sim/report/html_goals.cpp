// The first section of report.html: are the three goals and the two national targets met?
//
// The goals, their targets and the rule for "met" are in tiersim/report/goals.hpp.
#include <cmath>
#include <optional>

#include <fmt/format.h>

#include "report/html_parts.hpp"
#include "tiersim/report/goals.hpp"

namespace tiersim::report::html {

namespace {

std::string status_chip(const stats::MetricSummary* m, std::optional<double> target) {
  const GoalStatus st = goal_status(m, target);
  const char* cls = st == GoalStatus::kMet ? "ok" : st == GoalStatus::kBelow ? "bad" : st == GoalStatus::kUndecided ? "warn" : "none";
  return fmt::format("<span class=\"chip {}\">{}</span>", cls, goal_status_label(st));
}

/// One goal's bar: 0..100%, the mean, its CI, the target line.
std::string goal_bar(const stats::MetricSummary* m, std::optional<double> target) {
  constexpr double kW = 320, kH = 30;
  auto x = [&](double v) { return kW * std::clamp(v, 0.0, 1.0); };
  std::string out = fmt::format(
      "<svg class=\"goalbar\" viewBox=\"-6 -12 {} {}\" width=\"100%\" xmlns=\"http://www.w3.org/2000/svg\" "
      "aria-hidden=\"true\">",
      kW + 12, kH + 26);
  out += fmt::format("<rect class=\"track\" x=\"0\" y=\"6\" width=\"{}\" height=\"18\" rx=\"3\"/>", kW);
  for (int t = 0; t <= 100; t += 25) {
    out += fmt::format("<text class=\"tick\" x=\"{:.1f}\" y=\"{}\" text-anchor=\"{}\">{}%</text>", x(t / 100.0),
                       kH + 10, t == 0 ? "start" : (t == 100 ? "end" : "middle"), t);
  }
  if (m != nullptr) {
    const bool below = target && m->hi < *target;
    out += fmt::format("<rect class=\"bar{}\" x=\"0\" y=\"6\" width=\"{:.1f}\" height=\"18\" rx=\"3\"/>",
                       below ? " miss" : "", x(m->mean));
    if (m->n >= 2 && m->hi > m->lo) {
      out += fmt::format("<path class=\"ci\" d=\"M{0:.1f} 9 V21 M{0:.1f} 15 H{1:.1f} M{1:.1f} 9 V21\"/>", x(m->lo),
                         x(m->hi));
    }
  }
  if (target) {
    out += fmt::format(
        "<path class=\"target\" d=\"M{0:.1f} 0 V30\"/><text class=\"target-label\" x=\"{0:.1f}\" y=\"-1\" "
        "text-anchor=\"middle\">target {1:.0f}%</text>",
        x(*target), 100 * *target);  // label above the bar, clear of the CI whisker
  }
  out += "</svg>";
  return out;
}

}  // namespace

std::string goals_section(const Context& c) {
  std::string out =
      "<section id=\"goals\" class=\"goals\">\n<h2>Three goals and national targets <span class=\"zh\">三个目标与国家指标"
      "</span></h2>\n<p class=\"lead\">Mean over replications; the whisker is the 95% confidence interval, the "
      "dashed line the target. A goal counts as met only when its whole interval reaches the target.</p>\n"
      "<div class=\"goal-grid\">\n";
  for (const auto& g : goals()) {
    const auto* m = c.metric(g.metric);
    out += fmt::format(
        "<div class=\"goal\" data-metric=\"{}\"><div class=\"goal-head\"><span class=\"zh big\">{}</span> "
        "<span class=\"en\">{}</span></div>\n<div class=\"goal-value\">{}</div>{}\n{}<p class=\"def\">{}</p></div>\n",
        g.metric, g.zh, g.en, m ? with_ci(*m, true) : "no data", goal_bar(m, g.target), status_chip(m, g.target),
        g.definition);
  }
  out += "</div>\n";

  // Headline counts: how many patients the goals are computed from.
  auto figure = [&](const char* metric, const char* en, const char* zh) {
    const auto* m = c.metric(metric);
    return fmt::format("<div class=\"figure\"><div class=\"n\">{}</div><div>{} <span class=\"zh\">{}</span></div></div>",
                       m ? count(m->mean) : "–", en, zh);
  };
  out += "<div class=\"figures\">";
  out += figure("patients.created", "patients per replication (warm-up included)", "患者数");
  out += figure("referrals_up", "referrals up", "上转");
  out += figure("referrals_down", "referrals down (step-down)", "下转");
  out += figure("bypass", "bypassed home facility", "越级就诊");
  out += figure("left_unseen", "left unseen", "未就诊离开");
  out += "</div>\n</section>\n";
  return out;
}

}  // namespace tiersim::report::html
