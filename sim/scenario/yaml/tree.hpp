// File: scenario/yaml/tree.hpp
// Turning text into a YAML tree safely: size, binary and nesting checks before yaml-cpp sees
// the text, syntax errors as diagnostics, then a walk for what yaml-cpp lets through
// (duplicate keys, NaN and infinities, alias bombs).
#pragma once

#include <optional>
#include <string_view>

#include "scenario/yaml/diag.hpp"

namespace tiersim::scenario::yaml {

/// Limits on input, chosen far above any real scenario (a county has a few hundred facilities).
inline constexpr std::size_t kMaxFileBytes = 16u << 20;   ///< 16 MiB
inline constexpr int kMaxDepth = 64;                      ///< nesting of mappings and lists
inline constexpr std::size_t kMaxNodes = 2'000'000;       ///< after alias expansion

/// Parses one YAML document. Problems go to `diags` (positions in `origin`); returns nullopt
/// when the text cannot be used at all. An empty document is reported as such when
/// `empty_is_error`, else returned as a null node.
[[nodiscard]] std::optional<YAML::Node> parse_text(std::string_view text, const Origin& origin, Diagnostics& diags,
                                                   bool empty_is_error = true);

/// Reads a file whole (refusing more than kMaxFileBytes). nullopt with a diagnostic when it
/// cannot be read; `where` positions that diagnostic (e.g. at the `extends:` naming the file).
[[nodiscard]] std::optional<std::string> read_file_text(const std::string& path, const Diagnostic& where,
                                                        Diagnostics& diags);

/// True when the scalar is written as a number (not quoted, parses whole as a finite or
/// non-finite decimal); used to show values and to refuse NaN.
[[nodiscard]] bool looks_numeric(const YAML::Node& scalar);

}  // namespace tiersim::scenario::yaml
