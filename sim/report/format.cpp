#include "tiersim/report/format.hpp"

#include <cmath>

#include <fmt/format.h>

namespace tiersim::report {

std::string csv_field(std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(text);
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

std::string csv_number(double value) {
  if (!std::isfinite(value)) return {};
  return fmt::format("{}", value);
}

std::string duration_text(double minutes) {
  if (!std::isfinite(minutes) || minutes < 0) return fmt::format("{}min", minutes);
  const double whole = std::round(minutes);
  if (std::abs(minutes - whole) > 1e-9) return fmt::format("{}min", minutes);
  auto m = static_cast<long long>(whole);
  if (m == 0) return "0min";
  const long long days = m / 1440;
  m %= 1440;
  const long long hours = m / 60;
  m %= 60;
  std::string out;
  auto part = [&out](long long v, const char* unit) {
    if (v == 0) return;
    if (!out.empty()) out += ' ';
    out += fmt::format("{}{}", v, unit);
  };
  part(days, "d");
  part(hours, "h");
  part(m, "min");
  return out;
}

}  // namespace tiersim::report
