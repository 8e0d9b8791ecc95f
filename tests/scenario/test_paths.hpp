// File: tests/scenario/test_paths.hpp
// Paths of the scenario files used by the loader tests, and a helper that returns the
// message of the ScenarioError a load throws.
#pragma once

#include <functional>
#include <string>

#include "tiersim/error.hpp"

namespace tiersim::testing {

inline std::string scenarios_dir() { return std::string(TIERSIM_SOURCE_DIR) + "/scenarios/"; }

/// The what() of the ScenarioError thrown by `f`, or "" (the test then fails on the compare).
inline std::string scenario_error(const std::function<void()>& f) {
  try {
    f();
  } catch (const ScenarioError& e) {
    return e.what();
  }
  return "";
}

}  // namespace tiersim::testing
