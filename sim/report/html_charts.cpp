// The shared pieces of report.html: metric look-ups, number formatting and the two SVG chart
// kinds. Charts use a viewBox and width 100%, so they scale with the window and print.
#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "report/html_parts.hpp"

namespace tiersim::report {

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char ch : text) {
    switch (ch) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += ch;
    }
  }
  return out;
}

}  // namespace tiersim::report

namespace tiersim::report::html {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
const char* const kDash = "–";

/// A "nice" axis maximum and tick step (1, 2, 2.5, 5 x 10^k) for a data maximum.
std::pair<double, double> nice_axis(double max_value) {
  if (!(max_value > 0) || !std::isfinite(max_value)) return {1.0, 0.25};
  const double raw = max_value / 5.0;
  const double mag = std::pow(10.0, std::floor(std::log10(raw)));
  double step = mag;
  for (double f : {1.0, 2.0, 2.5, 5.0, 10.0}) {
    step = f * mag;
    if (step >= raw) break;
  }
  return {step * std::ceil(max_value / step - 1e-9), step};
}

}  // namespace

Context::Context(const stats::RunResult& r, const scenario::Scenario& sc, const analytic::Analysis* a)
    : run(r), s(sc), analysis(a) {
  for (const auto& m : run.metrics) by_name_.emplace(m.name, &m);
  for (const auto& f : s.facilities) villages_ += f.tier == scenario::Tier::kVillage ? 1 : 0;
  if (!run.reps.empty()) {
    const auto& fs = run.reps.front().facilities;
    for (std::size_t i = 0; i < fs.size(); ++i) facility_row_.emplace(fs[i].id, i);
  }
}

const stats::MetricSummary* Context::metric(std::string_view name) const {
  auto it = by_name_.find(std::string(name));
  if (it == by_name_.end() || it->second->n == 0 || !std::isfinite(it->second->mean)) return nullptr;
  return it->second;
}

double Context::facility_mean(std::size_t facility, double stats::FacilityResult::*field) const {
  if (facility >= s.facilities.size()) return kNaN;
  auto it = facility_row_.find(s.facilities[facility].id);
  if (it == facility_row_.end()) return kNaN;
  double sum = 0;
  int n = 0;
  for (const auto& r : run.reps) {
    if (it->second >= r.facilities.size()) continue;
    const double v = r.facilities[it->second].*field;
    if (std::isfinite(v)) {
      sum += v;
      ++n;
    }
  }
  return n ? sum / n : kNaN;
}

double Context::facility_mean_count(std::size_t facility, std::uint64_t stats::FacilityResult::*field) const {
  if (facility >= s.facilities.size()) return kNaN;
  auto it = facility_row_.find(s.facilities[facility].id);
  if (it == facility_row_.end() || run.reps.empty()) return kNaN;
  double sum = 0;
  for (const auto& r : run.reps) {
    if (it->second < r.facilities.size()) sum += static_cast<double>(r.facilities[it->second].*field);
  }
  return sum / static_cast<double>(run.reps.size());
}

std::string fit_label(const std::string& text, std::size_t max_chars) {
  std::size_t chars = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      if (chars == max_chars) return text.substr(0, i) + "…";
      ++chars;
    }
  }
  return text;
}

std::string pct(double share, int decimals) {
  if (!std::isfinite(share)) return kDash;
  return fmt::format("{:.{}f}%", 100.0 * share, decimals);
}

std::string num(double value, int decimals) {
  if (!std::isfinite(value)) return kDash;
  return fmt::format("{:.{}f}", value, decimals);
}

std::string count(double value) {
  if (!std::isfinite(value)) return kDash;
  // Thousands separators by hand: fmt's locale-free {:L} would depend on the global locale.
  auto digits = fmt::format("{:.0f}", std::abs(value));
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return value < 0 ? "-" + out : out;
}

std::string with_ci(const stats::MetricSummary& m, bool percent, std::string_view unit) {
  if (percent) {
    if (m.n < 2) return fmt::format("{} (n = {})", pct(m.mean), m.n);
    return fmt::format("{} (95% CI {}–{})", pct(m.mean), num(100 * m.lo), pct(m.hi));
  }
  const std::string u = unit.empty() ? "" : fmt::format(" {}", unit);
  if (m.n < 2) return fmt::format("{}{} (n = {})", num(m.mean), u, m.n);
  return fmt::format("{}{} (95% CI {}–{})", num(m.mean), u, num(m.lo), num(m.hi));
}

std::string bar_chart_svg(const std::vector<BarRow>& rows, const BarChartOptions& o) {
  constexpr double kLabelW = 250, kBarW = 520, kValueW = 250, kRowH = 24, kTop = 8, kAxisH = 26;
  const double width = kLabelW + kBarW + kValueW;
  const double height = kTop + kRowH * static_cast<double>(rows.size()) + kAxisH;
  double data_max = 0;
  for (const auto& r : rows) {
    for (double v : {r.mean, r.hi, r.target.value_or(0)}) {
      if (std::isfinite(v)) data_max = std::max(data_max, v);
    }
  }
  if (o.threshold) data_max = std::max(data_max, *o.threshold);
  double axis_max = 0;
  double step = 0;
  if (o.percent) {
    axis_max = 1.0;
    step = 0.2;
  } else {
    std::tie(axis_max, step) = nice_axis(o.max > 0 ? o.max : data_max);
  }
  auto x = [&](double v) { return kLabelW + kBarW * std::clamp(v / axis_max, 0.0, 1.0); };

  std::string out = fmt::format(
      "<svg class=\"{}\" viewBox=\"0 0 {} {}\" width=\"100%\" role=\"img\" aria-label=\"{}\" "
      "xmlns=\"http://www.w3.org/2000/svg\">\n",
      o.css_class, width, height, html_escape(o.aria_label));
  // Grid and axis.
  const double axis_y = kTop + kRowH * static_cast<double>(rows.size());
  for (double t = 0; t <= axis_max + 1e-9; t += step) {
    out += fmt::format("<line class=\"grid\" x1=\"{0:.1f}\" x2=\"{0:.1f}\" y1=\"{1}\" y2=\"{2}\"/>", x(t), kTop,
                       axis_y);
    out += fmt::format("<text class=\"tick\" x=\"{:.1f}\" y=\"{}\" text-anchor=\"middle\">{}</text>\n", x(t),
                       axis_y + 16, o.percent ? fmt::format("{:.0f}%", 100 * t) : fmt::format("{:g}", t));
  }
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& r = rows[i];
    const double y = kTop + kRowH * static_cast<double>(i);
    const double mid = y + kRowH / 2;
    const std::string value = !r.value_text.empty() ? r.value_text : (o.percent ? pct(r.mean) : num(r.mean));
    out += fmt::format("<g class=\"row{}\"><title>{}</title>", r.alert ? " alert" : "",
                       html_escape(r.tooltip.empty() ? r.label + ": " + value : r.tooltip));
    out += fmt::format("<text class=\"label\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>", kLabelW - 8,
                       mid + 4, html_escape(fit_label(r.label, 34)));
    if (std::isfinite(r.mean)) {
      out += fmt::format("<rect class=\"bar\" x=\"{}\" y=\"{}\" width=\"{:.1f}\" height=\"{}\" rx=\"2\"/>", kLabelW,
                         y + 5, x(r.mean) - kLabelW, kRowH - 10);
      if (std::isfinite(r.lo) && std::isfinite(r.hi) && r.hi > r.lo) {
        out += fmt::format(
            "<path class=\"ci\" d=\"M{0:.1f} {2} V{3} M{0:.1f} {4} H{1:.1f} M{1:.1f} {2} V{3}\"/>", x(r.lo), x(r.hi),
            mid - 6, mid + 6, mid);
      }
    }
    if (r.target && std::isfinite(*r.target)) {
      out += fmt::format("<path class=\"target\" d=\"M{0:.1f} {1} V{2}\"/>", x(*r.target), y + 1, y + kRowH - 1);
    }
    out += fmt::format("<text class=\"value\" x=\"{}\" y=\"{}\">{}</text></g>\n", kLabelW + kBarW + 10, mid + 4,
                       html_escape(value));
  }
  if (o.threshold) {
    out += fmt::format(
        "<path class=\"threshold\" d=\"M{0:.1f} {1} V{2}\"/><text class=\"threshold-label\" x=\"{0:.1f}\" y=\"{1}\" "
        "dy=\"-1\" text-anchor=\"middle\">{3}</text>\n",
        x(*o.threshold), kTop + 2, axis_y, html_escape(o.threshold_label));
  }
  out += fmt::format("<line class=\"axis\" x1=\"{0}\" x2=\"{1}\" y1=\"{2}\" y2=\"{2}\"/>\n</svg>\n", kLabelW,
                     kLabelW + kBarW, axis_y);
  return out;
}

std::string histogram_svg(const std::vector<std::uint64_t>& counts, double bin_width,
                          const std::vector<TargetLine>& targets, const std::string& aria_label) {
  constexpr double kLeft = 48, kPlotW = 600, kRight = 20, kTop = 18, kPlotH = 150, kBottom = 34;
  std::uint64_t total = 0;
  for (auto v : counts) total += v;
  if (total == 0 || !(bin_width > 0)) return "<p class=\"note\">No patients in this replication set.</p>\n";
  // Draw up to the bin holding the 99.5th percentile (and every target), folding the rest in.
  std::size_t last = 0;
  std::uint64_t seen = 0;
  for (std::size_t i = 0; i < counts.size(); ++i) {
    seen += counts[i];
    last = i;
    if (static_cast<double>(seen) >= 0.995 * static_cast<double>(total)) break;
  }
  for (const auto& t : targets) {
    last = std::max(last, std::min(counts.size() - 1, static_cast<std::size_t>(t.minutes / bin_width) + 1));
  }
  std::vector<double> share(last + 1, 0.0);
  for (std::size_t i = 0; i < counts.size(); ++i) {
    share[std::min(i, last)] += static_cast<double>(counts[i]) / static_cast<double>(total);
  }
  const double max_share = *std::max_element(share.begin(), share.end());
  const auto [y_max, y_step] = nice_axis(max_share);
  const double x_max = bin_width * static_cast<double>(last + 1);
  auto xp = [&](double minutes) { return kLeft + kPlotW * minutes / x_max; };
  auto yp = [&](double s) { return kTop + kPlotH * (1.0 - s / y_max); };

  std::string out = fmt::format(
      "<svg class=\"hist\" viewBox=\"0 0 {} {}\" width=\"100%\" role=\"img\" aria-label=\"{}\" "
      "xmlns=\"http://www.w3.org/2000/svg\">\n",
      kLeft + kPlotW + kRight, kTop + kPlotH + kBottom, html_escape(aria_label));
  for (double t = 0; t <= y_max + 1e-12; t += y_step) {
    out += fmt::format(
        "<line class=\"grid\" x1=\"{0}\" x2=\"{1}\" y1=\"{2:.1f}\" y2=\"{2:.1f}\"/><text class=\"tick\" x=\"{3}\" "
        "y=\"{4:.1f}\" text-anchor=\"end\">{5:.0f}%</text>\n",
        kLeft, kLeft + kPlotW, yp(t), kLeft - 6, yp(t) + 4, 100 * t);
  }
  for (std::size_t i = 0; i <= last; ++i) {
    const double x0 = xp(bin_width * static_cast<double>(i));
    const double x1 = xp(bin_width * static_cast<double>(i + 1));
    const bool open = i == last && last + 1 < counts.size();
    out += fmt::format(
        "<rect class=\"hbar\" x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\"><title>{}–{} min: "
        "{}</title></rect>",
        x0 + 0.5, yp(share[i]), std::max(0.5, x1 - x0 - 1), kPlotH + kTop - yp(share[i]),
        bin_width * static_cast<double>(i), open ? std::string("…") : fmt::format("{:g}", bin_width * (i + 1.0)),
        pct(share[i]));
  }
  // x ticks at a nice step.
  const auto [x_axis_max, x_step] = nice_axis(x_max);
  (void)x_axis_max;
  for (double t = 0; t <= x_max + 1e-9; t += x_step) {
    out += fmt::format("<text class=\"tick\" x=\"{:.1f}\" y=\"{}\" text-anchor=\"middle\">{:g}</text>", xp(t),
                       kTop + kPlotH + 16, t);
  }
  out += fmt::format("<text class=\"tick\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">minutes</text>\n",
                     kLeft + kPlotW / 2, kTop + kPlotH + 31);
  for (const auto& t : targets) {
    out += fmt::format(
        "<path class=\"target\" d=\"M{0:.1f} {1} V{2}\"/><text class=\"target-label\" x=\"{0:.1f}\" y=\"{3}\" "
        "dx=\"4\">{4}</text>\n",
        xp(t.minutes), kTop, kTop + kPlotH, kTop + 10, html_escape(t.label));
  }
  out += fmt::format("<line class=\"axis\" x1=\"{0}\" x2=\"{1}\" y1=\"{2}\" y2=\"{2}\"/>\n</svg>\n", kLeft,
                     kLeft + kPlotW, kTop + kPlotH);
  return out;
}

}  // namespace tiersim::report::html
