// Marks to positions, and the diagnostics list. yaml-cpp counts lines and columns from 0 and
// its exceptions carry no file name: both are fixed here and nowhere else.
#include <algorithm>

#include <fmt/format.h>

#include "scenario/yaml/diag.hpp"

namespace tiersim::scenario::yaml {

namespace {
// More messages than this bury the first ones, which usually explain the rest.
constexpr std::size_t kMaxDiagnostics = 200;
}  // namespace

const Origin* Origins::add(const YAML::Node& node, Origin origin) {
  roots_.emplace_back(node, std::move(origin));
  return &roots_.back().second;
}

const Origin* Origins::find(const YAML::Node& node) const {
  // Latest first: an override registered after a file's subtree replaces it.
  for (auto it = roots_.rbegin(); it != roots_.rend(); ++it) {
    if (it->first.is(node)) return &it->second;
  }
  return nullptr;
}

YAML::Node get(const YAML::Node& map, const std::string& key) {
  if (map.IsMap()) {
    for (auto it = map.begin(); it != map.end(); ++it) {
      if (it->first.IsScalar() && it->first.Scalar() == key) return it->second;
    }
  }
  return YAML::Node(YAML::NodeType::Undefined);
}

Diagnostic make_diagnostic(const Origin& origin, const YAML::Mark& mark, std::string path, std::string message) {
  Diagnostic d;
  d.file = origin.file;
  d.path = std::move(path);
  d.message = std::move(message);
  if (origin.is_override) {
    d.line = origin.line;
    d.column = origin.column;
  } else if (!mark.is_null() && mark.line >= 0) {
    d.line = mark.line + 1;
    d.column = mark.column + 1;
  } else if (origin.line > 0) {
    // A node with no mark of its own in a file's subtree: a key a `set:` entry created.
    d.line = origin.line;
    d.column = origin.column;
  }
  if (!origin.label.empty()) d.message += fmt::format(" (from {})", origin.label);
  return d;
}

void Diagnostics::add(Diagnostic d) {
  // The same problem reached twice (a sweep checks many points of one base) is reported once.
  const bool seen = std::any_of(list_.begin(), list_.end(), [&](const Diagnostic& x) {
    return x.file == d.file && x.line == d.line && x.column == d.column && x.path == d.path && x.message == d.message;
  });
  if (!seen) list_.push_back(std::move(d));
}

void Diagnostics::throw_if_any() const {
  if (list_.empty()) return;
  if (list_.size() <= kMaxDiagnostics) throw ScenarioError(list_);
  std::vector<Diagnostic> first(list_.begin(), list_.begin() + kMaxDiagnostics);
  Diagnostic more;
  more.file = list_.front().file;
  more.message = fmt::format("... and {} more problems", list_.size() - kMaxDiagnostics);
  first.push_back(more);
  throw ScenarioError(first);
}

}  // namespace tiersim::scenario::yaml
