// Optimisation files (sim/optimize/README.md): reading and checking everything the file alone
// can tell, with every problem at its file:line:col, as scenario and sweep files are.
//
// Each decided value is checked by loading the base with that one value as an override placed
// at the value, so "a value a key cannot take" reads like a scenario error pointing at the
// optimisation file. A path is checked once, with its first value and its key's position, so an
// unknown path is reported once rather than once per value.
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <regex>

#include <fmt/format.h>

#include "scenario/yaml/durations.hpp"
#include "scenario/yaml/load_impl.hpp"
#include "scenario/yaml/overrides.hpp"
#include "scenario/yaml/reader.hpp"
#include "scenario/yaml/tree.hpp"
#include "tiersim/fwd.hpp"
#include "tiersim/scenario/optimize_file.hpp"

namespace tiersim::scenario {

namespace {

using yaml::Cursor;
using yaml::Origin;

const yaml::Keys kTop = {"optimize"};
const yaml::Keys kOptimize = {"base", "replications", "seed", "decide", "cost", "budget", "objective", "constraints", "select",
                               "search", "compass"};
const yaml::Keys kOptimizeRequired = {"base", "decide", "objective"};
const yaml::Keys kSelect = {"pcs", "indifference", "max_replications"};
const yaml::Keys kObjective = {"maximize", "minimize"};
const yaml::Keys kSearch = {"auto", "exhaustive", "compass"};  // OptimizeSearch's order
const yaml::Keys kCompass = {"samples", "replications", "stall"};

constexpr std::int64_t kSaturated = std::int64_t{1} << 62;
constexpr std::int64_t kMaxCombinations = 1'000'000;  // enumerated to count the plans within budget

std::string value_text(const YAML::Node& n) {
  YAML::Emitter e;
  e.SetMapFormat(YAML::Flow);
  e.SetSeqFormat(YAML::Flow);
  e << n;
  return e.c_str();
}

FilePlace place_of(const Cursor& c, const YAML::Node& node) {
  return FilePlace{c.origin ? c.origin->file : std::string(), node.Mark().line + 1, node.Mark().column + 1};
}

// `metric <= 30`, `metric >= 0.8 +- 0.01` (or ±). The metric is a dotted name as in
// replications.csv; the bound and tolerance plain numbers.
const std::regex& constraint_pattern() {
  static const std::regex re(R"(^\s*([A-Za-z_][A-Za-z0-9_.\-]*)\s*(<=|>=)\s*(\S+?)\s*(?:(?:\+-|\+/-|±)\s*(\S+))?\s*$)");
  return re;
}

struct Reading {
  OptimizeFile file;
  std::string base_text;
  std::string base_name;
};

void read_decisions(const yaml::Reader& r, const Cursor& decide, OptimizeFile& f) {
  if (!decide.node.IsMap()) {
    r.error(decide, fmt::format("expected a mapping of override paths to lists of values, got {}", yaml::show(decide.node)));
    return;
  }
  if (decide.node.size() == 0) r.error(decide, "expected at least one decision, got none");
  for (const Cursor& a : r.entries(decide)) {
    const std::string& p = a.key.Scalar();
    if (const std::string problem = yaml::override_path_problem(p); !problem.empty()) {
      r.error_at_key(a, problem);
      continue;
    }
    if (!a.node.IsSequence() || a.node.size() == 0) {
      r.error(a, fmt::format("expected a non-empty list of values, got {}", yaml::show(a.node)));
      continue;
    }
    OptimizeDecision d;
    d.path = p;
    d.where = place_of(a, a.key);
    bool all_durations = true;
    for (std::size_t i = 0; i < a.node.size(); ++i) {
      const YAML::Node v = a.node[i];
      const std::string text = value_text(v);
      if (std::find(d.values.begin(), d.values.end(), text) != d.values.end()) {
        r.error(r.element(a, i, fmt::format("[{}]", i)), fmt::format("expected each value once, got {} twice", text));
      }
      d.values.push_back(text);
      d.value_where.push_back(place_of(a, v));
      std::optional<double> number;
      bool is_duration = false;
      if (v.IsScalar() && v.Tag() != "!") {
        number = yaml::parse_number(v.Scalar());
        if (!number) {
          number = yaml::parse_duration(v.Scalar());
          is_duration = number.has_value();
        }
      }
      all_durations = all_durations && is_duration;
      d.numbers.push_back(number);
    }
    d.duration = all_durations;
    f.decisions.push_back(std::move(d));
  }
}

void read_costs(const yaml::Reader& r, const Cursor& cost, OptimizeFile& f) {
  if (!cost.node.IsDefined()) return;
  if (!cost.node.IsMap()) {
    r.error(cost, fmt::format("expected a mapping of decided paths to costs per unit, got {}", yaml::show(cost.node)));
    return;
  }
  for (const Cursor& c : r.entries(cost)) {
    const std::string& p = c.key.Scalar();
    auto it = std::find_if(f.decisions.begin(), f.decisions.end(), [&](const OptimizeDecision& d) { return d.path == p; });
    if (it == f.decisions.end()) {
      std::vector<std::string> paths;
      for (const auto& d : f.decisions) paths.push_back(d.path);
      r.error_at_key(c, fmt::format("expected a path of decide:, got \"{}\"{}", p, yaml::hint(p, paths)));
      continue;
    }
    const auto unit = r.number(c, 0, 1e300, "a cost per unit >= 0");
    if (!unit) continue;
    const bool numeric = std::all_of(it->numbers.begin(), it->numbers.end(), [](const auto& n) { return n.has_value(); });
    if (!numeric) {
      r.error_at_key(c, fmt::format("expected a decision whose values are all numbers or all durations (a cost is per "
                                    "unit), got {} taking {}",
                                    p, fmt::join(it->values, ", ")));
      continue;
    }
    if (!it->duration) {
      // Numbers and durations mixed: a number is not a duration and the other way round.
      for (std::size_t i = 0; i < it->values.size(); ++i) {
        if (!yaml::parse_number(it->values[i])) {
          r.error_at_key(c, fmt::format("expected a decision whose values are all numbers or all durations, got {} "
                                        "mixing them",
                                        p));
          break;
        }
      }
    } else if (std::any_of(it->numbers.begin(), it->numbers.end(), [](const auto& n) { return *n <= 0; })) {
      r.error_at_key(c, fmt::format("expected durations > 0 for a cost per occurrence a year, got {} taking {}", p,
                                    fmt::join(it->values, ", ")));
      continue;
    }
    it->unit_cost = *unit;
  }
}

void read_constraints(const yaml::Reader& r, const Cursor& list, OptimizeFile& f) {
  if (!list.node.IsDefined() || list.node.IsNull()) return;
  if (!list.node.IsSequence()) {
    r.error(list, fmt::format("expected a list of constraints such as \"wait_minutes.county.p90 <= 30\", got {}",
                              yaml::show(list.node)));
    return;
  }
  for (std::size_t i = 0; i < list.node.size(); ++i) {
    const Cursor c = r.element(list, i, fmt::format("[{}]", i));
    const std::string expected =
        "expected \"METRIC <= BOUND\" or \"METRIC >= BOUND\", optionally followed by \"+- TOLERANCE\"";
    if (!c.node.IsScalar()) {
      r.error(c, fmt::format("{}, got {}", expected, yaml::show(c.node)));
      continue;
    }
    const std::string text = c.node.Scalar();
    std::smatch m;
    if (!std::regex_match(text, m, constraint_pattern())) {
      r.error(c, fmt::format("{}, got {}", expected, yaml::show(c.node)));
      continue;
    }
    OptimizeConstraint k;
    k.text = text;
    k.metric = m[1].str();
    k.at_most = m[2].str() == "<=";
    const auto bound = yaml::parse_number(m[3].str());
    if (!bound) {
      r.error(c, fmt::format("expected a number as the bound, got \"{}\" in {}", m[3].str(), yaml::show(c.node)));
      continue;
    }
    k.bound = *bound;
    if (m[4].matched) {
      const auto tol = yaml::parse_number(m[4].str());
      if (!tol || !(*tol > 0)) {
        r.error(c, fmt::format("expected a tolerance > 0 after +-, got \"{}\" in {}", m[4].str(), yaml::show(c.node)));
        continue;
      }
      k.tolerance = *tol;
    } else if (k.bound == 0) {
      r.error(c, fmt::format("expected a tolerance for a bound of 0 (\"{} +- 0.5\", say), got none", text));
      continue;
    } else {
      k.tolerance = 0.01 * std::fabs(k.bound);  // documented default: 1% of the bound
    }
    k.where = place_of(c, c.node);
    f.constraints.push_back(std::move(k));
  }
}

void read_search(const yaml::Reader& r, const Cursor& op, OptimizeFile& f) {
  const Cursor s = r.child(op, "search");
  if (s.node.IsDefined()) {
    f.search_where = place_of(s, s.node);
    if (const auto k = r.choice(s, kSearch, "search method")) f.search = static_cast<OptimizeSearch>(*k);
  } else if (!f.decisions.empty()) {
    f.search_where = f.decisions.front().where;
  }
  const Cursor c = r.child(op, "compass");
  if (!c.node.IsDefined() || !r.mapping(c, kCompass)) return;
  if (f.search == OptimizeSearch::kExhaustive) {
    r.error_at_key(c, "expected no compass: settings with search: exhaustive, got some");
  }
  if (const Cursor v = r.child(c, "samples"); v.node.IsDefined()) f.compass.samples = static_cast<int>(r.whole(v, 1, 1000).value_or(5));
  if (const Cursor v = r.child(c, "replications"); v.node.IsDefined()) {
    f.compass.replications = r.whole(v, 1, 1'000'000'000).value_or(3000);
  }
  if (const Cursor v = r.child(c, "stall"); v.node.IsDefined()) f.compass.stall = static_cast<int>(r.whole(v, 1, 1'000'000).value_or(20));
}

std::optional<Reading> read_file(const std::string& path, yaml::Diagnostics& diags) {
  const auto text = yaml::read_file_text(path, Diagnostic{path, 0, 0, "", ""}, diags);
  if (!text) return std::nullopt;
  const Origin file_origin{path, false, 0, 0, {}};
  auto doc = yaml::parse_text(*text, file_origin, diags);
  if (!doc) return std::nullopt;
  yaml::Origins origins;
  const Origin* origin = origins.add(*doc, file_origin);
  yaml::Reader r(diags, origins);
  const Cursor root{*doc, "", origin, YAML::Node(YAML::NodeType::Undefined)};
  if (!r.mapping(root, kTop, kTop)) return std::nullopt;
  const Cursor op = r.child(root, "optimize");
  if (!op.node.IsDefined() || !r.mapping(op, kOptimize, kOptimizeRequired)) return std::nullopt;
  const std::size_t before = diags.size();
  Reading out;
  OptimizeFile& f = out.file;
  f.file = path;
  if (const Cursor c = r.child(op, "base"); c.node.IsDefined()) {
    if (const auto rel = r.text(c)) {
      f.base = (std::filesystem::path(path).parent_path() / *rel).lexically_normal().string();
      if (const auto t = yaml::read_file_text(f.base, yaml::make_diagnostic(*c.origin, c.node.Mark(), c.path, ""), diags)) {
        out.base_text = *t;
        out.base_name = f.base;
      }
    }
  }
  if (const Cursor c = r.child(op, "replications"); c.node.IsDefined()) {
    f.replications = static_cast<int>(r.whole(c, 2, 100'000).value_or(10));
  }
  bool seed_given = false;
  if (const Cursor c = r.child(op, "seed"); c.node.IsDefined()) {
    seed_given = true;
    f.seed = r.seed(c).value_or(0);
  }
  read_decisions(r, r.child(op, "decide"), f);
  read_costs(r, r.child(op, "cost"), f);
  if (const Cursor c = r.child(op, "budget"); c.node.IsDefined()) {
    f.budget_where = place_of(c, c.node);
    f.budget = r.number(c, 0, 1e300, "a budget >= 0");
    if (f.budget && std::none_of(f.decisions.begin(), f.decisions.end(), [](const auto& d) { return d.unit_cost.has_value(); })) {
      r.error_at_key(c, "expected cost: for at least one decision when a budget is given, got no costs");
    }
  }
  if (const Cursor c = r.child(op, "objective"); c.node.IsDefined()) {
    if (!c.node.IsMap() || c.node.size() != 1) {
      r.error(c, fmt::format("expected {{maximize: METRIC}} or {{minimize: METRIC}}, got {}", yaml::show(c.node)));
    } else if (r.mapping(c, kObjective)) {
      const Cursor e = r.entries(c).front();
      f.maximize = e.key.Scalar() == "maximize";
      f.objective_where = place_of(e, e.node);
      if (const auto m = r.text(e)) f.objective = *m;
    }
  }
  read_constraints(r, r.child(op, "constraints"), f);
  if (const Cursor s = r.child(op, "select"); s.node.IsDefined() && r.mapping(s, kSelect)) {
    if (const Cursor c = r.child(s, "pcs"); c.node.IsDefined()) {
      const auto v = r.number(c, 0.5, 0.9999, "a probability of correct selection 0.5-0.9999");
      if (v) f.pcs = *v;
    }
    if (const Cursor c = r.child(s, "indifference"); c.node.IsDefined()) {
      const auto v = r.number(c, 0, 1e300, "an indifference zone > 0 (in the objective's units)");
      if (v && *v > 0) f.indifference = *v;
      else if (v) r.error(c, fmt::format("expected an indifference zone > 0 (in the objective's units), got {}", yaml::show(c.node)));
    }
    if (const Cursor c = r.child(s, "max_replications"); c.node.IsDefined()) {
      f.max_replications = static_cast<int>(r.whole(c, 2, 1'000'000).value_or(100));
    }
  }
  read_search(r, op, f);
  if (f.max_replications < f.replications) {
    r.error(op, fmt::format("expected select.max_replications ({}) >= replications ({}), got fewer", f.max_replications,
                            f.replications));
  }
  if (diags.size() > before) return std::nullopt;
  if (!seed_given) f.seed = 0;  // filled from the base once it loads
  return out;
}

// The cheapest plan's cost: costs are separable, so the sum of each decision's cheapest value.
double cheapest(const OptimizeFile& f) {
  double total = 0;
  for (const auto& d : f.decisions) {
    if (!d.unit_cost) continue;
    double best = INFINITY;
    for (std::size_t i = 0; i < d.values.size(); ++i) best = std::min(best, *d.unit_cost * *cost_units(d, i));
    total += best;
  }
  return total;
}

// The scalar at an override path (`a.b[2].c`, `facilities[meiziwu].servers`) of a tree, or
// nothing. Read-only: the base's current value of a decision, for the report and its cost.
std::optional<std::string> scalar_at(YAML::Node node, const std::string& path) {
  std::size_t i = 0;
  while (i < path.size()) {
    if (path[i] == '.') {
      ++i;
      continue;
    }
    if (path[i] == '[') {
      const std::size_t close = path.find(']', i);
      if (close == std::string::npos || !node.IsSequence()) return std::nullopt;
      const std::string sel = path.substr(i + 1, close - i - 1);
      i = close + 1;
      const bool index = !sel.empty() && std::all_of(sel.begin(), sel.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
      YAML::Node found(YAML::NodeType::Undefined);
      for (std::size_t k = 0; k < node.size(); ++k) {
        const YAML::Node e = node[k];
        if (index ? k == std::stoul(sel) : (e.IsMap() && ((yaml::get(e, "id").IsScalar() && yaml::get(e, "id").Scalar() == sel) ||
                                                          (!yaml::get(e, "id").IsDefined() && yaml::get(e, "name").IsScalar() &&
                                                           yaml::get(e, "name").Scalar() == sel)))) {
          found.reset(e);
          break;
        }
      }
      if (!found.IsDefined()) return std::nullopt;
      node.reset(found);
      continue;
    }
    const std::size_t end = path.find_first_of(".[", i);
    const std::string key = path.substr(i, end == std::string::npos ? std::string::npos : end - i);
    i = end == std::string::npos ? path.size() : end;
    if (!node.IsMap()) return std::nullopt;
    const YAML::Node next = yaml::get(node, key);
    if (!next.IsDefined()) return std::nullopt;
    node.reset(next);
  }
  if (!node.IsScalar()) return std::nullopt;
  return node.Scalar();
}

}  // namespace

std::optional<double> cost_units(const OptimizeDecision& d, std::size_t value) {
  const auto& n = d.numbers.at(value);
  if (!n) return std::nullopt;
  return d.duration ? kYear / *n : *n;
}

double OptimizeFile::cost(const std::vector<std::size_t>& choice) const {
  double total = 0;
  for (std::size_t i = 0; i < decisions.size(); ++i) {
    if (decisions[i].unit_cost) total += *decisions[i].unit_cost * *cost_units(decisions[i], choice.at(i));
  }
  return total;
}

std::int64_t OptimizeFile::combinations() const {
  std::int64_t n = 1;
  for (const auto& d : decisions) {
    const auto k = static_cast<std::int64_t>(d.values.size());
    n = n > kSaturated / k ? kSaturated : n * k;
  }
  return n;
}

OptimizeFile load_optimize_file(const std::string& path) {
  yaml::Diagnostics diags;
  auto reading = read_file(path, diags);
  diags.throw_if_any();
  OptimizeFile f = std::move(reading->file);
  // The base is parsed once; every check below loads a copy of its tree. The base alone
  // first: its own problems are reported once.
  const yaml::Merged merged = yaml::merge_or_throw(reading->base_text, reading->base_name, diags);
  const auto base = yaml::load_into(merged, {}, diags);
  diags.throw_if_any();
  if (f.seed == 0) f.seed = base->seed;
  const YAML::Node resolved = YAML::Load(resolved_yaml(*base));
  bool costed = true;
  double base_cost = 0;
  for (const auto& d : f.decisions) {
    f.base_values.push_back(scalar_at(resolved, d.path));
    if (!d.unit_cost) continue;
    std::optional<double> v;
    if (f.base_values.back()) {
      v = d.duration ? yaml::parse_duration(*f.base_values.back()) : yaml::parse_number(*f.base_values.back());
    }
    if (v && d.duration && *v > 0) base_cost += *d.unit_cost * kYear / *v;
    else if (v && !d.duration) base_cost += *d.unit_cost * *v;
    else costed = false;
  }
  if (costed) f.base_cost = base_cost;
  for (const auto& d : f.decisions) {
    for (std::size_t i = 0; i < d.values.size(); ++i) {
      // The first value also checks the path, at the path's key; the others at themselves.
      const FilePlace& at = i == 0 ? d.where : d.value_where[i];
      const Origin origin{f.file, true, at.line, at.column, fmt::format("decide: {} = {}", d.path, d.values[i])};
      const std::size_t before = diags.size();
      (void)yaml::load_into(merged, {{d.path, d.values[i], origin}}, diags);
      if (i == 0 && diags.size() > before) break;
    }
  }
  diags.throw_if_any();
  if (f.combinations() > kMaxCombinations) {
    const auto& w = f.decisions.front().where;
    diags.add(Diagnostic{f.file, w.line, w.column, "optimize.decide",
                         fmt::format("expected at most {} combinations of values, got {}", kMaxCombinations, f.combinations())});
  } else if (f.budget && cheapest(f) > *f.budget) {
    diags.add(f.budget_where.at("optimize.budget",
                                fmt::format("expected a budget that at least one plan fits (the cheapest costs {}), got {}",
                                            cheapest(f), *f.budget)));
  }
  diags.throw_if_any();
  return f;
}

bool is_optimize_file(const std::string& path) { return file_kind(path) == FileKind::kOptimize; }

}  // namespace tiersim::scenario
