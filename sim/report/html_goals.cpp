// The first section of report.html: are the three goals and the two national targets met?
//
// Targets: the national figures are county retention (县域内就诊率) 90%, which the 2015
// tiered-care guidance (国办发〔2015〕70号) gives as the measure of 大病不出县, and a primary
// share of visits (基层就诊率) of 65%. 大病不出县 is therefore also judged against 90%. The
// village and township goals have no national numeric target: they are shown with their CI
// and no target line, rather than with an invented one.
#include <cmath>
#include <optional>

#include <fmt/format.h>

#include "report/html_parts.hpp"

namespace tiersim::report::html {

namespace {

struct Goal {
  const char* metric;
  const char* zh;
  const char* en;
  const char* definition;
  std::optional<double> target;
};

const Goal kGoals[] = {
    {"minor_stays_in_village", "小病不出村", "Minor illness stays in the village",
     "Of minor episodes of village residents, the share resolved at a village clinic.", std::nullopt},
    {"moderate_stays_in_township", "中病不出镇", "Moderate illness stays in the township",
     "Of moderate episodes of village and township residents, the share resolved at village or township tier.",
     std::nullopt},
    {"severe_stays_in_county", "大病不出县", "Serious illness stays in the county",
     "Of severe and critical episodes, the share resolved at county tier or below.", 0.90},
    {"county_retention", "县域内就诊率", "County retention (national target 90%)",
     "Of all resolved episodes, the share resolved at county tier or below.", 0.90},
    {"primary_share", "基层就诊率", "Primary-care share of visits (national target 65%)",
     "Visits to village and township facilities over all facility visits.", 0.65},
};

/// Met when the whole CI is at or above the target, missed when it is wholly below, and
/// undecided otherwise: a planner should not read a difference the run cannot resolve.
std::string status_chip(const stats::MetricSummary* m, std::optional<double> target) {
  if (m == nullptr) return "<span class=\"chip none\">no data</span>";
  if (!target) return "<span class=\"chip none\">no national numeric target</span>";
  if (m->lo >= *target) return "<span class=\"chip ok\">met 达标</span>";
  if (m->hi < *target) return "<span class=\"chip bad\">below target 未达标</span>";
  return "<span class=\"chip warn\">CI includes target 不确定</span>";
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
  for (const auto& g : kGoals) {
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
