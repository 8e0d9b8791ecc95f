// comparison.html: the arms side by side, the paired differences with their CIs (highlighted
// when the interval excludes 0: a difference the run can resolve), and what changed between
// the scenarios. One self-contained page: no scripts, fonts or images from the network.
#include <cmath>
#include <set>

#include <fmt/format.h>

#include "experiment/html_text.hpp"
#include "tiersim/experiment/compare.hpp"
#include "tiersim/experiment/paired.hpp"
#include "tiersim/version.hpp"

namespace tiersim::experiment {

namespace detail {
std::vector<std::string> metric_names(const std::vector<CompareArm>& arms);
const stats::MetricSummary* find_summary(const stats::RunResult& run, const std::string& name);
}  // namespace detail

namespace {

using detail::html_escape;
using detail::short_number;

std::string cell(const stats::MetricSummary* s) {
  if (s == nullptr || s->n == 0) return "<td>\u2013</td>";
  return fmt::format("<td>{}<br><span class=\"ci\">[{}, {}] n={}</span></td>", short_number(s->mean),
                     short_number(s->lo), short_number(s->hi), s->n);
}

std::string diff_cell(const stats::MetricSummary& d) {
  if (d.n == 0) return "<td>\u2013</td>";
  // Resolved: the whole interval on one side of 0. n < 2 has no interval to judge by.
  const char* cls = "";
  if (d.n >= 2 && d.lo > 0) cls = " class=\"up\"";
  if (d.n >= 2 && d.hi < 0) cls = " class=\"down\"";
  return fmt::format("<td{}>{}{}<br><span class=\"ci\">[{}, {}] n={}</span></td>", cls, d.mean > 0 ? "+" : "",
                     short_number(d.mean), short_number(d.lo), short_number(d.hi), d.n);
}

std::string group_of(const std::string& name) {
  const auto dot = name.find('.');
  return dot == std::string::npos ? std::string("goals and shares") : name.substr(0, dot);
}

}  // namespace

std::string comparison_html(const std::vector<CompareArm>& arms, const PrecisionRule& rule) {
  std::string h = detail::page_head(
      "tiersim comparison",
      "td.up{background:#e3f1e3;font-weight:600} td.down{background:#fbe4e1;font-weight:600}\n"
      ".changes td{text-align:left;font-family:ui-monospace,monospace} .minus{color:#a11} .plus{color:#161}\n");
  h += "<h1>Comparison on common random numbers <span class=\"note\">共同随机数比较</span></h1>\n";
  const auto& first = arms.front();
  h += fmt::format(
      "<p class=\"note\">{} arms, {} replications each, master seed {} for every arm, tiersim {}. Every arm draws the "
      "same random numbers for the same patients (per-patient streams keyed by home facility, condition and arrival "
      "number), so the differences below are paired per replication and their 95% Student-t intervals are narrower "
      "than two separate intervals would suggest. A difference is <span style=\"background:#e3f1e3\">green</span> "
      "(higher) or <span style=\"background:#fbe4e1\">red</span> (lower) when its whole interval excludes 0; whether "
      "higher is better depends on the metric.</p>\n",
      arms.size(), first.run.replications, first.run.seed, kVersion);
  if (rule.enabled()) {
    h += fmt::format(
        "<p class=\"note\">Replications chosen by the relative-precision rule: batches of {} until the 95% half-widths "
        "of {} were within {:g}% of their means in every arm (cap {}).</p>\n",
        rule.batch, html_escape(fmt::format("{}", fmt::join(rule.chosen(), ", "))), rule.relative * 100,
        rule.max_replications);
  }
  h += "<h2>Arms</h2>\n<table><tr><th class=\"name\">arm</th><th class=\"name\">file</th></tr>\n";
  for (std::size_t i = 0; i < arms.size(); ++i) {
    h += fmt::format("<tr><td class=\"name\">{}{}</td><td class=\"name\">{}</td></tr>\n", html_escape(arms[i].name),
                     i == 0 ? " (reference)" : "", html_escape(arms[i].file));
  }
  h += "</table>\n<h2>What differs <span class=\"note\">方案差异</span></h2>\n";
  for (std::size_t i = 1; i < arms.size(); ++i) {
    const auto changes = diff_lines(first.resolved_yaml, arms[i].resolved_yaml);
    h += fmt::format("<p><b>{}</b> against <b>{}</b> (resolved scenarios, line by line): ", html_escape(arms[i].name),
                     html_escape(first.name));
    if (changes.empty()) {
      h += "identical.</p>\n";
      continue;
    }
    h += fmt::format("{} line(s).</p>\n<table class=\"changes\"><tr><th></th><th class=\"name\">where</th>"
                     "<th class=\"name\">line</th></tr>\n",
                     changes.size());
    for (const auto& c : changes) {
      h += fmt::format("<tr class=\"{}\"><td class=\"{}\">{}</td><td class=\"name\">{}</td><td class=\"name {}\">{}</td></tr>\n",
                       c.kind == '-' ? "minus" : "plus", c.kind == '-' ? "minus" : "plus", c.kind == '-' ? "\u2212" : "+",
                       html_escape(c.context), c.kind == '-' ? "minus" : "plus", html_escape(c.text));
    }
    h += "</table>\n";
  }
  h += "<h2>Metrics <span class=\"note\">指标</span></h2>\n<table>\n<tr><th class=\"name\">metric</th>";
  for (const auto& a : arms) h += fmt::format("<th>{}<br><span class=\"ci\">mean [95% CI]</span></th>", html_escape(a.name));
  for (std::size_t i = 1; i < arms.size(); ++i) {
    h += fmt::format("<th>{} \u2212 {}<br><span class=\"ci\">paired difference [95% CI]</span></th>",
                     html_escape(arms[i].name), html_escape(first.name));
  }
  h += "</tr>\n";
  std::string group;
  const std::size_t columns = 1 + arms.size() + (arms.size() - 1);
  for (const auto& name : detail::metric_names(arms)) {
    if (group_of(name) != group) {
      group = group_of(name);
      h += fmt::format("<tr class=\"group\"><td colspan=\"{}\">{}</td></tr>\n", columns, html_escape(group));
    }
    h += fmt::format("<tr><td class=\"name\">{}</td>", html_escape(name));
    for (const auto& a : arms) h += cell(detail::find_summary(a.run, name));
    const auto base = metric_values(first.run.reps, name);
    for (std::size_t i = 1; i < arms.size(); ++i) {
      h += diff_cell(paired_difference(name, base, metric_values(arms[i].run.reps, name)));
    }
    h += "</tr>\n";
  }
  h += "</table>\n</body>\n</html>\n";
  return h;
}

}  // namespace tiersim::experiment
