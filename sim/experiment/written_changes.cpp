// written_changes(): two scenarios that start from the same file differ only by what was
// written over it (top-level keys of extending files, `set:` entries, overrides), so that is
// what "What differs" shows: one `set:` entry that changes sixteen villages' lines in the
// resolved scenario is one row, as the user wrote it.
#include <algorithm>

#include "tiersim/experiment/compare.hpp"

namespace tiersim::experiment {

namespace {

/// The last value written at each path, in the order the paths were first written.
std::vector<const scenario::WrittenValue*> last_values(const scenario::Scenario& s) {
  std::vector<const scenario::WrittenValue*> out;
  for (const auto& w : s.written) {
    const auto it = std::find_if(out.begin(), out.end(), [&](const auto* o) { return o->path == w.path; });
    if (it == out.end()) {
      out.push_back(&w);
    } else {
      *it = &w;
    }
  }
  return out;
}

const scenario::WrittenValue* at(const std::vector<const scenario::WrittenValue*>& values, const std::string& path) {
  for (const auto* v : values) {
    if (v->path == path) return v;
  }
  return nullptr;
}

}  // namespace

std::optional<std::vector<WrittenChange>> written_changes(const scenario::Scenario& reference,
                                                          const scenario::Scenario& arm) {
  if (reference.root_file.empty() || reference.root_file != arm.root_file) return std::nullopt;
  const auto ref = last_values(reference);
  const auto mine = last_values(arm);
  std::vector<WrittenChange> out;
  for (const auto* v : mine) {
    const auto* r = at(ref, v->path);
    if (r != nullptr && r->value == v->value) continue;
    out.push_back({v->path, r ? std::optional<std::string>(r->value) : std::nullopt, v->value, v->where});
  }
  for (const auto* r : ref) {
    if (at(mine, r->path) == nullptr) out.push_back({r->path, r->value, std::nullopt, r->where});
  }
  return out;
}

}  // namespace tiersim::experiment
