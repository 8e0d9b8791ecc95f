// Duration text to minutes and back. See durations.hpp.
#include "scenario/yaml/durations.hpp"

#include <charconv>
#include <cmath>

#include <string>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "tiersim/fwd.hpp"

namespace tiersim::scenario::yaml {

namespace {

struct Unit {
  const char* suffix;
  double minutes;
};
// Largest first, for format_duration. Seconds divide (x / 60) rather than multiply by 1/60,
// which is inexact.
constexpr Unit kUnits[] = {{"y", kYear}, {"w", kWeek}, {"d", kDay}, {"h", kHour}, {"min", kMinute}, {"s", 0}};

double to_minutes(double value, const Unit& u) { return u.minutes == 0 ? value / 60.0 : value * u.minutes; }

}  // namespace

std::optional<double> parse_number(std::string_view text) {
  if (text.empty()) return std::nullopt;
  if (text.front() == '+') text.remove_prefix(1);
  double v = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v, std::chars_format::general);
  if (ec != std::errc() || ptr != text.data() + text.size() || !std::isfinite(v)) return std::nullopt;
  // from_chars accepts "inf"/"nan" spelled out; isfinite above refuses them.
  return v;
}

std::optional<double> parse_duration(std::string_view text) {
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  for (const Unit& u : kUnits) {
    const std::string_view suffix = u.suffix;
    if (text.size() <= suffix.size() || text.substr(text.size() - suffix.size()) != suffix) continue;
    std::string_view number = text.substr(0, text.size() - suffix.size());
    while (!number.empty() && number.back() == ' ') number.remove_suffix(1);
    // "min" ends in no other unit's suffix, but "30min" must not be read as "30mi" + "n": the
    // number must then parse whole, which "30mi" does not.
    if (const auto v = parse_number(number)) {
      // A finite number can still overflow in minutes ("1e308y"): refuse it like "inf".
      const double minutes = to_minutes(*v, u);
      return std::isfinite(minutes) ? std::optional<double>(minutes) : std::nullopt;
    }
  }
  return std::nullopt;
}

std::string format_duration(double minutes) {
  if (minutes == 0) return "0min";
  for (const Unit& u : kUnits) {
    const double per = u.minutes == 0 ? 1.0 / 60.0 : u.minutes;
    const double n = minutes / per;
    if (n != std::floor(n) || std::fabs(n) > 1e15) continue;
    if (to_minutes(n, u) != minutes) continue;
    return fmt::format("{}{}", n, u.suffix);
  }
  return fmt::format("{}min", minutes);
}

std::string format_distribution(const random::Distribution& d) {
  using random::DistKind;
  const auto& p = d.params();
  const auto dur = [](const char* key, double v) { return fmt::format(", {}: {}", key, format_duration(v)); };
  std::string body;
  switch (d.kind()) {
    case DistKind::kConstant: return format_duration(p[0]);
    case DistKind::kExponential: body = dur("mean", p[0]); break;
    case DistKind::kUniform: body = dur("min", p[0]) + dur("max", p[1]); break;
    case DistKind::kTriangular: body = dur("min", p[0]) + dur("mode", p[1]) + dur("max", p[2]); break;
    case DistKind::kNormal:
    case DistKind::kLognormal:
    case DistKind::kGamma: body = dur("mean", p[0]) + dur("sd", p[1]); break;
    case DistKind::kErlang: body = fmt::format(", k: {}", p[0]) + dur("mean", p[1]); break;
    case DistKind::kWeibull: body = fmt::format(", shape: {}", p[0]) + dur("scale", p[1]); break;
    case DistKind::kEmpirical: {
      std::vector<std::string> values;
      for (double v : d.values()) values.push_back(format_duration(v));
      body = fmt::format(", values: [{}], weights: [{}]", fmt::join(values, ", "), fmt::join(d.weights(), ", "));
      break;
    }
  }
  return fmt::format("{{dist: {}{}}}", random::dist_kind_name(d.kind()), body);
}

}  // namespace tiersim::scenario::yaml
