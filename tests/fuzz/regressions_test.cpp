// Regression tests from fuzzing (tools/fuzz): every input that once crashed, hung or threw
// something other than tiersim::Error is kept under tests/fuzz/regressions/ and must now be
// refused cleanly, with a tiersim::ScenarioError whose diagnostics all carry a message.
//   *.yaml      a whole scenario file, loaded as text (tiersim_fuzz_scenario)
//   *.override  `PATH\nVALUE` applied to scenarios/tutorial.yaml (tiersim_fuzz_distribution)
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "tiersim/error.hpp"
#include "tiersim/scenario/load.hpp"

namespace {

namespace fs = std::filesystem;

std::string read_all(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<fs::path> regressions(const std::string& ext) {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(fs::path(TIERSIM_SOURCE_DIR) / "tests/fuzz/regressions")) {
    if (e.path().extension() == ext) out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

void expect_clean_rejection(const fs::path& p, auto&& load) {
  SCOPED_TRACE(p.filename().string());
  try {
    (void)load();
    ADD_FAILURE() << p << " loaded; a regression input must be refused";
  } catch (const tiersim::ScenarioError& e) {
    ASSERT_FALSE(e.diagnostics().empty());
    for (const auto& d : e.diagnostics()) EXPECT_FALSE(d.message.empty()) << e.what();
  } catch (const std::exception& e) {
    ADD_FAILURE() << p << " escaped " << typeid(e).name() << ": " << e.what();
  }
}

TEST(FuzzRegressions, ScenarioFilesAreRefusedCleanly) {
  const auto files = regressions(".yaml");
  ASSERT_FALSE(files.empty());
  for (const auto& p : files) {
    const std::string text = read_all(p);
    // Named as the fuzz target names its input, so relative `extends:` resolve the same way.
    const std::string name = std::string(TIERSIM_SOURCE_DIR) + "/scenarios/fuzz-input.yaml";
    expect_clean_rejection(p, [&] { return tiersim::scenario::load_scenario_text(text, name); });
  }
}

TEST(FuzzRegressions, OverridesAreRefusedCleanly) {
  const std::string base_name = std::string(TIERSIM_SOURCE_DIR) + "/scenarios/tutorial.yaml";
  const std::string base = read_all(base_name);
  for (const auto& p : regressions(".override")) {
    const std::string input = read_all(p);
    tiersim::scenario::Override o{"conditions[0].service", input};
    if (const auto nl = input.find('\n'); nl != std::string::npos) o = {input.substr(0, nl), input.substr(nl + 1)};
    expect_clean_rejection(p, [&] { return tiersim::scenario::load_scenario_text(base, base_name, {o}); });
  }
}

}  // namespace
