// End-to-end tests of `tiersim validate`: the built binary on good and bad files, checking
// exit status, where the messages go (stderr), and that a failed validation prints no summary.
#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "cli/run_binary.hpp"

namespace {

using Result = tiersim::test::Outcome;

// Runs `tiersim <args>` from the source tree (so that messages name scenarios/...).
Result tiersim(const std::string& args) { return tiersim::test::run_cli(args); }

// Issue #18: a regional hospital and out_of_county > 0, yet nobody leaves: the summary says why.
TEST(ValidateCli, SummarySaysWhyNobodyLeavesTheCounty) {
  const Result r = tiersim("validate scenarios/tests/out_of_county_green.yaml");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("leaving the county (县域内就诊率)\n  regional tier: 'city' (City hospital)\n"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("policy.out_of_county (severe 0.05, critical 0.08): 0.00 patients a day expected"),
            std::string::npos) << r.out;
  EXPECT_NE(r.out.find("out_of_county.critical does not apply to stemi: time-critical on the green channel"),
            std::string::npos) << r.out;
  EXPECT_NE(r.out.find("'city' (regional) is below the required level for minor_illness"), std::string::npos) << r.out;
  // Without a regional facility the summary says retention is 1 by construction.
  const Result base = tiersim("validate scenarios/tests/hengkou-baseline.yaml");
  EXPECT_NE(base.out.find("no facility of tier regional: nobody can leave the county"), std::string::npos) << base.out;
}

TEST(ValidateCli, GoodScenarioExitsZeroWithASummary) {
  const Result r = tiersim("validate scenarios/tests/hengkou-baseline.yaml");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  EXPECT_NE(r.out.find("facilities and population by tier"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("  village            38       38        0         34,200"), std::string::npos) << r.out;
  // 43,200 people x 2500 per 1000 a year / 365
  EXPECT_NE(r.out.find("minor_illness        minor         1         2500     295.89"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("meiziwu cardiology: 2 (tier default 1)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("county -> meiziwu: cardiology x2, every 1w for 8h, first departure Mon 08:00"),
            std::string::npos) << r.out;
  // Links: durations as the scenario file writes them, never bare minutes.
  EXPECT_NE(r.out.find("  meiziwu <-> county: 40min mean ({dist: lognormal, mean: 40min, sd: 10min}), 32 km\n"),
            std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("mean: 40,"), std::string::npos) << r.out;
}

TEST(ValidateCli, DistributionsPrintWithUnits) {
  const auto file = std::filesystem::temp_directory_path() / ("tiersim_validate_units_" + std::to_string(::getpid()) + ".yaml");
  const std::pair<const char*, const char*> cases[] = {
      {"{dist: triangular, min: 30s, mode: 90min, max: 2h}", "  meiziwu <-> county: 70min mean ({dist: triangular, min: 30s, mode: 90min, max: 2h}), 32 km\n"},
      {"{dist: erlang, k: 3, mean: 1d}", "  meiziwu <-> county: 1d mean ({dist: erlang, k: 3, mean: 1d}), 32 km\n"},
      {"{dist: uniform, min: 1.5h, max: 150min}", "  meiziwu <-> county: 2h mean ({dist: uniform, min: 90min, max: 150min}), 32 km\n"},
      {"45min", "  meiziwu <-> county: 45min mean (45min), 32 km\n"},
  };
  for (const auto& [travel, expected] : cases) {
    std::ofstream(file) << "extends: " TIERSIM_SOURCE_DIR "/scenarios/tests/hengkou-baseline.yaml\n"
                           "name: units\n"
                           "set:\n"
                           "  links[0].travel: " << travel << "\n";
    const Result r = tiersim("validate " + file.string());
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find(expected), std::string::npos) << r.out;
  }
  std::filesystem::remove(file);
}

TEST(ValidateCli, SweepChecksEveryPoint) {
  const Result r = tiersim("validate scenarios/tests/hengkou-sweep.yaml");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("grid design, 18 points"), std::string::npos) << r.out;
  const Result bad = tiersim("validate scenarios/bad/sweep_bad_value.yaml");
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("scenarios/bad/sweep_bad_value.yaml:5:41: policy.expert_visits[0].every:"), std::string::npos)
      << bad.err;
}

TEST(ValidateCli, BadFilesExitTwoWithEveryMessageOnStderr) {
  const Result r = tiersim("validate scenarios/bad/unknown_key.yaml scenarios/tests/hengkou-baseline.yaml "
                           "scenarios/bad/bare_duration.yaml");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");  // no summary when anything failed
  EXPECT_EQ(r.err,
            "scenarios/bad/unknown_key.yaml:16:5: facilities[town].sevrers: unknown key \"sevrers\" (did you mean "
            "'servers'?)\n"
            "scenarios/bad/bare_duration.yaml:4:10: horizon: expected a duration with a unit (30s, 45min, 2h, 3d, 1w, "
            "1y), got 30 without a unit\n");
}

TEST(ValidateCli, UnreachableTreatmentIsFoundByTheNetworkCheck) {
  const Result r = tiersim("validate scenarios/bad/unreachable.yaml");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err.rfind("scenarios/bad/unreachable.yaml:14:5: facilities[town]: condition 'stemi'", 0), 0u) << r.err;
}

TEST(ValidateCli, SyntaxErrorAndBinaryFile) {
  const Result r = tiersim("validate scenarios/bad/syntax.yaml scenarios/bad/binary.yaml");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("scenarios/bad/syntax.yaml:6:6: expected valid YAML"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("scenarios/bad/binary.yaml:2:1: expected YAML text (UTF-8), got binary data"), std::string::npos)
      << r.err;
}

TEST(ValidateCli, PrintResolvedLoadsAgain) {
  const Result r = tiersim("validate --print-resolved scenarios/tests/hengkou-more-visits.yaml");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto file = std::filesystem::temp_directory_path() /
                    ("tiersim_validate_resolved_" + std::to_string(::getpid()) + ".yaml");
  std::ofstream(file) << r.out;
  const Result again = tiersim("validate --print-resolved '" + file.string() + "'");
  std::filesystem::remove(file);
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(again.out, r.out);  // resolving is idempotent
}

TEST(ValidateCli, PrintSchemaIsJson) {
  const Result r = tiersim("validate --print-schema");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto schema = nlohmann::json::parse(r.out);
  EXPECT_TRUE(schema["properties"].contains("facilities"));
}

TEST(ValidateCli, HelpAndUsageErrors) {
  const Result help = tiersim("validate --help");
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("--print-resolved"), std::string::npos);
  const Result none = tiersim("validate");
  EXPECT_EQ(none.exit_code, 2);
  EXPECT_NE(none.err.find("expected at least one SCENARIO file"), std::string::npos);
  const Result bad_option = tiersim("validate --frobnicate x.yaml");
  EXPECT_EQ(bad_option.exit_code, 2);
}

}  // namespace
