// End-to-end tests of `tiersim analyze`: the built binary on a hand-worked scenario
// (scenarios/tests/analytic_unstable.yaml), the embedded default, --help and bad input.
#include <gtest/gtest.h>

#include <unistd.h>

#include <sys/wait.h>

#include <cmath>
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

const nlohmann::json& facility(const nlohmann::json& j, const std::string& id) {
  for (const auto& f : j.at("facilities")) {
    if (f.at("id") == id) return f;
  }
  throw std::runtime_error("no facility " + id);
}

TEST(AnalyzeCli, JsonHasHandWorkedRatesAndTheWarning) {
  const Result r = tiersim("analyze scenarios/tests/analytic_unstable.yaml --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;  // unstable is a warning, not a failure
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j.at("scenario"), "analytic-unstable");
  const double village = 10000.0 * 100 / 1000 / (365 * 24 * 60);
  const double town = 2 * village;
  EXPECT_NEAR(facility(j, "north").at("arrival_rate_per_min").get<double>(), village, 1e-6 * village);
  EXPECT_NEAR(facility(j, "town").at("arrival_rate_per_min").get<double>(), town, 1e-6 * town);
  // Township: M/M/1, Wq = rho / (mu - lambda).
  const double rho = town * 10, wq = rho / (0.1 - town);
  EXPECT_NEAR(facility(j, "town").at("expected_wait_minutes").get<double>(), wq, 1e-6 * wq);
  EXPECT_EQ(facility(j, "town").at("method"), "erlang-c");
  EXPECT_EQ(facility(j, "town").at("tier"), "township");
  const auto& county = facility(j, "county");
  EXPECT_TRUE(county.at("expected_wait_minutes").is_null());  // infinity
  EXPECT_EQ(county.at("method"), "unstable");
  EXPECT_NEAR(county.at("utilisation").get<double>(), town * 600 / 2, 1e-9);
  EXPECT_EQ(county.at("bed_blocking_probability").get<double>(), 0.0);
  ASSERT_EQ(j.at("warnings").size(), 1u);
  EXPECT_EQ(j.at("warnings")[0],
            "county: utilisation 1.14 (offered load 2.3 erlangs on 2 servers): unstable, queues grow without bound");
}

TEST(AnalyzeCli, TableByDefault) {
  const Result r = tiersim("analyze scenarios/tests/analytic_unstable.yaml");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("facility         tier       servers  arrivals/day utilisation wait (min) bed blocking method"),
            std::string::npos) << r.out;
  EXPECT_NE(r.out.find("county           county           2           5.5      114.2%  unbounded            - unstable"),
            std::string::npos) << r.out;
  EXPECT_NE(r.out.find("warnings:\n  county: utilisation 1.14"), std::string::npos) << r.out;
}

TEST(AnalyzeCli, EmbeddedDefaultWithoutAScenario) {
  const Result r = tiersim("analyze --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j.at("scenario"), "hengkou-baseline");
  EXPECT_GT(j.at("facilities").size(), 100u);
  for (const auto& f : j.at("facilities")) {
    for (const char* key : {"id", "tier", "arrival_rate_per_min", "utilisation", "expected_wait_minutes",
                            "bed_blocking_probability", "method"}) {
      EXPECT_TRUE(f.contains(key)) << key;
    }
  }
}

TEST(AnalyzeCli, HelpAndBadInput) {
  const Result help = tiersim("analyze --help");
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("tiersim analyze [SCENARIO] [--json]"), std::string::npos) << help.out;
  const Result missing = tiersim("analyze scenarios/tests/no_such_file.yaml");
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_EQ(missing.out, "");
  EXPECT_NE(missing.err.find("no_such_file.yaml"), std::string::npos) << missing.err;
  const Result option = tiersim("analyze --bogus");
  EXPECT_EQ(option.exit_code, 2);
  EXPECT_NE(option.err.find("--help"), std::string::npos) << option.err;
  const Result extra = tiersim("analyze scenarios/tutorial.yaml scenarios/tutorial.yaml");
  EXPECT_EQ(extra.exit_code, 2);
}

}  // namespace
