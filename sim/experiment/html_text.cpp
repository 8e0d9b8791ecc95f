#include "experiment/html_text.hpp"

#include <cmath>

#include <fmt/format.h>

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
