#include "tiersim/error.hpp"

#include <fmt/format.h>

namespace tiersim {

std::string Diagnostic::format() const {
  std::string out = file.empty() ? std::string("<scenario>") : file;
  if (line > 0) {
    out += fmt::format(":{}", line);
    if (column > 0) out += fmt::format(":{}", column);
  }
  out += ": ";
  if (!path.empty()) out += path + ": ";
  out += message;
  return out;
}

namespace {
std::string join(const std::vector<Diagnostic>& diagnostics) {
  std::string out;
  for (const auto& d : diagnostics) {
    if (!out.empty()) out += '\n';
    out += d.format();
  }
  return out;
}
}  // namespace

ScenarioError::ScenarioError(std::vector<Diagnostic> diagnostics)
    : Error(join(diagnostics)), diagnostics_(std::move(diagnostics)) {}

void fail_assertion(const char* condition, const char* message, const char* file, int line) {
  throw InternalError(fmt::format("internal error: invariant '{}' violated: {} ({}:{})", condition, message, file, line));
}

}  // namespace tiersim
