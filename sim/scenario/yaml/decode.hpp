// File: scenario/yaml/decode.hpp
// From a merged YAML tree (after `extends`, `set` and overrides) to a checked Scenario.
#pragma once

#include <optional>

#include "scenario/yaml/reader.hpp"

namespace tiersim::scenario::yaml {

/// Decodes and checks `root`; every problem goes to the reader's diagnostics. The result is
/// complete only when no diagnostic was added.
[[nodiscard]] Scenario decode_scenario(const Reader& r, const Cursor& root);

/// The position of a cursor for SourcePos (1-based; an override's own position).
[[nodiscard]] SourcePos source_pos(const Cursor& c);

}  // namespace tiersim::scenario::yaml
