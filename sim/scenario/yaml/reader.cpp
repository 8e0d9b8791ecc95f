// Typed reading of YAML nodes. See reader.hpp.
#include "scenario/yaml/reader.hpp"

#include <charconv>
#include <cmath>

#include <fmt/format.h>

#include "scenario/yaml/durations.hpp"
#include "scenario/yaml/tree.hpp"

namespace tiersim::scenario::yaml {

namespace {

std::string child_path(const std::string& parent, const std::string& key) {
  return parent.empty() ? key : parent + "." + key;
}

const char* kDurationExamples = "30s, 45min, 2h, 3d, 1w, 1y";
constexpr double kMaxDuration = 1000 * kYear;  // every duration in a file, horizon included

}  // namespace

const Keys& tier_names() {
  static const Keys k = {"village", "township", "county", "regional"};
  return k;
}

const Keys& severity_names() {
  static const Keys k = {"minor", "moderate", "severe", "critical"};
  return k;
}

void Reader::error(const Cursor& c, std::string message) const {
  const YAML::Mark m = c.node.IsDefined() && !c.node.IsNull() ? c.node.Mark()
                       : c.key.IsDefined()                   ? c.key.Mark()
                                                             : c.node.Mark();
  diags_.add(*c.origin, m, c.path, std::move(message));
}

void Reader::error_at_key(const Cursor& c, std::string message) const {
  diags_.add(*c.origin, c.key.IsDefined() ? c.key.Mark() : c.node.Mark(), c.path, std::move(message));
}

Cursor Reader::child(const Cursor& map, const std::string& key) const {
  Cursor out{YAML::Node(YAML::NodeType::Undefined), child_path(map.path, key), map.origin, YAML::Node(YAML::NodeType::Undefined)};
  if (!map.node.IsMap()) return out;
  for (auto it = map.node.begin(); it != map.node.end(); ++it) {
    if (it->first.IsScalar() && it->first.Scalar() == key) {
      // reset(), not operator=: yaml-cpp's assignment would write through to (and merge the
      // memory of) the node assigned to, which is slow and not what is meant.
      out.node.reset(it->second);
      out.key.reset(it->first);
      if (const Origin* o = origins_.find(it->second)) out.origin = o;
      return out;
    }
  }
  return out;
}

Cursor Reader::element(const Cursor& list, std::size_t i, const std::string& suffix) const {
  Cursor out{list.node[i], list.path + suffix, list.origin, YAML::Node(YAML::NodeType::Undefined)};
  if (const Origin* o = origins_.find(out.node)) out.origin = o;
  return out;
}

std::vector<Cursor> Reader::entries(const Cursor& map) const {
  std::vector<Cursor> out;
  if (!map.node.IsMap()) return out;
  for (auto it = map.node.begin(); it != map.node.end(); ++it) {
    const std::string key = it->first.IsScalar() ? it->first.Scalar() : std::string("?");
    Cursor c{it->second, child_path(map.path, key), map.origin, it->first};
    if (const Origin* o = origins_.find(it->second)) c.origin = o;
    out.push_back(std::move(c));
  }
  return out;
}

bool Reader::mapping(const Cursor& c, const Keys& known, const Keys& required) const {
  if (!c.node.IsMap()) {
    error(c, fmt::format("expected a mapping, got {}", show(c.node)));
    return false;
  }
  for (const Cursor& e : entries(c)) {
    const std::string key = e.key.Scalar();
    if (std::find(known.begin(), known.end(), key) == known.end()) {
      error_at_key(e, fmt::format("unknown key \"{}\"{}", key, hint(key, known)));
    }
  }
  for (const std::string& k : required) {
    if (!child(c, k).node.IsDefined()) {
      error(c, fmt::format("expected the required key '{}', got no such key", k));
    }
  }
  return true;
}

bool Reader::list(const Cursor& c) const {
  if (!c.node.IsDefined() || c.node.IsSequence()) return true;
  error(c, fmt::format("expected a list, got {}", show(c.node)));
  return false;
}

std::optional<std::string> Reader::text(const Cursor& c) const {
  if (c.node.IsScalar() && !c.node.Scalar().empty()) return c.node.Scalar();
  error(c, fmt::format("expected text, got {}", show(c.node)));
  return std::nullopt;
}

std::optional<bool> Reader::boolean(const Cursor& c) const {
  if (c.node.IsScalar() && c.node.Tag() != "!") {
    const std::string& s = c.node.Scalar();
    if (s == "true" || s == "True" || s == "TRUE") return true;
    if (s == "false" || s == "False" || s == "FALSE") return false;
  }
  error(c, fmt::format("expected true or false, got {}", show(c.node)));
  return std::nullopt;
}

std::optional<double> Reader::number(const Cursor& c, double min, double max, const char* what) const {
  std::optional<double> v;
  if (c.node.IsScalar()) v = parse_number(c.node.Scalar());
  if (v && *v >= min && *v <= max) return v;
  if (!v && c.node.IsScalar() && parse_duration(c.node.Scalar())) {
    error(c, fmt::format("expected {} (a number without a unit), got {}", what, show(c.node)));
  } else {
    error(c, fmt::format("expected {}, got {}", what, show(c.node)));
  }
  return std::nullopt;
}

std::optional<long long> Reader::whole(const Cursor& c, long long min, long long max) const {
  const std::string what = max >= (1LL << 53) ? fmt::format("a whole number >= {}", min)
                                               : fmt::format("a whole number {}-{}", min, max);
  if (c.node.IsScalar()) {
    const std::string& s = c.node.Scalar();
    long long v = 0;
    const char* b = s.data() + (s.size() > 1 && s[0] == '+' ? 1 : 0);
    const auto [ptr, ec] = std::from_chars(b, s.data() + s.size(), v);
    if (ec == std::errc() && ptr == s.data() + s.size() && v >= min && v <= max) return v;
  }
  error(c, fmt::format("expected {}, got {}", what, show(c.node)));
  return std::nullopt;
}

std::optional<std::uint64_t> Reader::seed(const Cursor& c) const {
  if (c.node.IsScalar()) {
    const std::string& s = c.node.Scalar();
    std::uint64_t v = 0;
    const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec == std::errc() && ptr == s.data() + s.size()) return v;
  }
  error(c, fmt::format("expected a whole number 0-18446744073709551615, got {}", show(c.node)));
  return std::nullopt;
}

std::optional<int> Reader::level(const Cursor& c) const {
  if (c.node.IsScalar()) {
    const std::string& s = c.node.Scalar();
    if (s.size() == 1 && s[0] >= '0' && s[0] <= '3') return s[0] - '0';
  }
  error(c, fmt::format("expected a capability level 0-3, got {}", show(c.node)));
  return std::nullopt;
}

std::optional<double> Reader::duration(const Cursor& c, double min, bool strict) const {
  if (!c.node.IsScalar()) {
    error(c, fmt::format("expected a duration ({}), got {}", kDurationExamples, show(c.node)));
    return std::nullopt;
  }
  const auto v = parse_duration(c.node.Scalar());
  if (!v) {
    if (parse_number(c.node.Scalar())) {
      error(c, fmt::format("expected a duration with a unit ({}), got {} without a unit", kDurationExamples,
                           c.node.Scalar()));
    } else {
      error(c, fmt::format("expected a duration ({}), got {}", kDurationExamples, show(c.node)));
    }
    return std::nullopt;
  }
  if (*v < min || (strict && *v <= min)) {
    error(c, fmt::format("expected a duration {} {}, got {}", strict ? ">" : ">=", format_duration(min),
                         c.node.Scalar()));
    return std::nullopt;
  }
  // A limit far above any plan (horizons are years, services minutes to weeks): it keeps a run
  // finite and the distributions' moments (squares of durations) far from overflow.
  if (*v > kMaxDuration) {
    error(c, fmt::format("expected a duration of at most {} (the limit), got {}", format_duration(kMaxDuration),
                         c.node.Scalar()));
    return std::nullopt;
  }
  return v;
}

std::optional<int> Reader::choice(const Cursor& c, const Keys& names, const char* what) const {
  if (c.node.IsScalar()) {
    const auto it = std::find(names.begin(), names.end(), c.node.Scalar());
    if (it != names.end()) return static_cast<int>(it - names.begin());
    error(c, fmt::format("expected a {}, got {}{}", what, show(c.node), hint(c.node.Scalar(), names)));
    return std::nullopt;
  }
  error(c, fmt::format("expected a {}, got {}", what, show(c.node)));
  return std::nullopt;
}

std::optional<Distribution> Reader::distribution(const Cursor& c) const {
  if (c.node.IsScalar()) {
    const auto v = duration(c);
    if (!v) return std::nullopt;
    return Distribution::constant(*v);
  }
  if (!c.node.IsMap()) {
    error(c, fmt::format("expected a distribution ({{dist: ..., ...}} or a duration), got {}", show(c.node)));
    return std::nullopt;
  }
  static const Keys kKinds = {"constant", "exponential", "uniform", "triangular", "normal",
                              "lognormal", "gamma",      "erlang",  "weibull",    "empirical"};
  static const std::vector<Keys> kParams = {{"value"},        {"mean"},      {"min", "max"}, {"min", "mode", "max"},
                                            {"mean", "sd"},   {"mean", "sd"}, {"mean", "sd"}, {"k", "mean"},
                                            {"shape", "scale"}, {"values", "weights"}};
  const Cursor kind_c = child(c, "dist");
  if (!kind_c.node.IsDefined()) {
    mapping(c, {"dist", "value", "mean", "sd", "min", "mode", "max", "k", "shape", "scale", "values", "weights"});
    error(c, "expected the required key 'dist' (constant, exponential, uniform, triangular, normal, lognormal, "
             "gamma, erlang, weibull or empirical), got no such key");
    return std::nullopt;
  }
  const auto kind = choice(kind_c, kKinds, "distribution");
  if (!kind) return std::nullopt;
  const Keys& params = kParams[static_cast<std::size_t>(*kind)];
  Keys known = params;
  known.insert(known.begin(), "dist");
  if (!mapping(c, known, params)) return std::nullopt;
  for (const auto& p : params) {
    if (!child(c, p).node.IsDefined()) return std::nullopt;  // reported as missing
  }
  const std::size_t before = diags_.size();
  auto d = [&](const char* key) { return duration(child(c, key)).value_or(0); };
  try {
    switch (*kind) {
      case 0: { const double v = d("value"); if (diags_.size() == before) return Distribution::constant(v); break; }
      case 1: {
        const auto m = duration(child(c, "mean"), 0, true);
        if (m) return Distribution::exponential(*m);
        break;
      }
      case 2: {
        const double lo = d("min"), hi = d("max");
        if (diags_.size() != before) break;
        if (hi < lo) { error(child(c, "max"), fmt::format("expected a duration >= min ({}), got {}", format_duration(lo), child(c, "max").node.Scalar())); break; }
        return Distribution::uniform(lo, hi);
      }
      case 3: {
        const double lo = d("min"), mode = d("mode"), hi = d("max");
        if (diags_.size() != before) break;
        if (!(lo <= mode && mode <= hi && lo < hi)) {
          error(c, fmt::format("expected min <= mode <= max and min < max, got min {}, mode {}, max {}",
                               format_duration(lo), format_duration(mode), format_duration(hi)));
          break;
        }
        return Distribution::triangular(lo, mode, hi);
      }
      case 4: case 5: case 6: {
        const auto m = duration(child(c, "mean"), 0, true);
        const auto sd = duration(child(c, "sd"));
        if (!m || !sd) break;
        if (*kind == 4) return Distribution::normal(*m, *sd);
        if (*kind == 5) return Distribution::lognormal(*m, *sd);
        if (*sd <= 0) { error(child(c, "sd"), fmt::format("expected a duration > 0 for a gamma, got {}", child(c, "sd").node.Scalar())); break; }
        return Distribution::gamma(*m, *sd);
      }
      case 7: {
        const auto k = whole(child(c, "k"), 1, 1000);
        const auto m = duration(child(c, "mean"), 0, true);
        if (k && m) return Distribution::erlang(static_cast<int>(*k), *m);
        break;
      }
      case 8: {
        const auto shape = number(child(c, "shape"), 1e-3, 1e3, "a shape 0.001-1000");
        const auto scale = duration(child(c, "scale"), 0, true);
        if (shape && scale) return Distribution::weibull(*shape, *scale);
        break;
      }
      case 9: {
        const Cursor vc = child(c, "values"), wc = child(c, "weights");
        if (!vc.node.IsSequence() || vc.node.size() == 0) { error(vc, fmt::format("expected a non-empty list of durations, got {}", show(vc.node))); break; }
        if (!wc.node.IsSequence() || wc.node.size() != vc.node.size()) {
          error(wc, fmt::format("expected a list of {} weights (one per value), got {}", vc.node.size(),
                                wc.node.IsSequence() ? fmt::format("{} weights", wc.node.size()) : show(wc.node)));
          break;
        }
        std::vector<double> values, weights;
        double total = 0;
        for (std::size_t i = 0; i < vc.node.size(); ++i) {
          values.push_back(duration(element(vc, i, fmt::format("[{}]", i))).value_or(0));
          weights.push_back(number(element(wc, i, fmt::format("[{}]", i)), 0, 1e300, "a weight >= 0").value_or(0));
          total += weights.back();
        }
        if (diags_.size() != before) break;
        if (total <= 0) { error(wc, "expected at least one weight > 0, got all 0"); break; }
        return Distribution::empirical(std::move(values), std::move(weights));
      }
      default: break;
    }
  } catch (const Error& e) {
    // The factories check what the planner wrote too; their words are better than none.
    error(c, fmt::format("expected a valid distribution, got {} ({})", show(c.node), e.what()));
  }
  return std::nullopt;
}

std::optional<OpeningHours> Reader::hours(const Cursor& c) const {
  auto parse_hm = [](std::string_view s) -> std::optional<double> {
    if (s.size() != 5 || s[2] != ':') return std::nullopt;
    for (int i : {0, 1, 3, 4}) {
      if (s[static_cast<std::size_t>(i)] < '0' || s[static_cast<std::size_t>(i)] > '9') return std::nullopt;
    }
    const int h = (s[0] - '0') * 10 + (s[1] - '0'), m = (s[3] - '0') * 10 + (s[4] - '0');
    if (m > 59 || h > 24 || (h == 24 && m != 0)) return std::nullopt;
    return h * 60.0 + m;
  };
  if (c.node.IsScalar()) {
    const std::string& s = c.node.Scalar();
    const auto dash = s.find('-');
    if (dash != std::string::npos) {
      const auto open = parse_hm(std::string_view(s).substr(0, dash));
      const auto close = parse_hm(std::string_view(s).substr(dash + 1));
      if (open && close && *open < 24 * 60) {
        if (*open == *close) {
          error(c, fmt::format("expected opening hours that differ (\"00:00-24:00\" is always open), got {}", show(c.node)));
          return std::nullopt;
        }
        OpeningHours h;
        if (*open == 0 && *close == 24 * 60) return h;
        h.always = false;
        h.open = *open;
        h.close = *close == 24 * 60 ? 0 : *close;  // open until midnight: closes at 00:00
        if (h.close == 0) h.close = 24 * 60;
        return h;
      }
    }
  }
  error(c, fmt::format("expected opening hours \"HH:MM-HH:MM\" (e.g. \"08:00-20:00\"), got {}", show(c.node)));
  return std::nullopt;
}

}  // namespace tiersim::scenario::yaml
