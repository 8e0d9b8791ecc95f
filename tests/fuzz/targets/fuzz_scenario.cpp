// libFuzzer target: a whole scenario file through tiersim::scenario::load_scenario_text.
// Findings: an exception other than tiersim::Error, a crash, a hang, a sanitizer report; and,
// for a file that loads, a resolved YAML (every default written out) that does not load again
// to the same resolved YAML, since `tiersim validate --print-resolved` promises a file a
// planner can keep and run.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_common.hpp"
#include "tiersim/scenario/load.hpp"

namespace {
// Relative `extends:` paths resolve against this name's folder: the scenarios/ tree, so the
// fuzzer can reach the real files (and the bad ones) through `extends:` too.
const std::string kName = std::string(TIERSIM_SOURCE_DIR) + "/scenarios/fuzz-input.yaml";
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  tiersim::fuzz::expect_clean("load_scenario_text", [&] {
    const auto s = tiersim::scenario::load_scenario_text(text, kName);
    const std::string resolved = tiersim::scenario::resolved_yaml(s);
    try {
      const auto again = tiersim::scenario::load_scenario_text(resolved, kName);
      if (tiersim::scenario::resolved_yaml(again) != resolved) {
        tiersim::fuzz::finding("resolved YAML is not a fixed point:\n" + resolved);
      }
    } catch (const tiersim::Error& e) {
      tiersim::fuzz::finding(std::string("resolved YAML of a loaded scenario does not load: ") + e.what() +
                             "\n--- resolved ---\n" + resolved);
    }
  });
  return 0;
}
