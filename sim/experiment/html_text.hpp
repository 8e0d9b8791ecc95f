// Internal to sim/experiment: text helpers for the self-contained HTML pages of compare and
// warmup (escaping, numbers as a planner reads them).
#pragma once

#include <string>
#include <string_view>

namespace tiersim::experiment::detail {

/// Escapes &, <, >, " and ' for HTML text and attribute values.
[[nodiscard]] std::string html_escape(std::string_view text);

/// A number with about 4 significant digits ("0.1234", "12.35", "1235"); NaN as an en dash.
[[nodiscard]] std::string short_number(double value);

/// Shared page head: UTF-8, a title and a small stylesheet; no network resources.
[[nodiscard]] std::string page_head(std::string_view title, std::string_view extra_css = {});

}  // namespace tiersim::experiment::detail
