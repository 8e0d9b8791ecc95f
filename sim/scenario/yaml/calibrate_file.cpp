// Calibration files (sim/calibrate/README.md): reading the `calibrate:` block and checking
// what can be checked without a simulation. See tiersim/scenario/calibrate_file.hpp.
//
// Choices where the issue is silent:
// - `replications` and `seed` default to the base scenario's; `budget` (replications in all)
//   is optional, and whether it is large enough is checked against the search plan by the
//   calibrate library, at the `budget:` entry.
// - `set:` (optional) fixes overrides of the base before the free values are applied: the
//   targets files use it to set the horizon to the observation span.
// - A bound is a number or a duration (`[5min, 20min]`), both bounds of one kind, low < high.
//   Each bound is checked by loading the base with it, so the decoder's own message (and its
//   range) is reported at the bound; then a value between the bounds is tried too, because
//   the search is continuous: a key of whole numbers (servers, beds) is refused at the entry.
#include "tiersim/scenario/calibrate_file.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>

#include <fmt/format.h>

#include "scenario/yaml/durations.hpp"
#include "scenario/yaml/load_impl.hpp"
#include "scenario/yaml/overrides.hpp"
#include "scenario/yaml/reader.hpp"
#include "scenario/yaml/tree.hpp"

namespace tiersim::scenario {

std::string FreeParameter::yaml_value(double v) const {
  return duration ? fmt::format("{}min", v) : fmt::format("{}", v);
}

namespace {

const yaml::Keys kTop = {"calibrate"};
const yaml::Keys kCalibrate = {"base", "replications", "seed", "budget", "set", "free", "targets"};
const yaml::Keys kCalibrateRequired = {"base", "free", "targets"};
const yaml::Keys kTarget = {"value", "sd", "source"};
const yaml::Keys kTargetRequired = {"value", "sd"};

std::string value_text(const YAML::Node& n) {
  YAML::Emitter e;
  e.SetMapFormat(YAML::Flow);
  e.SetSeqFormat(YAML::Flow);
  e << n;
  return e.c_str();
}

SourcePos pos_of(const yaml::Origin& origin, const YAML::Mark& mark) {
  const Diagnostic d = yaml::make_diagnostic(origin, mark, "", "");
  return SourcePos{d.file, d.line, d.column};
}

yaml::Origin placed_at(const SourcePos& p, std::string label) { return yaml::Origin{p.file, true, p.line, p.column, std::move(label)}; }

// A bound: a number, or a duration in minutes (`is_duration` set).
std::optional<double> bound(const yaml::Reader& r, const yaml::Cursor& c, bool& is_duration) {
  if (c.node.IsScalar()) {
    if (const auto v = yaml::parse_number(c.node.Scalar())) {
      is_duration = false;
      return v;
    }
    if (const auto v = yaml::parse_duration(c.node.Scalar())) {
      is_duration = true;
      return v;
    }
  }
  r.error(c, fmt::format("expected a bound: a number or a duration (30min, 2h, 3d), got {}", yaml::show(c.node)));
  return std::nullopt;
}

struct Read {
  CalibrateFile file;
  std::string base_text;
  std::vector<yaml::PlacedOverride> fixed;
  bool replications_given = false;
  bool seed_given = false;
};

std::optional<Read> read(const std::string& path, yaml::Diagnostics& diags) {
  using namespace yaml;
  const auto text = read_file_text(path, Diagnostic{path, 0, 0, "", ""}, diags);
  if (!text) return std::nullopt;
  const Origin file_origin{path, false, 0, 0, {}};
  auto doc = parse_text(*text, file_origin, diags);
  if (!doc) return std::nullopt;
  Origins origins;
  const Origin* origin = origins.add(*doc, file_origin);
  Reader r(diags, origins);
  const Cursor root{*doc, "", origin, YAML::Node(YAML::NodeType::Undefined)};
  if (!r.mapping(root, kTop, kTop)) return std::nullopt;
  const Cursor cal = r.child(root, "calibrate");
  if (!cal.node.IsDefined() || !r.mapping(cal, kCalibrate, kCalibrateRequired)) return std::nullopt;
  const std::size_t before = diags.size();
  Read out;
  CalibrateFile& f = out.file;
  f.file = path;
  if (const Cursor c = r.child(cal, "base"); c.node.IsDefined()) {
    if (const auto rel = r.text(c)) {
      f.base = (std::filesystem::path(path).parent_path() / *rel).lexically_normal().string();
      const auto base_text = read_file_text(f.base, make_diagnostic(*c.origin, c.node.Mark(), c.path, ""), diags);
      if (base_text) out.base_text = *base_text;
    }
  }
  if (const Cursor c = r.child(cal, "replications"); c.node.IsDefined()) {
    f.replications = static_cast<int>(r.whole(c, 1, 1'000'000).value_or(5));
    out.replications_given = true;
  }
  if (const Cursor c = r.child(cal, "seed"); c.node.IsDefined()) {
    f.seed = r.seed(c).value_or(1);
    out.seed_given = true;
  }
  if (const Cursor c = r.child(cal, "budget"); c.node.IsDefined()) {
    f.budget = r.whole(c, 1, 1'000'000'000'000LL);
    f.budget_pos = pos_of(*c.origin, c.node.Mark());
  }
  if (const Cursor set = r.child(cal, "set"); set.node.IsDefined()) {
    if (!set.node.IsMap()) r.error(set, fmt::format("expected a mapping of paths to values, got {}", show(set.node)));
    for (const Cursor& e : r.entries(set)) {
      const std::string& p = e.key.Scalar();
      if (const std::string problem = override_path_problem(p); !problem.empty()) {
        r.error_at_key(e, problem);
        continue;
      }
      const std::string v = value_text(e.node);
      f.fixed.push_back({p, v});
      out.fixed.push_back({p, v, placed_at(pos_of(*e.origin, e.node.Mark()), fmt::format("set: {}", p))});
    }
  }
  const Cursor free = r.child(cal, "free");
  if (free.node.IsDefined()) {
    f.free_pos = pos_of(*free.origin, free.node.Mark());
    if (!free.node.IsMap()) {
      r.error(free, fmt::format("expected a mapping of paths to [low, high] bounds, got {}", show(free.node)));
    } else if (free.node.size() == 0) {
      r.error(free, "expected at least one free parameter (path: [low, high]), got none");
    }
  }
  for (const Cursor& e : r.entries(free)) {
    const std::string& p = e.key.Scalar();
    if (const std::string problem = override_path_problem(p); !problem.empty()) {
      r.error_at_key(e, problem);
      continue;
    }
    if (!e.node.IsSequence() || e.node.size() != 2) {
      r.error(e, fmt::format("expected bounds [low, high], got {}", show(e.node)));
      continue;
    }
    FreeParameter fp;
    fp.path = p;
    fp.pos = pos_of(*e.origin, e.key.Mark());
    const Cursor lo = r.element(e, 0, "[0]");
    const Cursor hi = r.element(e, 1, "[1]");
    bool lo_dur = false;
    bool hi_dur = false;
    const auto l = bound(r, lo, lo_dur);
    const auto h = bound(r, hi, hi_dur);
    if (!l || !h) continue;
    if (lo_dur != hi_dur) {
      r.error(hi, fmt::format("expected a {} like the low bound, got {}", lo_dur ? "duration" : "number", show(hi.node)));
      continue;
    }
    if (!(*l < *h)) {
      r.error(hi, fmt::format("expected a high bound above the low bound {}, got {}", lo.node.Scalar(), hi.node.Scalar()));
      continue;
    }
    fp.low = *l;
    fp.high = *h;
    fp.duration = lo_dur;
    fp.low_pos = pos_of(*lo.origin, lo.node.Mark());
    fp.high_pos = pos_of(*hi.origin, hi.node.Mark());
    if (std::any_of(f.free.begin(), f.free.end(), [&](const FreeParameter& x) { return x.path == p; })) {
      r.error_at_key(e, fmt::format("expected each path once, got \"{}\" again", p));
      continue;
    }
    f.free.push_back(fp);
  }
  const Cursor targets = r.child(cal, "targets");
  if (targets.node.IsDefined()) {
    if (!targets.node.IsMap()) {
      r.error(targets, fmt::format("expected a mapping of metric names to {{value, sd}}, got {}", show(targets.node)));
    } else if (targets.node.size() == 0) {
      r.error(targets, "expected at least one target (metric: {value, sd}), got none");
    }
  }
  for (const Cursor& e : r.entries(targets)) {
    if (!r.mapping(e, kTarget, kTargetRequired)) continue;
    Target t;
    t.metric = e.key.Scalar();
    t.pos = pos_of(*e.origin, e.key.Mark());
    const auto v = r.number(r.child(e, "value"), -1e300, 1e300, "a number");
    const Cursor sd_c = r.child(e, "sd");
    // A plain double and a flag: g++ 12 sees std::optional<double> here as maybe-uninitialized.
    double sd = 0;
    bool sd_ok = false;
    if (sd_c.node.IsDefined()) {
      if (const auto x = r.number(sd_c, -1e300, 1e300, "a number")) {
        sd = *x;
        sd_ok = sd > 0;
        if (!sd_ok) r.error(sd_c, fmt::format("expected a standard deviation > 0 (the z-score divides by it), got {}", sd_c.node.Scalar()));
      }
    }
    if (const Cursor s = r.child(e, "source"); s.node.IsDefined()) t.source = r.text(s).value_or("");
    if (!v || !sd_ok) continue;
    t.value = *v;
    t.sd = sd;
    f.targets.push_back(t);
  }
  if (diags.size() > before) return std::nullopt;
  return out;
}

}  // namespace

CalibrateFile load_calibrate_file(const std::string& path) {
  yaml::Diagnostics diags;
  auto loaded = read(path, diags);
  diags.throw_if_any();
  CalibrateFile f = loaded->file;
  // The base is parsed once; every check below loads a copy of its tree. The base with the
  // fixed `set:` first: its own problems are reported once.
  const yaml::Merged merged = yaml::merge_or_throw(loaded->base_text, f.base, diags);
  const auto base = yaml::load_into(merged, loaded->fixed, diags);
  diags.throw_if_any();
  if (!loaded->replications_given) f.replications = base->replications;
  if (!loaded->seed_given) f.seed = base->seed;
  f.base_name = base->name;
  // Each bound, and a value between them, on the base: the decoder's checks (a probability
  // in 0-1, a rate >= 0, ...) apply to the free values as to any other.
  for (const auto& p : f.free) {
    auto with = [&](double v, const SourcePos& at, const char* which) {
      auto placed = loaded->fixed;
      placed.push_back({p.path, p.yaml_value(v), placed_at(at, fmt::format("free: {} {} = {}", p.path, which, p.yaml_value(v)))});
      return placed;
    };
    // A problem of the path itself shows at both bounds: report it once, at the low one.
    auto bare = [](std::string m) {
      if (const auto cut = m.find(" (from "); cut != std::string::npos) m.resize(cut);
      return m;
    };
    yaml::Diagnostics lo_d;
    yaml::Diagnostics hi_d;
    (void)yaml::load_into(merged, with(p.low, p.low_pos, "low"), lo_d);
    (void)yaml::load_into(merged, with(p.high, p.high_pos, "high"), hi_d);
    for (const auto& d : lo_d.list()) diags.add(d);
    for (const auto& d : hi_d.list()) {
      const bool same = std::any_of(lo_d.list().begin(), lo_d.list().end(),
                                    [&](const Diagnostic& x) { return x.path == d.path && bare(x.message) == bare(d.message); });
      if (!same) diags.add(d);
    }
    if (!lo_d.empty() || !hi_d.empty()) continue;
    // 0.382: a value unlikely to be whole whatever the bounds.
    const double mid = p.low + (p.high - p.low) * 0.3819660112501051;
    yaml::Diagnostics probe;
    (void)yaml::load_into(merged, with(mid, p.pos, "between"), probe);
    if (!probe.empty()) {
      std::string why = probe.list().front().message;
      if (const auto cut = why.find(" (from "); cut != std::string::npos) why.resize(cut);
      diags.add(Diagnostic{p.pos.file, p.pos.line, p.pos.column, p.path,
                           fmt::format("expected a key that takes every value between its bounds (the search is "
                                       "continuous), got one that refuses {}: {}",
                                       p.yaml_value(mid), why)});
    }
  }
  diags.throw_if_any();
  return f;
}

bool is_calibrate_file(const std::string& path) { return file_kind(path) == FileKind::kCalibrate; }

}  // namespace tiersim::scenario
