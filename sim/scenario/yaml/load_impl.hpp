// File: scenario/yaml/load_impl.hpp
// The loader's internals shared by load.cpp and sweep.cpp: an override that knows where it
// was written, a file merged once (ScenarioBase), and loading with such overrides into a
// caller's diagnostics.
#pragma once

#include <cstdint>
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

/// A file parsed and merged: its `extends:` chain followed and its `set:` applied, not yet
/// decoded. `origins` registers nodes of `tree` (and of the files merged into it).
struct Merged {
  std::string name;                  ///< display name of the file (Scenario::source_file)
  YAML::Node tree;
  Origins origins;
  std::string root;                  ///< Scenario::root_file
  std::vector<WrittenValue> written; ///< Scenario::written before any override
};

/// Parses `text` (named `display_name`) and merges it. Problems go to `diags`; nullopt when
/// the tree cannot be built.
[[nodiscard]] std::optional<Merged> merge_text(std::string_view text, const std::string& display_name,
                                               Diagnostics& diags);

/// merge_text for a caller that stops at the first problem: throws ScenarioError with what
/// `diags` holds after merging (or "could not be loaded" when it holds nothing).
[[nodiscard]] Merged merge_or_throw(std::string_view text, const std::string& display_name, Diagnostics& diags);

/// `m` made a ScenarioBase (shared, no longer changed).
[[nodiscard]] ScenarioBase make_base(Merged m);

/// A deep copy of `m` (tree_copy.hpp) whose origins register the copy's nodes: applying
/// overrides to it leaves `m` as it was.
[[nodiscard]] Merged copy_of(const Merged& m);

/// Applies `overrides` to `m`'s tree (which it changes: pass a copy to keep a base) and
/// decodes. Problems go to `diags`; the scenario is returned only when none were found.
[[nodiscard]] std::optional<Scenario> decode_merged(Merged m, const std::vector<PlacedOverride>& overrides,
                                                    Diagnostics& diags);

/// Loads `text` (named `display_name`), applies `overrides` and decodes. Problems go to
/// `diags`; the scenario is returned only when none were found.
[[nodiscard]] std::optional<Scenario> load_into(std::string_view text, const std::string& display_name,
                                                const std::vector<PlacedOverride>& overrides, Diagnostics& diags);

/// The same from a base merged once: a copy of its tree takes the overrides.
[[nodiscard]] std::optional<Scenario> load_into(const Merged& base, const std::vector<PlacedOverride>& overrides,
                                                Diagnostics& diags);

/// How many scenario documents merge_text() has parsed in this process (the file and each
/// file of its `extends:` chain count one each). Tests use it to check that a sweep parses
/// its base once, not once per point.
[[nodiscard]] std::uint64_t documents_merged() noexcept;

/// Programmatic overrides, each labelled with its path and value for messages.
[[nodiscard]] std::vector<PlacedOverride> place(const std::vector<Override>& overrides);

}  // namespace tiersim::scenario::yaml

namespace tiersim::scenario {
struct ScenarioBase::Merged : yaml::Merged {};
}  // namespace tiersim::scenario
