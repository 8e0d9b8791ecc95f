// File: scenario/yaml/load_impl.hpp
// The loader's internals shared by load.cpp and sweep.cpp: an override that knows where it
// was written, and loading with such overrides into a caller's diagnostics.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "scenario/yaml/diag.hpp"
#include "tiersim/scenario/load.hpp"

namespace tiersim::scenario::yaml {

/// An override with the place it was written (a `vary:` value of a sweep file), or a
/// programmatic one (origin.file "<override>").
struct PlacedOverride {
  std::string path;
  std::string yaml_value;
  Origin origin;
};

/// Loads `text` (named `display_name`), applies `overrides` and decodes. Problems go to
/// `diags`; the scenario is returned only when none were found.
[[nodiscard]] std::optional<Scenario> load_into(std::string_view text, const std::string& display_name,
                                                const std::vector<PlacedOverride>& overrides, Diagnostics& diags);

/// Programmatic overrides, each labelled with its path and value for messages.
[[nodiscard]] std::vector<PlacedOverride> place(const std::vector<Override>& overrides);

}  // namespace tiersim::scenario::yaml
