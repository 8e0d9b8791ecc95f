// Bad calibration files: one test per kind of mistake, each asserting the message and its
// file:line:col (include/tiersim/scenario/calibrate_file.hpp, tiersim/calibrate/calibrate.hpp).
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "tiersim/calibrate/calibrate.hpp"
#include "tiersim/error.hpp"
#include "tiersim/scenario/calibrate_file.hpp"

namespace {

namespace fs = std::filesystem;

std::string base_path() { return std::string(TIERSIM_SOURCE_DIR) + "/scenarios/tests/sweep_base.yaml"; }

/// Writes a calibration file (free entry on line 5, target on line 7, `extra` from line 8).
std::string write(const std::string& name, const std::string& free, const std::string& target,
                  const std::string& extra = "") {
  const fs::path dir = fs::temp_directory_path() / ("tiersim-calib-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const fs::path p = dir / (name + ".yaml");
  std::ofstream(p) << "calibrate:\n  base: " << base_path() << "\n  replications: 2\n  free:\n    " << free
                   << "\n  targets:\n    " << target << "\n" << extra;
  return p.string();
}

/// The message of the ScenarioError that loading and checking the file throw, or "".
std::string error_of(const std::string& path) {
  try {
    const auto f = tiersim::scenario::load_calibrate_file(path);
    tiersim::calibrate::check(f);
  } catch (const tiersim::ScenarioError& e) {
    return e.what();
  }
  return "";
}

const char* kTarget = "patients.created: {value: 10, sd: 1}";

TEST(CalibrateFile, UnknownPathIsReportedOnceAtTheEntry) {
  const auto p = write("path", "policy.misjudge.vilage: [0.0, 0.3]", kTarget);
  const std::string m = error_of(p);
  EXPECT_NE(m.find("path.yaml:5:30: policy.misjudge.vilage: unknown key \"vilage\" (did you mean 'village'?)"), std::string::npos) << m;
  EXPECT_EQ(m.find("high = 0.3"), std::string::npos) << "reported twice: " << m;
}

TEST(CalibrateFile, UnknownFacilityInPath) {
  const std::string m = error_of(write("facility", "facilities[nowhere].population: [1, 3]", kTarget));
  EXPECT_NE(m.find("facility.yaml:5:38: facilities[nowhere].population: expected the id or name of an element of "
                   "'facilities', got \"nowhere\""),
            std::string::npos)
      << m;
}

TEST(CalibrateFile, BoundOutsideWhatTheKeyAccepts) {
  const std::string m = error_of(write("bound", "policy.misjudge.village: [0.0, 1.5]", kTarget));
  EXPECT_NE(m.find("bound.yaml:5:36: policy.misjudge.village: expected a probability 0-1, got 1.5"), std::string::npos) << m;
}

TEST(CalibrateFile, BoundsInTheWrongOrder) {
  const std::string m = error_of(write("order", "policy.misjudge.village: [0.3, 0.1]", kTarget));
  EXPECT_NE(m.find("order.yaml:5:36: calibrate.free.policy.misjudge.village[1]: expected a high bound above the low bound 0.3, got 0.1"),
            std::string::npos)
      << m;
}

TEST(CalibrateFile, WholeNumberKeyIsRefused) {
  const std::string m = error_of(write("whole", "facilities[east].servers: [1, 4]", kTarget));
  EXPECT_NE(m.find("whole.yaml:5:5: facilities[east].servers: expected a key that takes every value between its bounds"),
            std::string::npos)
      << m;
}

TEST(CalibrateFile, UnknownMetric) {
  const std::string m = error_of(write("metric", "policy.misjudge.village: [0.0, 0.3]", "patients.creatd: {value: 10, sd: 1}"));
  EXPECT_NE(m.find("metric.yaml:7:5: calibrate.targets.patients.creatd: expected a metric of summary.json that sweep-base "
                   "produces, got \"patients.creatd\" (did you mean 'patients.created'?)"),
            std::string::npos)
      << m;
}

TEST(CalibrateFile, SdMustBePositive) {
  const std::string m = error_of(write("sd", "policy.misjudge.village: [0.0, 0.3]", "patients.created: {value: 10, sd: 0}"));
  EXPECT_NE(m.find("sd.yaml:7:39: calibrate.targets.patients.created.sd: expected a standard deviation > 0"), std::string::npos) << m;
  const std::string n = error_of(write("sdneg", "policy.misjudge.village: [0.0, 0.3]", "patients.created: {value: 10, sd: -2}"));
  EXPECT_NE(n.find("sdneg.yaml:7:39: calibrate.targets.patients.created.sd: expected a standard deviation > 0"), std::string::npos) << n;
}

TEST(CalibrateFile, NoFreeParameter) {
  const std::string m = error_of(write("nofree", "{}", kTarget));
  EXPECT_NE(m.find("nofree.yaml:5:5: calibrate.free: expected at least one free parameter"), std::string::npos) << m;
}

TEST(CalibrateFile, BudgetTooSmall) {
  const std::string m = error_of(write("budget", "policy.misjudge.village: [0.0, 0.3]", kTarget, "  budget: 20\n"));
  EXPECT_NE(m.find("budget.yaml:8:11: calibrate.budget: expected a budget of at least 44 replications (2 per evaluation x "
                   "22 evaluations"),
            std::string::npos)
      << m;
  // Exactly the minimum is accepted.
  EXPECT_EQ(error_of(write("budget44", "policy.misjudge.village: [0.0, 0.3]", kTarget, "  budget: 44\n")), "");
}

TEST(CalibrateFile, EveryProblemAtOnce) {
  const std::string m = error_of(write("many", "policy.misjudge.village: [0.0, 1.5]", "patients.created: {value: 10, sd: 0}"));
  EXPECT_NE(m.find("many.yaml:7:39:"), std::string::npos) << m;
}

TEST(CalibrateFile, GoodFileLoadsWithDurationsAndFixedSet) {
  const auto p = write("good", "conditions[minor_illness].service.mean: [5min, 20min]", kTarget,
                       "  set:\n    horizon: 10d\n  seed: 11\n");
  const auto f = tiersim::scenario::load_calibrate_file(p);
  ASSERT_EQ(f.free.size(), 1U);
  EXPECT_TRUE(f.free[0].duration);
  EXPECT_EQ(f.free[0].low, 5);
  EXPECT_EQ(f.free[0].high, 20);
  EXPECT_EQ(f.free[0].yaml_value(12.5), "12.5min");
  EXPECT_EQ(f.seed, 11U);
  EXPECT_EQ(f.replications, 2);
  ASSERT_EQ(f.fixed.size(), 1U);
  EXPECT_EQ(f.fixed[0].path, "horizon");
  EXPECT_EQ(f.targets[0].pos.line, 7);
  EXPECT_EQ(f.base_name, "sweep-base");
  EXPECT_NO_THROW(tiersim::calibrate::check(f));
}

}  // namespace
