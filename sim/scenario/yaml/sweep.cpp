// Sweep files (docs/SCENARIO.md, "Variants and sweeps"): loading, checking every point up
// front, and the fixed order of points.
//
// Order: grid points enumerate every combination with the last axis varying fastest (like
// nested loops written in file order). Random points: one RandomStream seeded with the
// sweep's `seed` draws, point after point and axis after axis in file order, an index
// uniformly from each axis's list (RandomStream::below), so the same file gives the same
// points everywhere. `replications` defaults to the base scenario's. At most 100,000 points
// (each is loaded and checked before anything runs).
#include <filesystem>

#include <fmt/format.h>

#include "scenario/yaml/keys.hpp"
#include "scenario/yaml/load_impl.hpp"
#include "scenario/yaml/overrides.hpp"
#include "scenario/yaml/tree.hpp"
#include "tiersim/random/stream.hpp"

namespace tiersim::scenario {

namespace {

constexpr std::size_t kMaxPoints = 100'000;

std::string value_text(const YAML::Node& n) {
  YAML::Emitter e;
  e.SetMapFormat(YAML::Flow);
  e.SetSeqFormat(YAML::Flow);
  e << n;
  return e.c_str();
}

struct Loaded {
  Sweep sweep;
  std::vector<std::vector<yaml::Origin>> value_origins;  // per axis, per value
  std::string base_text;
  bool replications_given = false;
};

}  // namespace

Scenario Sweep::load_point(const std::vector<Override>& overrides) const {
  return base_scenario ? load_scenario(*base_scenario, overrides) : load_scenario_file(base, overrides);
}

std::vector<std::vector<Override>> Sweep::points() const {
  std::vector<std::vector<Override>> out;
  if (axes.empty()) return out;
  if (design == SweepDesign::kRandom) {
    random::RandomStream rng(random_seed);
    for (int p = 0; p < random_points; ++p) {
      std::vector<Override> point;
      for (const auto& a : axes) point.push_back({a.path, a.values[rng.below(a.values.size())]});
      out.push_back(std::move(point));
    }
    return out;
  }
  std::vector<std::size_t> digit(axes.size(), 0);
  for (;;) {
    std::vector<Override> point;
    for (std::size_t i = 0; i < axes.size(); ++i) point.push_back({axes[i].path, axes[i].values[digit[i]]});
    out.push_back(std::move(point));
    std::size_t i = axes.size();
    while (i > 0) {
      --i;
      if (++digit[i] < axes[i].values.size()) break;
      digit[i] = 0;
      if (i == 0) return out;
    }
  }
}

namespace {

std::optional<Loaded> read_sweep(const std::string& path, yaml::Diagnostics& diags) {
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
  if (!r.mapping(root, keys::kSweepTop, keys::kSweepTop)) return std::nullopt;
  const Cursor sw = r.child(root, "sweep");
  if (!sw.node.IsDefined() || !r.mapping(sw, keys::kSweep, keys::kSweepRequired)) return std::nullopt;
  Loaded out;
  Sweep& s = out.sweep;
  s.file = path;
  const std::size_t before = diags.size();
  const Cursor base_c = r.child(sw, "base");
  if (const auto rel = base_c.node.IsDefined() ? r.text(base_c) : std::nullopt) {
    s.base = (std::filesystem::path(path).parent_path() / *rel).lexically_normal().string();
    const auto base_text = read_file_text(s.base, make_diagnostic(*base_c.origin, base_c.node.Mark(), base_c.path, ""), diags);
    if (base_text) out.base_text = *base_text;
  }
  if (const Cursor c = r.child(sw, "design"); c.node.IsDefined()) {
    if (const auto d = r.choice(c, {"grid", "random"}, "design (grid or random)")) s.design = *d == 0 ? SweepDesign::kGrid : SweepDesign::kRandom;
  }
  const Cursor n_c = r.child(sw, "n");
  if (s.design == SweepDesign::kRandom) {
    if (!n_c.node.IsDefined()) r.error(sw, "expected the required key 'n' (points of a random design), got no such key");
    else s.random_points = static_cast<int>(r.whole(n_c, 1, static_cast<long long>(kMaxPoints)).value_or(0));
    if (const Cursor c = r.child(sw, "seed"); c.node.IsDefined()) s.random_seed = r.seed(c).value_or(1);
  } else {
    if (n_c.node.IsDefined()) r.error_at_key(n_c, "expected 'n' only with design: random, got it with a grid");
    if (const Cursor c = r.child(sw, "seed"); c.node.IsDefined()) r.error_at_key(c, "expected 'seed' only with design: random, got it with a grid");
  }
  const Cursor reps = r.child(sw, "replications");
  out.replications_given = reps.node.IsDefined();
  if (reps.node.IsDefined()) s.replications = static_cast<int>(r.whole(reps, 1, 1'000'000).value_or(10));
  const Cursor vary = r.child(sw, "vary");
  if (vary.node.IsDefined() && !vary.node.IsMap()) r.error(vary, fmt::format("expected a mapping of paths to lists of values, got {}", show(vary.node)));
  if (vary.node.IsMap() && vary.node.size() == 0) r.error(vary, "expected at least one path to vary, got none");
  std::size_t grid = 1;
  for (const Cursor& a : r.entries(vary)) {
    const std::string& p = a.key.Scalar();
    if (const std::string problem = override_path_problem(p); !problem.empty()) {
      r.error_at_key(a, problem);
      continue;
    }
    if (!a.node.IsSequence() || a.node.size() == 0) {
      r.error(a, fmt::format("expected a non-empty list of values, got {}", show(a.node)));
      continue;
    }
    SweepAxis axis{p, {}};
    std::vector<Origin> where;
    for (std::size_t i = 0; i < a.node.size(); ++i) {
      const YAML::Node v = a.node[i];
      axis.values.push_back(value_text(v));
      where.push_back(Origin{path, true, v.Mark().line + 1, v.Mark().column + 1,
                             fmt::format("vary: {} = {}", p, axis.values.back())});
    }
    grid *= axis.values.size();
    if (grid > kMaxPoints) grid = kMaxPoints + 1;
    s.axes.push_back(std::move(axis));
    out.value_origins.push_back(std::move(where));
  }
  if (s.design == SweepDesign::kGrid && grid > kMaxPoints) {
    r.error(vary, fmt::format("expected a grid of at most {} points, got more", kMaxPoints));
  }
  if (diags.size() > before) return std::nullopt;
  return out;
}

}  // namespace

Sweep load_sweep_file(const std::string& path) {
  yaml::Diagnostics diags;
  auto loaded = read_sweep(path, diags);
  diags.throw_if_any();
  Sweep s = loaded->sweep;
  // The base is parsed and merged once; the base alone and every point are loaded from
  // copies of that tree. The base alone first: its own problems are reported once, not once
  // per point.
  s.base_scenario = yaml::make_base(yaml::merge_or_throw(loaded->base_text, s.base, diags));
  const yaml::Merged& base_tree = s.base_scenario->merged();
  const auto base = yaml::load_into(base_tree, {}, diags);
  diags.throw_if_any();
  if (!loaded->replications_given) s.replications = base->replications;
  const auto points = s.points();
  for (const auto& point : points) {
    std::vector<yaml::PlacedOverride> placed;
    for (std::size_t i = 0; i < point.size(); ++i) {
      const auto& values = s.axes[i].values;
      const auto j = static_cast<std::size_t>(std::find(values.begin(), values.end(), point[i].yaml_value) - values.begin());
      placed.push_back({point[i].path, point[i].yaml_value, loaded->value_origins[i][j]});
    }
    (void)yaml::load_into(base_tree, placed, diags);
  }
  diags.throw_if_any();
  return s;
}

bool is_sweep_file(const std::string& path) { return file_kind(path) == FileKind::kSweep; }

}  // namespace tiersim::scenario
