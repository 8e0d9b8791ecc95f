// Waits by tier and severity, time in system, and the green channel per time-critical
// condition against its targets (chest-pain and stroke-centre standards).
#include <cmath>

#include <fmt/format.h>

#include "report/html_parts.hpp"

namespace tiersim::report::html {

namespace {

const char* const kStats[] = {"mean", "p50", "p90", "p99"};

const char* tier_zh(int t) {
  static const char* const kZh[] = {"村卫生室", "乡镇卫生院", "县级医院", "区域/市级医院"};
  return kZh[t];
}
const char* severity_zh(int s) {
  static const char* const kZh[] = {"轻症", "中症", "重症", "危重症"};
  return kZh[s];
}

/// A table and a chart of mean/p50/p90/p99 waits for a list of groups (tiers or severities).
std::string wait_block(const Context& c, const std::vector<std::pair<std::string, std::string>>& groups,
                       const char* what) {
  std::vector<BarRow> rows;
  std::string table = fmt::format(
      "<table class=\"num\"><thead><tr><th>{}</th><th>mean</th><th>p50</th><th>p90</th><th>p99</th></tr></thead>"
      "<tbody>\n",
      what);
  for (const auto& [key, label] : groups) {
    if (c.metric("wait_minutes." + key + ".mean") == nullptr) continue;  // no visits at this tier
    table += fmt::format("<tr><th>{}</th>", label);
    for (const char* st : kStats) {
      const auto* m = c.metric(fmt::format("wait_minutes.{}.{}", key, st));
      table += fmt::format("<td>{}</td>", m ? with_ci(*m, false) : "–");
      if (m) {
        BarRow r;
        r.label = fmt::format("{} · {}", key, st);
        r.mean = m->mean;
        r.lo = m->lo;
        r.hi = m->hi;
        r.value_text = fmt::format("{} min", num(m->mean));
        r.tooltip = fmt::format("{} {}: {}", key, st, with_ci(*m, false, "min"));
        rows.push_back(std::move(r));
      }
    }
    table += "</tr>\n";
  }
  table += "</tbody></table>\n";
  if (rows.empty()) return "<p class=\"note\">No waits recorded.</p>\n";
  BarChartOptions o;
  o.aria_label = fmt::format("waiting time by {}, minutes", what);
  return bar_chart_svg(rows, o) + table;
}

}  // namespace

std::string waits_section(const Context& c) {
  std::string out =
      "<section id=\"waits\">\n<h2>Waiting times <span class=\"zh\">候诊时间</span></h2>\n<p class=\"lead\">Minutes "
      "from arrival at the door to the start of service, at every facility visit after warm-up. Mean and "
      "percentiles per replication, then the mean over replications with its 95% CI.</p>\n";
  std::vector<std::pair<std::string, std::string>> tiers;
  for (int t = scenario::kTierCount - 1; t >= 0; --t) {
    const char* name = scenario::tier_name(static_cast<scenario::Tier>(t));
    tiers.emplace_back(name, fmt::format("{} <span class=\"zh\">{}</span>", name, tier_zh(t)));
  }
  out += "<h3>By tier <span class=\"zh\">按层级</span></h3>\n" + wait_block(c, tiers, "tier");
  std::vector<std::pair<std::string, std::string>> severities;
  for (int s = scenario::kSeverityCount - 1; s >= 0; --s) {
    const char* name = scenario::severity_name(static_cast<scenario::Severity>(s));
    severities.emplace_back(name, fmt::format("{} <span class=\"zh\">{}</span>", name, severity_zh(s)));
  }
  out += "<h3>By severity <span class=\"zh\">按病情</span></h3>\n" + wait_block(c, severities, "severity");

  out += "<h3>Time in system per episode <span class=\"zh\">就医总时长</span></h3>\n<table class=\"num\"><thead><tr>"
         "<th>severity</th><th>first contact to resolution, mean</th></tr></thead><tbody>\n";
  for (int s = scenario::kSeverityCount - 1; s >= 0; --s) {
    const char* name = scenario::severity_name(static_cast<scenario::Severity>(s));
    const auto* m = c.metric(fmt::format("time_in_system_minutes.{}.mean", name));
    if (!m) continue;
    out += fmt::format("<tr><th>{} <span class=\"zh\">{}</span></th><td>{}</td></tr>\n", name, severity_zh(s),
                       with_ci(*m, false, "min"));
  }
  out += "</tbody></table>\n</section>\n";
  return out;
}

std::string green_channel_section(const Context& c) {
  std::string out =
      "<section id=\"green\">\n<h2>Green channel for time-critical conditions <span class=\"zh\">急危重症绿色通道"
      "</span></h2>\n";
  bool any = false;
  for (const auto& cond : c.s.conditions) {
    if (!cond.time_critical) continue;
    any = true;
    const auto& tc = *cond.time_critical;
    const std::string p = "green_channel." + cond.name + ".";
    const auto* patients = c.metric(p + "patients");
    out += fmt::format("<div class=\"condition\"><h3>{}</h3>\n<p class=\"lead\">{} patients per replication after "
                       "warm-up; channel {} in this scenario.</p>\n",
                       html_escape(cond.name), patients ? count(patients->mean) : "no",
                       c.s.policy.green_channel.enabled ? "<b>on</b>" : "<b>off</b> (ordinary path)");
    struct Measure {
      const char* key;
      const char* label;
      const char* short_label;  ///< for the chart
      std::optional<double> target;
    };
    const Measure measures[] = {
        {"fmc_to_ecg_mean", "first medical contact to ECG (FMC-to-ECG)", "FMC to ECG", tc.targets.fmc_to_ecg},
        {"door_to_treatment_mean", "door to treatment (door-to-balloon / door-to-needle)", "door to treatment", tc.targets.door_to_treatment},
        {"door_in_door_out_mean", "door-in-door-out at a transferring facility", "door-in-door-out", tc.targets.door_in_door_out},
        {"fmc_to_treatment_mean", "first medical contact to treatment", "FMC to treatment", tc.targets.fmc_to_treatment},
        {"onset_to_treatment_mean", "symptom onset to treatment (window)", "onset to treatment",
         std::isfinite(tc.window) ? std::optional<double>(tc.window) : std::nullopt},
    };
    std::vector<BarRow> rows;
    std::string table =
        "<table class=\"num\"><thead><tr><th>interval</th><th>target</th><th>simulated mean</th></tr></thead><tbody>\n";
    for (const auto& ms : measures) {
      const auto* m = c.metric(p + ms.key);
      table += fmt::format("<tr{}><th>{}</th><td>{}</td><td>{}</td></tr>\n",
                           m && ms.target && m->mean > *ms.target ? " class=\"alert\"" : "", ms.label,
                           ms.target ? fmt::format("{:g} min", *ms.target) : "–", m ? with_ci(*m, false, "min") : "–");
      if (!m) continue;
      BarRow r;
      r.label = ms.short_label;
      r.mean = m->mean;
      r.lo = m->lo;
      r.hi = m->hi;
      r.target = ms.target;
      r.alert = ms.target && m->mean > *ms.target;
      r.value_text = fmt::format("{} min{}", num(m->mean),
                                 ms.target ? fmt::format(" (target {:g})", *ms.target) : std::string());
      rows.push_back(std::move(r));
    }
    table += "</tbody></table>\n";
    if (!rows.empty()) {
      BarChartOptions o;
      o.aria_label = "green-channel intervals of " + cond.name + ", minutes, with targets";
      out += bar_chart_svg(rows, o);
    }
    out += table;
    out += "<table class=\"num\"><thead><tr><th>share of patients</th><th>simulated</th></tr></thead><tbody>\n";
    const std::pair<const char*, const char*> shares[] = {
        {"within_target", "treated within target (chest-pain-centre audit rule)"},
        {"door_to_treatment_within_target", "door-to-treatment within its target"},
        {"fmc_to_treatment_within_target", "FMC-to-treatment within its target"},
        {"outside_window", "treated after the treatment window"},
    };
    for (const auto& [key, label] : shares) {
      const auto* m = c.metric(p + key);
      if (!m) continue;
      out += fmt::format("<tr><th>{}</th><td>{}</td></tr>\n", label, with_ci(*m, true));
    }
    out += "</tbody></table>\n";
    // Distributions from the per-replication histograms, pooled over replications.
    for (const auto& [suffix, title, target] :
         {std::tuple{"door_to_treatment", "Door to treatment", tc.targets.door_to_treatment},
          std::tuple{"fmc_to_treatment", "First medical contact to treatment",
                     tc.targets.fmc_to_treatment ? tc.targets.fmc_to_treatment : tc.targets.door_to_treatment}}) {
      std::vector<std::uint64_t> pooled;
      double width = 0;
      for (const auto& r : c.run.reps) {
        for (const auto& h : r.histograms) {
          if (h.name != p + suffix) continue;
          if (pooled.size() < h.counts.size()) pooled.resize(h.counts.size(), 0);
          for (std::size_t i = 0; i < h.counts.size(); ++i) pooled[i] += h.counts[i];
          width = h.bin_width;
        }
      }
      if (pooled.empty()) continue;
      std::vector<TargetLine> lines;
      if (target) lines.push_back({*target, fmt::format("target {:g} min", *target)});
      out += fmt::format("<figure><figcaption>{} ({}), all replications pooled</figcaption>\n{}</figure>\n", title,
                         html_escape(cond.name),
                         histogram_svg(pooled, width, lines, std::string(title) + " of " + cond.name));
    }
    out += "</div>\n";
  }
  if (!any) out += "<p class=\"note\">The scenario has no time-critical condition.</p>\n";
  out += "</section>\n";
  return out;
}

}  // namespace tiersim::report::html
