// Calibration recovers values known to the test: targets are produced by tiersim itself at
// chosen values (another seed and more replications than the calibration uses, so the fit is
// not handed an exact copy of its own runs), and the calibration must find those values inside
// its 95% intervals; a parameter the targets cannot see must be reported as not pinned down.
// Each case runs a few dozen evaluations of a 20-day tutorial network (well under a second).
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "tiersim/calibrate/calibrate.hpp"
#include "tiersim/experiment/evaluate.hpp"
#include "tiersim/scenario/calibrate_file.hpp"
#include "tiersim/scenario/load.hpp"

namespace {

namespace fs = std::filesystem;

std::string base_path() { return std::string(TIERSIM_SOURCE_DIR) + "/scenarios/tests/sweep_base.yaml"; }

fs::path temp_dir() {
  const fs::path dir = fs::temp_directory_path() / ("tiersim-recover-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  return dir;
}

struct Truth {
  std::string path;
  std::string value;  ///< YAML text
};

/// The mean of `metric` at the true values: seed 99, 10 replications.
double observed(const std::vector<Truth>& truth, const std::string& metric) {
  tiersim::experiment::EvaluatorOptions o;
  o.seed = 99;
  tiersim::experiment::Evaluator e(base_path(), o);
  tiersim::experiment::Overrides point;
  for (const auto& t : truth) point.push_back({t.path, t.value});
  e.ensure({point}, 10);
  return e.summary(point, metric).mean;
}

/// A calibration file fitting `free` (YAML lines `path: [lo, hi]`) to `metrics` with their sd.
tiersim::scenario::CalibrateFile file(const std::string& name, const std::vector<Truth>& truth,
                                      const std::vector<std::string>& free,
                                      const std::vector<std::pair<std::string, double>>& metrics) {
  std::string y = fmt::format("calibrate:\n  base: {}\n  replications: 4\n  seed: 5\n  free:\n", base_path());
  for (const auto& f : free) y += "    " + f + "\n";
  y += "  targets:\n";
  for (const auto& [m, sd] : metrics) y += fmt::format("    {}: {{value: {}, sd: {}}}\n", m, observed(truth, m), sd);
  const fs::path p = temp_dir() / (name + ".yaml");
  std::ofstream(p) << y;
  return tiersim::scenario::load_calibrate_file(p.string());
}

tiersim::calibrate::Result run(const tiersim::scenario::CalibrateFile& f, int threads = 2) {
  tiersim::calibrate::Options o;
  o.threads = threads;
  return tiersim::calibrate::calibrate(f, o);
}

void expect_recovered(const tiersim::calibrate::ParameterResult& p, double truth, double range) {
  EXPECT_TRUE(p.identified) << p.path;
  EXPECT_LE(p.low, truth) << p.path << " fitted " << p.value;
  EXPECT_GE(p.high, truth) << p.path << " fitted " << p.value;
  EXPECT_NEAR(p.value, truth, 0.1 * range) << p.path;
  EXPECT_LT(p.high - p.low, 0.5 * range) << p.path << ": the interval says little";
}

TEST(CalibrateRecovery, OneRate) {
  const auto f = file("one", {{"conditions[minor_illness].per_1000_per_year", "1500"}},
                      {"conditions[minor_illness].per_1000_per_year: [600, 3000]"}, {{"patients.created", 40}});
  const auto r = run(f);
  ASSERT_EQ(r.parameters.size(), 1U);
  expect_recovered(r.parameters[0], 1500, 2400);
  EXPECT_TRUE(r.warnings.empty()) << r.warnings.front();
  EXPECT_LT(r.loss, 4);
  EXPECT_EQ(r.replications_run, static_cast<std::int64_t>(r.evaluations) * 4);
}

TEST(CalibrateRecovery, RateAndMisjudgement) {
  const std::vector<Truth> truth = {{"conditions[minor_illness].per_1000_per_year", "1500"}, {"policy.misjudge.village", "0.12"}};
  const auto f = file("two", truth,
                      {"conditions[minor_illness].per_1000_per_year: [600, 3000]", "policy.misjudge.village: [0.0, 0.3]"},
                      {{"patients.created", 40}, {"misjudged_referred", 5}});
  const auto r = run(f);
  ASSERT_EQ(r.parameters.size(), 2U);
  expect_recovered(r.parameters[0], 1500, 2400);
  expect_recovered(r.parameters[1], 0.12, 0.3);
  EXPECT_TRUE(r.warnings.empty()) << r.warnings.front();
}

TEST(CalibrateRecovery, DurationParameter) {
  const auto f = file("duration", {{"conditions[moderate_illness].service.mean", "30min"}},
                      {"conditions[moderate_illness].service.mean: [10min, 60min]"},
                      {{"utilisation.east", 0.01}, {"utilisation.west", 0.01}});
  const auto r = run(f);
  ASSERT_EQ(r.parameters.size(), 1U);
  expect_recovered(r.parameters[0], 30, 50);
  EXPECT_TRUE(f.free[0].duration);
  EXPECT_NE(tiersim::calibrate::calibration_json(f, r).find("min\""), std::string::npos);
}

TEST(CalibrateRecovery, UnidentifiedParameterIsWarnedAbout) {
  // Patients are created by the arrival streams alone: township misjudgement cannot move
  // patients.created, so the target says nothing about it.
  const auto f = file("flat", {{"conditions[minor_illness].per_1000_per_year", "1500"}},
                      {"conditions[minor_illness].per_1000_per_year: [600, 3000]", "policy.misjudge.township: [0.0, 0.3]"},
                      {{"patients.created", 40}});
  const auto r = run(f);
  ASSERT_EQ(r.parameters.size(), 2U);
  expect_recovered(r.parameters[0], 1500, 2400);
  EXPECT_FALSE(r.parameters[1].identified);
  EXPECT_EQ(r.parameters[1].low, 0);
  EXPECT_EQ(r.parameters[1].high, 0.3);
  ASSERT_EQ(r.warnings.size(), 1U);
  EXPECT_NE(r.warnings[0].find("policy.misjudge.township is not pinned down by the targets"), std::string::npos) << r.warnings[0];
  const std::string html = tiersim::calibrate::calibration_html(f, r);
  EXPECT_NE(html.find("Warning: policy.misjudge.township is not pinned down"), std::string::npos);
}

TEST(CalibrateRecovery, SameFilesWhateverTheThreads) {
  const std::vector<Truth> truth = {{"conditions[minor_illness].per_1000_per_year", "1500"}, {"policy.misjudge.village", "0.12"}};
  const auto f = file("threads", truth,
                      {"conditions[minor_illness].per_1000_per_year: [600, 3000]", "policy.misjudge.village: [0.0, 0.3]"},
                      {{"patients.created", 40}, {"misjudged_referred", 5}});
  const auto a = run(f, 1);
  const auto b = run(f, 3);
  EXPECT_EQ(tiersim::calibrate::calibration_json(f, a), tiersim::calibrate::calibration_json(f, b));
  EXPECT_EQ(tiersim::calibrate::calibration_html(f, a), tiersim::calibrate::calibration_html(f, b));
  EXPECT_EQ(tiersim::calibrate::calibrated_yaml(f, a, "out"), tiersim::calibrate::calibrated_yaml(f, b, "out"));
}

TEST(CalibrateRecovery, CalibratedScenarioRunsWithTheFittedValues) {
  const auto f = file("yaml", {{"conditions[minor_illness].per_1000_per_year", "1500"}},
                      {"conditions[minor_illness].per_1000_per_year: [600, 3000]"}, {{"patients.created", 40}});
  const auto r = run(f);
  const fs::path out = temp_dir() / "yaml-out";
  fs::create_directories(out);
  tiersim::calibrate::write_outputs(out.string(), f, r);
  const auto s = tiersim::scenario::load_scenario_file((out / "calibrated.yaml").string());
  EXPECT_DOUBLE_EQ(s.conditions[0].per_1000_per_year, r.parameters[0].value);
  EXPECT_EQ(s.seed, 5U);
  EXPECT_EQ(s.replications, 4);
  ASSERT_EQ(s.observed.size(), 1U);
  EXPECT_EQ(s.observed[0].metric, "patients.created");
  // The run of calibrated.yaml is the calibration's own evaluation: the same mean.
  const auto run_result = tiersim::experiment::run_point(s, s.replications, 2);
  double mean = 0;
  for (const auto& m : run_result.metrics) {
    if (m.name == "patients.created") mean = m.mean;
  }
  EXPECT_DOUBLE_EQ(mean, r.targets[0].simulated.mean);
}

}  // namespace
