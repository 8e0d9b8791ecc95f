#include "experiment/html_text.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "tiersim/report/metric_labels.hpp"
#include "tiersim/stats/metric_direction.hpp"
#include "tiersim/stats/metric_range.hpp"

namespace tiersim::experiment::detail {

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string short_number(double v) {
  if (!std::isfinite(v)) return "\u2013";
  if (v == 0) return "0";
  const double a = std::fabs(v);
  if (a >= 1e6 || a < 1e-3) return fmt::format("{:.3e}", v);
  if (a >= 1000) return fmt::format("{:.0f}", v);
  if (a >= 100) return fmt::format("{:.1f}", v);
  if (a >= 10) return fmt::format("{:.2f}", v);
  if (a >= 1) return fmt::format("{:.3f}", v);
  return fmt::format("{:.4f}", v);
}

namespace {

bool is_share(std::string_view name) { return stats::metric_kind(name) == stats::MetricKind::kShare; }

/// Decimals for a percentage (or percentage points) whose largest magnitude is `big`: one
/// from 1 upwards (87.3%, +2.3 pp), more below so that a small value keeps two digits.
int percent_decimals(double big) {
  if (!(big > 0) || big >= 1) return 1;
  return std::min(4, 1 - static_cast<int>(std::floor(std::log10(big))));
}

double largest(const stats::MetricSummary& s, double scale) {
  double big = 0;
  for (double v : {s.mean, s.lo, s.hi}) {
    if (std::isfinite(v)) big = std::max(big, std::abs(v * scale));
  }
  return big;
}

std::string fixed(double v, int decimals) {
  if (!std::isfinite(v)) return "\u2013";
  std::string out = fmt::format("{:.{}f}", v, decimals);
  if (out.find_first_not_of("-0.") == std::string::npos && out[0] == '-') out.erase(0, 1);  // no "-0.0"
  return out;
}

}  // namespace

std::string metric_name_cell(std::string_view name) {
  const std::string zh = report::metric_zh(name);
  if (zh.empty()) return fmt::format("<td class=\"name\">{}</td>", html_escape(name));
  return fmt::format("<td class=\"name\">{}<br><span class=\"zh\">{}</span></td>", html_escape(name), html_escape(zh));
}

std::string value_cell(const stats::MetricSummary* s) {
  if (s == nullptr || s->n == 0) return "<td>\u2013</td>";
  if (is_share(s->name)) {
    const int d = percent_decimals(largest(*s, 100));
    return fmt::format("<td>{}%<br><span class=\"ci\">[{}, {}] n={}</span></td>", fixed(100 * s->mean, d),
                       fixed(100 * s->lo, d), fixed(100 * s->hi, d), s->n);
  }
  return fmt::format("<td>{}<br><span class=\"ci\">[{}, {}] n={}</span></td>", short_number(s->mean),
                     short_number(s->lo), short_number(s->hi), s->n);
}

std::string difference_cell(const stats::MetricSummary& d, bool with_n) {
  if (d.n == 0) return "<td>\u2013</td>";
  const char* cls = "";
  switch (stats::difference_verdict(d.name, d.lo, d.hi, d.n)) {
    case stats::Verdict::kBetter: cls = " class=\"better\""; break;
    case stats::Verdict::kWorse: cls = " class=\"worse\""; break;
    case stats::Verdict::kChanged: cls = " class=\"changed\""; break;
    case stats::Verdict::kUnresolved: break;
  }
  const std::string n = with_n ? fmt::format(" n={}", d.n) : std::string();
  if (is_share(d.name)) {
    const int k = percent_decimals(largest(d, 100));
    std::string mean = fixed(100 * d.mean, k);
    if (d.mean > 0 && mean.find_first_not_of("0.") != std::string::npos) mean = "+" + mean;
    return fmt::format("<td{}>{} pp<br><span class=\"ci\">[{}, {}] pp{}</span></td>", cls, mean, fixed(100 * d.lo, k),
                       fixed(100 * d.hi, k), n);
  }
  return fmt::format("<td{}>{}{}<br><span class=\"ci\">[{}, {}]{}</span></td>", cls, d.mean > 0 ? "+" : "",
                     short_number(d.mean), short_number(d.lo), short_number(d.hi), n);
}

std::string_view difference_css() {
  return "td.better{background:#e3f1e3;font-weight:600} td.worse{background:#fbe4e1;font-weight:600}\n"
         "td.changed{background:#e8edf5;font-weight:600} .zh{color:#555;font-family:system-ui,'Noto Sans CJK SC',"
         "sans-serif;font-size:12px}\n";
}

std::string_view difference_legend() {
  return "A difference is coloured once its whole 95% interval excludes 0: <span style=\"background:#e3f1e3\">green</span> "
         "when it is better for the metric (a higher goal share, a shorter wait, fewer patients leaving unseen), "
         "<span style=\"background:#fbe4e1\">red</span> when it is worse, <span style=\"background:#e8edf5\">blue-grey"
         "</span> for a metric that is neither better nor worse in itself (a utilisation, a count of referrals). "
         "Shares are in %, their differences in percentage points (pp).";
}

std::string page_head(std::string_view title, std::string_view extra_css) {
  return fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>\n"
      "body{{font-family:system-ui,-apple-system,'Segoe UI','Noto Sans CJK SC',sans-serif;margin:24px;color:#222;"
      "max-width:1200px}}\n"
      "h1{{font-size:22px}} h2{{font-size:18px;margin-top:28px}}\n"
      "table{{border-collapse:collapse;font-size:13px}} th,td{{border-bottom:1px solid #ddd;padding:3px 8px;"
      "text-align:right;vertical-align:top}}\n"
      "th{{background:#f4f4f4}} td.name,th.name{{text-align:left;font-family:ui-monospace,monospace}}\n"
      "tr.group td{{background:#fafafa;font-weight:600;text-align:left}}\n"
      ".ci{{color:#666;font-size:11px}} .note{{color:#555;font-size:13px}}\n"
      "{}\n</style>\n</head>\n<body>\n",
      html_escape(title), extra_css);
}

}  // namespace tiersim::experiment::detail
