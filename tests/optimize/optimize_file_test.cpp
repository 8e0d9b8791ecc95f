// Optimisation files: a good file loads with every entry's place; each kind of mistake gives
// one file:line:col message (unknown path, a value a key cannot take, unknown metric, a budget
// nothing fits, a malformed constraint, ...). Messages are the user interface: compared whole.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "tiersim/optimize/optimize.hpp"
#include "tiersim/scenario/load.hpp"
#include "tiersim/scenario/optimize_file.hpp"

namespace tiersim::optimize {
namespace {

namespace fs = std::filesystem;

const std::string kStation = std::string(TIERSIM_SOURCE_DIR) + "/scenarios/tests/optimize_station.yaml";

// Writes an optimisation file whose base is the station scenario, the decisions and the rest
// given; returns its path. Line 1 is `optimize:`, line 2 `base:`, line 3 `decide:`.
std::string write(const std::string& name, const std::string& decide, const std::string& rest) {
  const fs::path dir = fs::temp_directory_path() / "tiersim_optimize_file_test";
  fs::create_directories(dir);
  const fs::path p = dir / (name + ".yaml");
  std::ofstream(p) << "optimize:\n  base: " << kStation << "\n  decide:\n" << decide << rest;
  return p.string();
}

const std::string kDecide = "    facilities[a].servers: [2, 3, 4]\n    facilities[b].servers: [1, 2, 3]\n";
const std::string kObjective = "  objective: {minimize: wait_minutes.township.mean}\n";

// The ScenarioError's text for loading the file and checking its problem; "" when it loads.
std::string error_of(const std::string& path) {
  try {
    const auto f = scenario::load_optimize_file(path);
    std::int64_t over = 0;
    const auto plans = enumerate_plans(f, over);
    check_problem(f, scenario::load_scenario_file(f.base), plans.size());
  } catch (const ScenarioError& e) {
    return e.what();
  }
  return "";
}

TEST(OptimizeFile, LoadsTheShippedTestProblem) {
  const auto f = scenario::load_optimize_file(std::string(TIERSIM_SOURCE_DIR) + "/scenarios/tests/optimize_station_opt.yaml");
  EXPECT_EQ(f.base, kStation);
  EXPECT_EQ(f.replications, 10);
  EXPECT_EQ(f.seed, 3u);
  ASSERT_EQ(f.decisions.size(), 2u);
  EXPECT_EQ(f.decisions[0].path, "facilities[a].servers");
  EXPECT_EQ(f.decisions[0].values, (std::vector<std::string>{"2", "3", "4"}));
  EXPECT_EQ(*f.decisions[1].numbers[2], 3.0);
  EXPECT_EQ(f.decisions[0].where.line, 10);
  EXPECT_EQ(f.decisions[0].where.column, 5);
  EXPECT_EQ(*f.decisions[0].unit_cost, 1.0);
  EXPECT_EQ(*f.budget, 6.0);
  EXPECT_FALSE(f.maximize);
  EXPECT_EQ(f.objective, "wait_minutes.township.mean");
  EXPECT_EQ(f.pcs, 0.9);
  EXPECT_EQ(f.indifference, 0.3);
  ASSERT_EQ(f.base_values.size(), 2u);
  EXPECT_EQ(f.base_values[0].value_or("?"), "2");
  EXPECT_EQ(f.base_values[1].value_or("?"), "1");
  EXPECT_EQ(f.base_cost.value_or(-1), 3.0);
  std::int64_t over = 0;
  const auto plans = enumerate_plans(f, over);
  EXPECT_EQ(plans.size(), 8u);  // (4, 3) costs 7
  EXPECT_EQ(over, 1);
  EXPECT_EQ(plans.front().overrides[0].yaml_value, "2");
  EXPECT_EQ(plans.front().overrides[1].yaml_value, "1");
  EXPECT_EQ(plans[1].overrides[1].yaml_value, "2");  // the last decision varies fastest
  EXPECT_EQ(plans.back().overrides[0].yaml_value, "4");
  EXPECT_EQ(plans.back().overrides[1].yaml_value, "2");
  EXPECT_EQ(plans.back().cost, 6.0);
  EXPECT_EQ(error_of(f.file), "");
}

// A duration decision costs per occurrence a year (365 d / value); a true/false one is not a
// number and has no cost.
TEST(OptimizeFile, DurationsCostPerOccurrenceAYear) {
  const auto p = write("durations", "    warmup: [1d, 2d]\n    facilities[a].replications_unused: []\n", kObjective);
  const auto q = write("durations_ok", "    warmup: [1d, 2d]\n    policy.step_down: [false, true]\n",
                       kObjective + "  cost:\n    warmup: 10\n");
  EXPECT_EQ(error_of(q), "");
  const auto f = scenario::load_optimize_file(q);
  EXPECT_TRUE(f.decisions[0].duration);
  EXPECT_EQ(*f.decisions[0].numbers[0], 1440.0);
  EXPECT_FALSE(f.decisions[1].numbers[0].has_value());
  EXPECT_DOUBLE_EQ(f.cost({0, 0}), 10 * 365.0);
  EXPECT_DOUBLE_EQ(f.cost({1, 1}), 10 * 182.5);
  EXPECT_DOUBLE_EQ(f.base_cost.value_or(-1), 10 * 182.5);  // the base's warm-up is 2d
  EXPECT_NE(error_of(p), "");
}

struct Bad {
  const char* name;
  std::string decide;
  std::string rest;
  std::string message;  // {f} stands for the file's path
};

class BadOptimizeFile : public ::testing::TestWithParam<Bad> {};

TEST_P(BadOptimizeFile, SaysWhereAndWhat) {
  const Bad& b = GetParam();
  const std::string path = write(b.name, b.decide, b.rest);
  std::string expected = b.message;
  for (std::size_t at; (at = expected.find("{f}")) != std::string::npos;) expected.replace(at, 3, path);
  EXPECT_EQ(error_of(path), expected);
}

INSTANTIATE_TEST_SUITE_P(
    Optimize, BadOptimizeFile,
    ::testing::Values(
        Bad{"unknown_path_id", "    facilities[c].servers: [1, 2]\n", kObjective,
            "{f}:4:5: facilities[c].servers: expected the id or name of an element of 'facilities', got \"c\" (did you "
            "mean 'a'?) (from decide: facilities[c].servers = 1)"},
        Bad{"unknown_path_key", "    facilities[a].sevrers: [1, 2]\n", kObjective,
            "{f}:4:5: facilities[a].sevrers: unknown key \"sevrers\" (did you mean 'servers'?) (from "
            "decide: facilities[a].sevrers = 1)"},
        Bad{"bad_value", "    facilities[a].servers: [2, -1]\n", kObjective,
            "{f}:4:32: facilities[a].servers: expected a whole number 0-100000, got -1 (from decide: "
            "facilities[a].servers = -1)"},
        Bad{"unknown_metric", kDecide, "  objective: {minimize: wait_minutes.township.maen}\n",
            "{f}:6:25: optimize.objective.minimize: expected a metric of the base scenario, got "
            "\"wait_minutes.township.maen\" (did you mean 'wait_minutes.township.mean'?)"},
        Bad{"unknown_constraint_metric", kDecide, kObjective + "  constraints:\n    - utilisation.c <= 0.8\n",
            "{f}:8:7: optimize.constraints[0]: expected a metric of the base scenario, got \"utilisation.c\" (did you "
            "mean 'utilisation.a'?)"},
        Bad{"budget_nothing_fits", kDecide, kObjective + "  cost:\n    facilities[a].servers: 100\n    facilities[b].servers: 50\n  budget: 200\n",
            "{f}:10:11: optimize.budget: expected a budget that at least one plan fits (the cheapest costs 250), got 200"},
        Bad{"malformed_constraint", kDecide, kObjective + "  constraints:\n    - wait_minutes.township.mean < 3\n",
            "{f}:8:7: optimize.constraints[0]: expected \"METRIC <= BOUND\" or \"METRIC >= BOUND\", optionally followed by "
            "\"+- TOLERANCE\", got \"wait_minutes.township.mean < 3\""},
        Bad{"constraint_bad_bound", kDecide, kObjective + "  constraints:\n    - wait_minutes.township.mean <= 3min\n",
            "{f}:8:7: optimize.constraints[0]: expected a number as the bound, got \"3min\" in "
            "\"wait_minutes.township.mean <= 3min\""},
        Bad{"constraint_zero_bound", kDecide, kObjective + "  constraints:\n    - left_unseen <= 0\n",
            "{f}:8:7: optimize.constraints[0]: expected a tolerance for a bound of 0 (\"left_unseen <= 0 +- 0.5\", say), "
            "got none"},
        Bad{"cost_not_decided", kDecide, kObjective + "  cost:\n    facilities[county].servers: 1\n",
            "{f}:8:5: optimize.cost.facilities[county].servers: expected a path of decide:, got "
            "\"facilities[county].servers\" (did you mean 'facilities[a].servers'?)"},
        Bad{"cost_not_numeric", "    policy.green_channel.enabled: [false, true]\n",
            kObjective + "  cost: {policy.green_channel.enabled: 5}\n",
            "{f}:6:10: optimize.cost.policy.green_channel.enabled: expected a decision whose values are all numbers or all "
            "durations (a cost is per unit), got policy.green_channel.enabled taking false, true"},
        Bad{"budget_without_cost", kDecide, kObjective + "  budget: 5\n",
            "{f}:7:3: optimize.budget: expected cost: for at least one decision when a budget is given, got no costs"},
        Bad{"no_objective", kDecide, "",
            "{f}:2:3: optimize: expected the required key 'objective', got no such key"},
        Bad{"too_many_plans",
            "    facilities[a].servers: [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23]\n"
            "    facilities[b].servers: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23]\n",
            kObjective + "  search: exhaustive\n",
            "{f}:7:11: optimize.search: expected at most 500 plans within the budget for search: exhaustive (leave "
            "search: out, or write compass, to search a larger space with COMPASS), got 506"},
        Bad{"compass_with_exhaustive", kDecide, kObjective + "  search: exhaustive\n  compass: {samples: 3}\n",
            "{f}:8:3: optimize.compass: expected no compass: settings with search: exhaustive, got some"},
        Bad{"unknown_search", kDecide, kObjective + "  search: compas\n",
            "{f}:7:11: optimize.search: expected a search method, got \"compas\" (did you mean 'compass'?)"},
        Bad{"compass_zero_samples", kDecide, kObjective + "  compass: {samples: 0}\n",
            "{f}:7:22: optimize.compass.samples: expected a whole number 1-1000, got 0"},
        Bad{"duplicate_value", "    facilities[a].servers: [2, 3, 2]\n", kObjective,
            "{f}:4:35: optimize.decide.facilities[a].servers[2]: expected each value once, got 2 twice"},
        Bad{"bad_pcs", kDecide, kObjective + "  select: {pcs: 1.5}\n",
            "{f}:7:17: optimize.select.pcs: expected a probability of correct selection 0.5-0.9999, got 1.5"}),
    [](const ::testing::TestParamInfo<Bad>& param_info) { return std::string(param_info.param.name); });

}  // namespace
}  // namespace tiersim::optimize
