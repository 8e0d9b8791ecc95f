// File: tiersim/error.hpp
// The error types of tiersim. `Error` is bad input or a bad environment (exit status 2 for
// input, 1 for environment); `ScenarioError` carries every diagnostic found in a scenario file
// so the user sees all of them in one run; `InternalError` is a broken invariant: a bug.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace tiersim {

/// Bad input or environment. The CLI prints what() and exits 2 (input) or 1 (I/O).
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Failure to read or write a file the user named (disk full, permission): exit status 1.
class IoError : public Error {
 public:
  using Error::Error;
};

/// One problem in a scenario file. Line and column are 1-based; 0 means "unknown".
struct Diagnostic {
  std::string file;
  int line = 0;
  int column = 0;
  std::string path;     ///< YAML path, e.g. `facilities[meiziwu].servers`
  std::string message;  ///< e.g. `expected a whole number >= 0, got "six"`

  /// `file:line:col: path: message`, the GCC style editors jump to.
  [[nodiscard]] std::string format() const;
};

/// Every problem found while loading a scenario; what() lists them one per line.
class ScenarioError : public Error {
 public:
  explicit ScenarioError(std::vector<Diagnostic> diagnostics);
  [[nodiscard]] const std::vector<Diagnostic>& diagnostics() const noexcept { return diagnostics_; }

 private:
  std::vector<Diagnostic> diagnostics_;
};

/// A broken engine invariant. Never caught inside the engine; the CLI exits 1.
class InternalError : public std::logic_error {
 public:
  using std::logic_error::logic_error;
};

[[noreturn]] void fail_assertion(const char* condition, const char* message, const char* file, int line);

}  // namespace tiersim

/// Checks an engine invariant in every build type; throws InternalError naming it.
#define TIERSIM_ASSERT(cond, message) \
  ((cond) ? static_cast<void>(0) : ::tiersim::fail_assertion(#cond, message, __FILE__, __LINE__))
