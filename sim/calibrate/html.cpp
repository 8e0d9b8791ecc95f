// calibration.html: one self-contained page (inline SVG and CSS, no scripts, no network, a
// Content-Security-Policy that forbids loading anything): the warnings first, the fitted
// values with their intervals, observed vs simulated per target, the loss as the search went,
// and each parameter's loss curve (a flat curve is a parameter the targets cannot identify).
#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "experiment/html_text.hpp"
#include "tiersim/calibrate/calibrate.hpp"
#include "tiersim/version.hpp"

namespace tiersim::calibrate {

namespace {

using experiment::detail::html_escape;
using experiment::detail::short_number;

constexpr double kChi95 = 3.841458820694124;

struct Box {
  double w = 560, h = 220, left = 64, right = 16, top = 14, bottom = 36;
  double x0 = 0, x1 = 1, y0 = 0, y1 = 1;
  bool log_y = false;
  [[nodiscard]] double X(double v) const { return left + (v - x0) / (x1 - x0 == 0 ? 1 : x1 - x0) * (w - left - right); }
  [[nodiscard]] double Y(double v) const {
    const double a = log_y ? std::log10(std::max(v, 1e-12)) : v;
    const double b0 = log_y ? std::log10(std::max(y0, 1e-12)) : y0;
    const double b1 = log_y ? std::log10(std::max(y1, 1e-12)) : y1;
    return top + (1 - (a - b0) / (b1 - b0 == 0 ? 1 : b1 - b0)) * (h - top - bottom);
  }
};

std::string axes(const Box& b, const std::string& xlabel, const std::string& ylabel) {
  std::string s = fmt::format("<svg viewBox=\"0 0 {} {}\" width=\"{}\" height=\"{}\" role=\"img\">", b.w, b.h, b.w, b.h);
  s += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"#fcfcfc\" stroke=\"#ccc\"/>", b.left, b.top,
                   b.w - b.left - b.right, b.h - b.top - b.bottom);
  for (int i = 0; i <= 4; ++i) {
    const double xv = b.x0 + (b.x1 - b.x0) * i / 4;
    s += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"10\" text-anchor=\"middle\">{}</text>", b.X(xv),
                     b.h - b.bottom + 13, html_escape(short_number(xv)));
    double yv = b.y0 + (b.y1 - b.y0) * i / 4;
    if (b.log_y) yv = std::pow(10.0, std::log10(std::max(b.y0, 1e-12)) + (std::log10(std::max(b.y1, 1e-12)) - std::log10(std::max(b.y0, 1e-12))) * i / 4);
    s += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"10\" text-anchor=\"end\">{}</text>", b.left - 4,
                     b.Y(yv) + 3, html_escape(short_number(yv)));
  }
  s += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"11\" text-anchor=\"middle\">{}</text>",
                   (b.left + b.w - b.right) / 2, b.h - 4, html_escape(xlabel));
  s += fmt::format("<text x=\"12\" y=\"{:.1f}\" font-size=\"11\" text-anchor=\"middle\" transform=\"rotate(-90 12 {:.1f})\">{}</text>",
                   (b.top + b.h - b.bottom) / 2, (b.top + b.h - b.bottom) / 2, html_escape(ylabel));
  return s;
}

std::string target_row(const TargetResult& t) {
  // One scale per row: observed +/- 1.96 sd, and the simulated mean with its CI.
  const double o = t.target.value;
  const double s = t.target.sd;
  double lo = std::min(o - 2.5 * s, t.simulated.lo);
  double hi = std::max(o + 2.5 * s, t.simulated.hi);
  if (std::isfinite(t.simulated.mean)) {
    lo = std::min(lo, t.simulated.mean);
    hi = std::max(hi, t.simulated.mean);
  }
  if (!(hi > lo)) hi = lo + 1;
  Box b;
  b.w = 360;
  b.h = 34;
  b.left = 8;
  b.right = 8;
  b.top = 4;
  b.bottom = 4;
  b.x0 = lo - (hi - lo) * 0.05;
  b.x1 = hi + (hi - lo) * 0.05;
  std::string svg = fmt::format("<svg viewBox=\"0 0 {} {}\" width=\"{}\" height=\"{}\" role=\"img\">", b.w, b.h, b.w, b.h);
  svg += fmt::format("<rect x=\"{:.1f}\" y=\"6\" width=\"{:.1f}\" height=\"10\" fill=\"#d8e6f5\"/>", b.X(o - 1.96 * s),
                     b.X(o + 1.96 * s) - b.X(o - 1.96 * s));
  svg += fmt::format("<line x1=\"{0:.1f}\" x2=\"{0:.1f}\" y1=\"4\" y2=\"18\" stroke=\"#1f5fa8\" stroke-width=\"2\"/>", b.X(o));
  if (std::isfinite(t.simulated.mean)) {
    svg += fmt::format("<line x1=\"{:.1f}\" x2=\"{:.1f}\" y1=\"25\" y2=\"25\" stroke=\"#b3541e\" stroke-width=\"2\"/>",
                       b.X(t.simulated.lo), b.X(t.simulated.hi));
    svg += fmt::format("<circle cx=\"{:.1f}\" cy=\"25\" r=\"4\" fill=\"#b3541e\"/>", b.X(t.simulated.mean));
  }
  svg += "</svg>";
  const bool far = std::isfinite(t.z) && std::fabs(t.z) > 1.96;
  return fmt::format(
      "<tr><td class=\"name\">{}{}</td><td>{} <span class=\"ci\">sd {}</span></td><td>{}<br><span class=\"ci\">[{}, {}] "
      "n={}</span></td><td{}>{}</td><td>{}</td></tr>\n",
      html_escape(t.target.metric),
      t.target.source.empty() ? "" : "<br><span class=\"ci\">" + html_escape(t.target.source) + "</span>",
      short_number(o), short_number(s), short_number(t.simulated.mean), short_number(t.simulated.lo),
      short_number(t.simulated.hi), t.simulated.n, far ? " class=\"bad\"" : "", std::isfinite(t.z) ? fmt::format("{:+.2f}", t.z) : "\u2013",
      svg);
}

std::string loss_chart(const Result& r) {
  Box b;
  b.w = 720;
  b.log_y = true;
  b.x0 = 0;
  b.x1 = std::max<double>(1, static_cast<double>(r.history.size() - 1));
  double lmin = 1e300;
  double lmax = 0;
  for (const auto& e : r.history) {
    if (!std::isfinite(e.loss)) continue;
    lmin = std::min(lmin, std::max(e.loss, 1e-3));
    lmax = std::max(lmax, e.loss);
  }
  if (lmax <= 0) lmax = 1;
  if (lmin > lmax) lmin = lmax / 10;
  b.y0 = lmin / 1.5;
  b.y1 = lmax * 1.5;
  std::string s = axes(b, "evaluation (in the order made)", "loss (log scale)");
  std::string best_path;
  double best = 1e300;
  for (std::size_t i = 0; i < r.history.size(); ++i) {
    const auto& e = r.history[i];
    const char* colour = e.stage == "start" ? "#7a7a7a" : e.stage == "search" ? "#1f5fa8" : e.stage == "curve" ? "#b3541e" : "#3b8a3b";
    s += fmt::format("<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"2.5\" fill=\"{}\"/>", b.X(static_cast<double>(i)),
                     b.Y(std::max(e.loss, 1e-3)), colour);
    if ((e.stage == "start" || e.stage == "search") && e.loss < best) best = e.loss;
    if (best < 1e300) best_path += fmt::format("{}{:.1f},{:.1f}", best_path.empty() ? "M" : " L", b.X(static_cast<double>(i)), b.Y(std::max(best, 1e-3)));
  }
  s += fmt::format("<path d=\"{}\" fill=\"none\" stroke=\"#1f5fa8\" stroke-width=\"1.2\"/>", best_path);
  s += "</svg>";
  return s;
}

std::string curve_chart(const ParameterResult& p, const scenario::FreeParameter& fp, double best) {
  Box b;
  b.x0 = fp.low;
  b.x1 = fp.high;
  double lmax = best + kChi95 * 1.5;
  for (const auto& [v, l] : p.curve) {
    if (std::isfinite(l)) lmax = std::max(lmax, l);
  }
  b.y0 = 0;
  b.y1 = lmax * 1.05;
  std::string s = axes(b, fp.path + (fp.duration ? " (minutes)" : ""), "loss");
  s += fmt::format("<rect x=\"{:.1f}\" y=\"{}\" width=\"{:.1f}\" height=\"{}\" fill=\"#e3f1e3\"/>", b.X(p.low), b.top,
                   std::max(1.0, b.X(p.high) - b.X(p.low)), b.h - b.top - b.bottom);
  s += fmt::format("<line x1=\"{}\" x2=\"{}\" y1=\"{:.1f}\" y2=\"{:.1f}\" stroke=\"#3b8a3b\" stroke-dasharray=\"4 3\"/>", b.left,
                   b.w - b.right, b.Y(best + kChi95), b.Y(best + kChi95));
  std::string path;
  for (const auto& [v, l] : p.curve) {
    path += fmt::format("{}{:.1f},{:.1f}", path.empty() ? "M" : " L", b.X(v), b.Y(std::min(l, b.y1)));
  }
  s += fmt::format("<path d=\"{}\" fill=\"none\" stroke=\"#b3541e\" stroke-width=\"1.5\"/>", path);
  for (const auto& [v, l] : p.curve) {
    s += fmt::format("<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"2.5\" fill=\"#b3541e\"/>", b.X(v), b.Y(std::min(l, b.y1)));
  }
  s += fmt::format("<line x1=\"{0:.1f}\" x2=\"{0:.1f}\" y1=\"{1}\" y2=\"{2}\" stroke=\"#1f5fa8\" stroke-width=\"2\"/>",
                   b.X(p.value), b.top, b.h - b.bottom);
  s += "</svg>";
  return s;
}

}  // namespace

std::string calibration_html(const scenario::CalibrateFile& file, const Result& r) {
  std::string h = experiment::detail::page_head(
      "tiersim calibration",
      "td.bad{background:#fbe4e1;font-weight:600} .warn{background:#fff4d6;border-left:4px solid #d99a00;padding:6px "
      "10px;margin:8px 0} .chart{margin:6px 0 18px}");
  // The shared head has no CSP; insert one, as report.html has: nothing may be loaded.
  const std::string csp =
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n";
  if (const auto at = h.find("<title>"); at != std::string::npos) h.insert(at, csp);
  h += "<h1>Calibration <span class=\"note\">模型校准</span></h1>\n";
  h += fmt::format(
      "<p class=\"note\">{} against {}: {} free parameters, {} targets; {} evaluations of {} replications each (master "
      "seed {}, common random numbers), {} replications run; loss {} (the sum of squared z-scores, (simulated mean - "
      "observed) / sd); tiersim {}.</p>\n",
      html_escape(file.file), html_escape(file.base), file.free.size(), file.targets.size(), r.evaluations,
      file.replications, file.seed, r.replications_run, short_number(r.loss), kVersion);
  for (const auto& w : r.warnings) h += "<p class=\"warn\">Warning: " + html_escape(w) + "</p>\n";

  h += "<h2>Fitted values <span class=\"note\">校准值</span></h2>\n<table><tr><th class=\"name\">parameter</th><th>bounds</th>"
       "<th>fitted</th><th>95% interval</th><th class=\"name\">interval from</th><th>pinned down</th></tr>\n";
  for (std::size_t i = 0; i < r.parameters.size(); ++i) {
    const auto& p = r.parameters[i];
    const auto& fp = file.free[i];
    h += fmt::format("<tr><td class=\"name\">{}</td><td>[{}, {}]</td><td>{}</td><td>[{}, {}]</td><td class=\"name\">{}</td><td{}>{}</td></tr>\n",
                     html_escape(p.path), html_escape(fp.yaml_value(fp.low)), html_escape(fp.yaml_value(fp.high)),
                     html_escape(fp.yaml_value(p.value)), html_escape(fp.yaml_value(p.low)), html_escape(fp.yaml_value(p.high)),
                     html_escape(p.method), p.identified ? "" : " class=\"bad\"", p.identified ? "yes" : "no");
  }
  h += "</table>\n<p class=\"note\">The interval is where the loss, read as -2 log-likelihood (each observation normal with its "
       "sd), stays within 3.84 (chi-square, 1 degree of freedom, 95%) of its minimum: from a quadratic fit of the loss "
       "around the optimum (a finite-difference Hessian H over 5% of each range; covariance 2 H<sup>-1</sup>, so "
       "trade-offs between parameters widen it), or, where that fit is not a bowl, from the parameter's loss curve. "
       "Clipped to the bounds. The simulated means' own noise is not in it: with common random numbers it moves every "
       "point alike.</p>\n";

  h += "<h2>Observed vs simulated <span class=\"note\">观测值与模拟值</span></h2>\n<table><tr><th class=\"name\">metric</th>"
       "<th>observed</th><th>simulated (95% CI)</th><th>z</th><th>blue band: observed &plusmn; 1.96 sd; dot and bar: "
       "simulated mean and CI</th></tr>\n";
  for (const auto& t : r.targets) h += target_row(t);
  h += "</table>\n";

  h += "<h2>Loss over the search <span class=\"note\">搜索过程</span></h2>\n<div class=\"chart\">" + loss_chart(r) + "</div>\n";
  h += "<p class=\"note\">Grey: space-filling start (Halton points); blue: BOBYQA (NLopt), with the best loss so far as a "
       "line; orange: loss-curve points; green: quadratic-fit points.</p>\n";

  h += "<h2>Loss across each parameter's range <span class=\"note\">参数敏感性</span></h2>\n<p class=\"note\">The other "
       "parameters at their fitted values. Blue line: the fitted value; green band: its 95% interval; dashed: the minimum "
       "+ 3.84. A curve that never reaches the dashed line is a parameter the targets do not pin down.</p>\n";
  for (std::size_t i = 0; i < r.parameters.size(); ++i) {
    h += fmt::format("<h3 class=\"name\">{}</h3><div class=\"chart\">{}</div>\n", html_escape(r.parameters[i].path),
                     curve_chart(r.parameters[i], file.free[i], r.loss));
  }
  h += "</body>\n</html>\n";
  return h;
}

}  // namespace tiersim::calibrate
