#include "cli/terminal_summary.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>

#include <fmt/format.h>

#include "tiersim/report/format.hpp"
#include "tiersim/report/goals.hpp"
#include "tiersim/report/metric_labels.hpp"
#include "tiersim/report/output_folder.hpp"
#include "tiersim/stats/metric_direction.hpp"
#include "tiersim/stats/metric_range.hpp"

namespace tiersim::cli {

namespace {

using stats::MetricKind;
using stats::MetricSummary;

/// At most this many lines of a list (warnings, differences) before "... and N more".
constexpr std::size_t kMaxLines = 10;
/// Utilisation above which a facility is marked (the report highlights the same).
constexpr double kBusy = 0.85;

const MetricSummary* find(const std::vector<MetricSummary>& metrics, std::string_view name) {
  for (const auto& m : metrics) {
    if (m.name == name) return &m;
  }
  return nullptr;
}

/// Decimals that show a value of magnitude `scale` to about two significant digits, and no
/// more than one decimal from 10 upwards: 1,234 / 12.3 / 3.1 / 0.42 / 0.032.
int decimals_for(double scale) {
  scale = std::abs(scale);
  if (!std::isfinite(scale) || scale == 0 || scale >= 100) return scale >= 100 ? 0 : 1;
  if (scale >= 1) return 1;
  return std::min(4, 1 - static_cast<int>(std::floor(std::log10(scale))));
}

/// `v` with `decimals`; thousands separated when shown whole.
std::string number(double v, int decimals) {
  if (!std::isfinite(v)) return "–";
  if (decimals > 0) {
    std::string out = fmt::format("{:.{}f}", v, decimals);
    if (out.find_first_not_of("-0.") == std::string::npos && out[0] == '-') out.erase(0, 1);  // no "-0.00"
    return out;
  }
  const auto digits = fmt::format("{:.0f}", std::abs(v));
  std::string out = v < 0 && digits != "0" ? "-" : "";
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

/// The decimals for a mean and its interval: by the largest magnitude of the three.
int decimals_for(const MetricSummary& m, double scale = 1) {
  double big = 0;
  for (double v : {m.mean, m.lo, m.hi}) {
    if (std::isfinite(v)) big = std::max(big, std::abs(v * scale));
  }
  return decimals_for(big);
}

std::string plain_number(double v) { return number(v, decimals_for(v)); }

std::string unit_of(std::string_view name) {
  if (stats::metric_kind(name) != MetricKind::kDuration) return "";
  return name.find("_hours") != std::string_view::npos ? " h" : " min";
}

std::string pct1(double share) { return std::isfinite(share) ? fmt::format("{:.1f}", 100 * share) : "–"; }

std::string tier_label(int t) {
  return fmt::format("{} {}", scenario::tier_name(static_cast<scenario::Tier>(t)), report::tier_zh(t));
}

/// Columns padded to a width leave spaces at the ends of lines: drop them.
std::string without_trailing_spaces(const std::string& text) {
  std::string out;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    const bool newline = end != std::string::npos;
    if (!newline) end = text.size();
    std::size_t last = end;
    while (last > start && text[last - 1] == ' ') --last;
    out.append(text, start, last - start);
    if (newline) out += '\n';
    start = end + 1;
  }
  return out;
}

std::string report_line(const std::filesystem::path& file) {
  return fmt::format("report 报告: {}\n", file.string());
}

}  // namespace

std::size_t display_width(std::string_view text) {
  std::size_t w = 0;
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    std::size_t len = 1;
    char32_t cp = c;
    if (c >= 0xF0) {
      len = 4, cp = c & 0x07;
    } else if (c >= 0xE0) {
      len = 3, cp = c & 0x0F;
    } else if (c >= 0xC0) {
      len = 2, cp = c & 0x1F;
    }
    for (std::size_t k = 1; k < len && i + k < text.size(); ++k) cp = (cp << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
    i += len;
    if (c >= 0x80 && c < 0xC0) continue;  // a stray continuation byte
    // East Asian wide and full-width characters take two columns.
    const bool wide = (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
                      (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
                      (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
                      (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD);
    w += wide ? 2 : 1;
  }
  return w;
}

std::string pad(std::string_view text, std::size_t width) {
  std::string out(text);
  const std::size_t w = display_width(text);
  if (w < width) out.append(width - w, ' ');
  return out;
}

std::string value_text(const MetricSummary& m) {
  if (m.n == 0 || !std::isfinite(m.mean)) return "no data";
  const MetricKind kind = stats::metric_kind(m.name);
  if (kind == MetricKind::kShare) return fmt::format("{}% [{}, {}]", pct1(m.mean), pct1(m.lo), pct1(m.hi));
  const int d = decimals_for(m);
  return fmt::format("{}{} [{}, {}]", number(m.mean, d), unit_of(m.name), number(m.lo, d), number(m.hi, d));
}

std::string difference_text(const MetricSummary& d) {
  if (d.n == 0 || !std::isfinite(d.mean)) return "no data";
  const bool share = stats::metric_kind(d.name) == MetricKind::kShare;
  const double scale = share ? 100 : 1;  // shares in percentage points
  const int k = decimals_for(d, scale);
  std::string mean = number(d.mean * scale, k);
  if (d.mean > 0 && mean.find_first_not_of("0.,") != std::string::npos) mean = "+" + mean;
  return fmt::format("{}{} [{}, {}]", mean, share ? " points" : unit_of(d.name), number(d.lo * scale, k),
                     number(d.hi * scale, k));
}

std::string metric_label(std::string_view name) {
  const std::string zh = report::metric_zh(name);
  return zh.empty() ? std::string(name) : fmt::format("{} {}", zh, name);
}

namespace {

/// How a resolved difference reads for its metric (stats/metric_direction.hpp); nothing for
/// a metric with no good direction.
const char* verdict_words(stats::Verdict v) {
  switch (v) {
    case stats::Verdict::kBetter: return "better 改善";
    case stats::Verdict::kWorse: return "worse 变差";
    case stats::Verdict::kChanged:
    case stats::Verdict::kUnresolved: break;
  }
  return "";
}

}  // namespace

std::string goals_text(const stats::RunResult& run) {
  std::string out = fmt::format("Goals and national targets 三个目标与国家指标 (mean [95% CI], {} replications)\n",
                                run.replications);
  for (const auto& g : report::goals()) {
    const MetricSummary* m = find(run.metrics, g.metric);
    const report::GoalStatus st = report::goal_status(m, g.target);
    const std::string target = g.target ? fmt::format("target {:.0f}%: {}", 100 * *g.target, report::goal_status_label(st))
                               : st == report::GoalStatus::kNoData ? ""
                                                                    : report::goal_status_label(st);
    out += fmt::format("  {}{}{}{}\n", pad(g.zh, 14), pad(g.metric, 28), pad(m ? value_text(*m) : "no data", 24), target);
  }
  return without_trailing_spaces(out);
}

std::string run_summary_text(const stats::RunResult& run, const scenario::Scenario& s,
                             const analytic::Analysis* analysis, const std::filesystem::path& folder) {
  std::string out;
  const MetricSummary* created = find(run.metrics, "patients.created");
  out += fmt::format("{}: {} replications (seed {}), {} after a warm-up of {}{}\n\n", run.scenario, run.replications,
                     run.seed, report::duration_text(run.horizon), report::duration_text(run.warmup),
                     created ? fmt::format("; {} patients per replication (warm-up included)", plain_number(created->mean)) : "");
  out += goals_text(run);

  out += "\nWaits by tier 各级候诊时间 (in the queue; mean [95% CI], p90)\n";
  bool any_wait = false;
  for (int t = 0; t < scenario::kTierCount; ++t) {
    const std::string tier = scenario::tier_name(static_cast<scenario::Tier>(t));
    const MetricSummary* mean = find(run.metrics, "wait_minutes." + tier + ".mean");
    if (mean == nullptr || mean->n == 0) continue;
    const MetricSummary* p90 = find(run.metrics, "wait_minutes." + tier + ".p90");
    out += fmt::format("  {}{}{}\n", pad(tier_label(t), 24), pad(value_text(*mean), 26),
                       p90 && p90->n > 0 ? fmt::format("p90 {} min", plain_number(p90->mean)) : "");
    any_wait = true;
  }
  if (!any_wait) out += "  no visits recorded\n";

  // Busiest: by mean utilisation, the top five; beds beside them where the facility has some.
  std::vector<const MetricSummary*> util;
  for (const auto& m : run.metrics) {
    if (m.name.rfind("utilisation.", 0) == 0 && m.n > 0 && std::isfinite(m.mean)) util.push_back(&m);
  }
  std::stable_sort(util.begin(), util.end(), [](const auto* a, const auto* b) { return a->mean > b->mean; });
  std::map<std::string, std::string> tier_of;
  for (const auto& f : s.facilities) tier_of[f.id] = scenario::tier_name(f.tier);
  constexpr std::size_t kBusiest = 5;
  out += fmt::format("\nBusiest facilities 最繁忙的机构 (utilisation while open; * above {:.0f}%)\n", 100 * kBusy);
  if (util.empty()) out += "  none\n";
  for (std::size_t i = 0; i < util.size() && i < kBusiest; ++i) {
    const std::string id = util[i]->name.substr(std::string("utilisation.").size());
    const MetricSummary* beds = find(run.metrics, "bed_occupancy." + id);
    out += fmt::format("  {}{}{}{}{}\n", util[i]->mean > kBusy ? "* " : "  ", pad(id, 18), pad(tier_of[id], 10),
                       pad(value_text(*util[i]), 24),
                       beds && beds->n > 0 ? fmt::format("beds {}", value_text(*beds)) : "");
  }

  out += "\nAnalytic warnings 解析模型警告\n";
  if (analysis == nullptr || analysis->warnings.empty()) {
    out += "  none: every facility is stable in the analytic model\n";
  } else {
    for (std::size_t i = 0; i < analysis->warnings.size() && i < kMaxLines; ++i) {
      out += fmt::format("  {}\n", analysis->warnings[i]);
    }
    if (analysis->warnings.size() > kMaxLines) {
      out += fmt::format("  ... and {} more (all in report.html)\n", analysis->warnings.size() - kMaxLines);
    }
  }
  out += "\n" + report_line(folder / report::kReportHtml);
  return without_trailing_spaces(out);
}

std::string comparison_summary_text(const std::vector<experiment::CompareArm>& arms, const std::filesystem::path& folder) {
  const nlohmann::ordered_json j = experiment::comparison_json(arms);
  std::string out = fmt::format(
      "Paired differences 配对差异, each arm minus {} (common random numbers: {} replications, seed {}); "
      "only those whose 95% CI excludes 0\n",
      arms.empty() ? "" : arms.front().name, j.value("replications", 0), j.value("seed", std::uint64_t{0}));
  std::vector<std::string> order;  // goals first, then waits by tier, then the rest as listed
  for (const auto& g : report::goals()) order.emplace_back(g.metric);
  for (int t = 0; t < scenario::kTierCount; ++t) {
    order.push_back(fmt::format("wait_minutes.{}.mean", scenario::tier_name(static_cast<scenario::Tier>(t))));
  }
  for (const auto& [name, m] : j["metrics"].items()) {
    if (std::find(order.begin(), order.end(), name) == order.end()) order.push_back(name);
  }
  std::vector<std::string> goal_names;
  for (const auto& g : report::goals()) goal_names.emplace_back(g.metric);
  for (std::size_t arm = 1; arm < arms.size(); ++arm) {
    out += fmt::format("\n{} vs {}:\n", arms[arm].name, arms.front().name);
    struct Line {
      std::string label, difference, verdict;
    };
    std::vector<Line> lines;
    std::size_t more = 0;
    bool goal_differs = false;
    for (const auto& name : order) {
      if (!j["metrics"].contains(name)) continue;
      const auto& d = j["metrics"][name]["difference"][arm - 1];
      if (d["n"].get<int>() < 2 || d["mean"].is_null() || d["ci95"][0].is_null()) continue;
      MetricSummary s;
      s.name = name;
      s.mean = d["mean"].get<double>();
      s.lo = d["ci95"][0].get<double>();
      s.hi = d["ci95"][1].get<double>();
      s.n = d["n"].get<int>();
      if (!(s.lo > 0 || s.hi < 0)) continue;  // the interval includes 0: no difference shown
      goal_differs = goal_differs || std::find(goal_names.begin(), goal_names.end(), name) != goal_names.end();
      if (lines.size() == kMaxLines + 5) {
        ++more;
        continue;
      }
      lines.push_back({metric_label(name), difference_text(s), verdict_words(stats::difference_verdict(name, s.lo, s.hi, s.n))});
    }
    std::size_t width = 0;
    std::size_t diff_width = 0;
    for (const auto& l : lines) {
      width = std::max(width, display_width(l.label));
      diff_width = std::max(diff_width, display_width(l.difference));
    }
    if (!goal_differs) out += "  the goals and national targets: no significant difference\n";
    for (const auto& l : lines) out += fmt::format("  {}  {}  {}\n", pad(l.label, width), pad(l.difference, diff_width), l.verdict);
    if (lines.empty()) out += "  no metric differs significantly\n";
    if (more > 0) out += fmt::format("  ... and {} more in comparison.html\n", more);
  }
  out += "\n" + report_line(folder / "comparison.html");
  return without_trailing_spaces(out);
}

}  // namespace tiersim::cli
