// File: tests/fuzz/targets/fuzz_common.hpp
// What the fuzz targets share: the one rule that decides a finding. The loader's contract
// (tiersim/scenario/load.hpp) is "a checked value or tiersim::ScenarioError"; any other
// exception escaping it is a finding, and so is a crash, a hang or a sanitizer report, which
// libFuzzer and the sanitizers catch by themselves.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <typeinfo>

#include "tiersim/error.hpp"

namespace tiersim::fuzz {

/// Stops the fuzzer with a readable message (abort() makes libFuzzer save the input).
[[noreturn]] inline void finding(const std::string& what) {
  std::fprintf(stderr, "FUZZ FINDING: %s\n", what.c_str());
  std::abort();
}

/// Runs `f`; a tiersim::ScenarioError is the clean rejection, anything else thrown is a finding.
template <class F>
void expect_clean(const char* what, F&& f) {
  try {
    f();
  } catch (const tiersim::ScenarioError&) {
    // the documented rejection of a bad file
  } catch (const tiersim::Error& e) {
    // other tiersim errors (e.g. an unreadable `extends:` target) are clean too: they carry
    // a message and map to an exit status in the CLI
    (void)e;
  } catch (const std::exception& e) {
    finding(std::string(what) + ": escaped " + typeid(e).name() + ": " + e.what());
  } catch (...) {
    finding(std::string(what) + ": escaped a non-std exception");
  }
}

}  // namespace tiersim::fuzz
