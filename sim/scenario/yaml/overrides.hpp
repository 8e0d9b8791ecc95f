// File: scenario/yaml/overrides.hpp
// Applying `set:` entries and overrides to a YAML tree before decoding, so the decoder checks
// an overridden value like any other and its messages point at the override.
//
// A path is `key(.key)*` where each key may be followed by selectors `[2]` (a list index,
// from 0) or `[meiziwu]` (the list element whose `id`, or else `name`, is meiziwu). A missing
// mapping key is created; a list element must exist.
#pragma once

#include "scenario/yaml/diag.hpp"

namespace tiersim::scenario::yaml {

/// Sets `path` in `root` to `value` and registers `value` (and any mapping created on the
/// way) as coming from `origin`. Problems with the path are reported at `origin`.
/// Returns false when the path could not be followed.
bool apply_override(YAML::Node root, const std::string& path, const YAML::Node& value, const Origin& origin,
                    Origins& origins, Diagnostics& diags);

/// Checks the syntax of a path; returns an explanation of the first problem, or "".
[[nodiscard]] std::string override_path_problem(const std::string& path);

}  // namespace tiersim::scenario::yaml
