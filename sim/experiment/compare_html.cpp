// comparison.html: the arms side by side, each metric with its Chinese label; the paired
// differences with their CIs, coloured better or worse for the metric once the interval
// excludes 0 (a difference the run can resolve), shares in percentage points; and what
// differs between the scenarios as the user wrote it. One self-contained page: no scripts,
// fonts or images from the network.
#include <cmath>
#include <filesystem>
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

std::string group_of(const std::string& name) {
  const auto dot = name.find('.');
  return dot == std::string::npos ? std::string("goals and shares") : name.substr(0, dot);
}

std::string written_value(const std::optional<std::string>& v) {
  return v ? html_escape(*v) : std::string("<span class=\"note\">(not written: as in the base)</span>");
}

/// The resolved scenarios' lines that differ, as a table.
std::string lines_table(const std::vector<LineChange>& changes) {
  std::string h = "<table class=\"changes\"><tr><th></th><th class=\"name\">where</th><th class=\"name\">line</th></tr>\n";
  for (const auto& c : changes) {
    const char* kind = c.kind == '-' ? "minus" : "plus";
    h += fmt::format("<tr class=\"{}\"><td class=\"{}\">{}</td><td class=\"name\">{}</td><td class=\"name {}\">{}</td></tr>\n",
                     kind, kind, c.kind == '-' ? "\u2212" : "+", html_escape(c.context), kind, html_escape(c.text));
  }
  return h + "</table>\n";
}

/// "What differs" for one arm against the reference: what the user wrote differently over
/// the file both start from, with the resolved lines behind a fold; when they start from
/// different files, the resolved lines themselves.
std::string what_differs(const CompareArm& reference, const CompareArm& arm) {
  const auto changes = diff_lines(reference.resolved_yaml, arm.resolved_yaml);
  const auto written = written_changes(reference.scenario, arm.scenario);
  std::string h = fmt::format("<h3>{} against {}</h3>\n", html_escape(arm.name), html_escape(reference.name));
  if (changes.empty() && (!written || written->empty())) return h + "<p>identical.</p>\n";
  if (!written) {
    return h + fmt::format("<p>The two do not start from the same file (no common <code>extends:</code>), so they are "
                           "compared line by line, resolved (every default filled in): {} line(s).</p>\n",
                           changes.size()) +
           lines_table(changes);
  }
  h += fmt::format("<p>As written over their common base <code>{}</code>: {} setting(s).</p>\n",
                   html_escape(std::filesystem::path(arm.scenario.root_file).filename().string()), written->size());
  h += fmt::format("<table class=\"changes written\"><tr><th class=\"name\">setting</th><th class=\"name\">{}</th>"
                   "<th class=\"name\">{}</th><th class=\"name\">written at</th></tr>\n",
                   html_escape(reference.name), html_escape(arm.name));
  for (const auto& w : *written) {
    h += fmt::format("<tr><td class=\"name\">{}</td><td class=\"name minus\">{}</td><td class=\"name plus\">{}</td>"
                     "<td class=\"name where\">{}</td></tr>\n",
                     html_escape(w.path), written_value(w.reference), written_value(w.arm), html_escape(w.where));
  }
  h += "</table>\n";
  if (!changes.empty()) {
    h += fmt::format("<details><summary>The {} line(s) in which the resolved scenarios differ (one setting may change "
                     "many lines)</summary>\n",
                     changes.size()) +
         lines_table(changes) + "</details>\n";
  }
  return h;
}

}  // namespace

std::string comparison_html(const std::vector<CompareArm>& arms, const PrecisionRule& rule) {
  std::string h = detail::page_head(
      "tiersim comparison",
      std::string(detail::difference_css()) +
          ".changes td{text-align:left;font-family:ui-monospace,monospace} .minus{color:#a11} .plus{color:#161}\n"
          "td.where{color:#666} details{margin:8px 0} summary{cursor:pointer;color:#555;font-size:13px}\n");
  h += "<h1>Comparison on common random numbers <span class=\"note\">共同随机数比较</span></h1>\n";
  const auto& first = arms.front();
  h += fmt::format(
      "<p class=\"note\">{} arms, {} replications each, master seed {} for every arm, tiersim {}. Every arm draws the "
      "same random numbers for the same patients (per-patient streams keyed by home facility, condition and arrival "
      "number), so the differences below are paired per replication and their 95% Student-t intervals are narrower "
      "than two separate intervals would suggest. {}</p>\n",
      arms.size(), first.run.replications, first.run.seed, kVersion, detail::difference_legend());
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
  for (std::size_t i = 1; i < arms.size(); ++i) h += what_differs(first, arms[i]);
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
    h += fmt::format("<tr data-metric=\"{}\">", html_escape(name)) + detail::metric_name_cell(name);
    for (const auto& a : arms) h += detail::value_cell(detail::find_summary(a.run, name));
    const auto base = metric_values(first.run.reps, name);
    for (std::size_t i = 1; i < arms.size(); ++i) {
      h += detail::difference_cell(paired_difference(name, base, metric_values(arms[i].run.reps, name)));
    }
    h += "</tr>\n";
  }
  h += "</table>\n</body>\n</html>\n";
  return h;
}

}  // namespace tiersim::experiment
