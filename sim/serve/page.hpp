// Internal to sim/serve: the workbench page, compiled into the binary (no file is read at run
// time, nothing comes from the network): the HTML shell, its script and its style sheet,
// served as /, /app.js and /app.css under a Content-Security-Policy that allows nothing else.
#pragma once

#include <string>
#include <string_view>

namespace tiersim::serve {

[[nodiscard]] std::string_view page_html();
[[nodiscard]] std::string_view page_js();
/// The workbench's own rules; the server serves them after report.html's (report_css()).
[[nodiscard]] std::string_view page_css();

/// The policy the page is served with: scripts, styles and requests from the server only.
inline constexpr const char* kPagePolicy =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

}  // namespace tiersim::serve
