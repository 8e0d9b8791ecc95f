// policy.remote_consult in the scenario format: defaults, every key, the resolved YAML round
// trip, `set:` and sweep overrides of its values, and one test per kind of mistake, each
// reported as file:line:col: path: expected, got.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <unistd.h>

#include "test_paths.hpp"
#include "tiersim/scenario/load.hpp"

namespace tiersim::scenario {
namespace {

using tiersim::testing::scenario_error;
using tiersim::testing::scenarios_dir;

// A village under a township under a county; the policy block is appended by each test.
const std::string kBase = R"(format: 1
name: consult
horizon: 10d
specialties: [general, cardiology]
tiers:
  village: {general: 1}
  township: {general: 2, cardiology: 1}
  county: {general: 3, cardiology: 3}
facilities:
  - {id: county, tier: county, servers: 6, beds: 20}
  - {id: town, tier: township, servers: 2, beds: 4, population: 3000}
  - {id: v1, tier: village, population: 1000}
links:
  - {from: v1, to: town, travel: 20min}
  - {from: town, to: county, travel: 40min}
conditions:
  - {name: chest, specialty: cardiology, severity: severe, required_level: 2, per_1000_per_year: 20, service: 15min}
policy:
)";

Scenario load(const std::string& policy, const std::vector<Override>& overrides = {}) {
  return load_scenario_text(kBase + policy, "rc.yaml", overrides);
}
std::string error(const std::string& policy) {
  return scenario_error([&] { (void)load(policy); });
}

TEST(RemoteConsultDecode, DefaultsFromVillageAndTownshipToCountyEverySpecialtyReachOne) {
  const Scenario s = load("  remote_consult: {success: 0.6, answer: 15min}\n");
  ASSERT_TRUE(s.policy.remote_consult);
  const auto& rc = *s.policy.remote_consult;
  EXPECT_EQ(rc.from, (std::array<bool, kTierCount>{true, true, false, false}));
  EXPECT_EQ(rc.to, Tier::kCounty);
  EXPECT_EQ(rc.specialties, (std::vector<bool>{true, true}));
  EXPECT_EQ(rc.reach, 1);
  EXPECT_EQ(rc.success, 0.6);
  EXPECT_EQ(rc.answer.mean(), 15);
  EXPECT_FALSE(load("  step_down: true\n").policy.remote_consult);  // absent: off
}

TEST(RemoteConsultDecode, EveryKeyAndTheResolvedYamlRoundTrip) {
  const Scenario a = load(
      "  remote_consult:\n    from: [township]\n    to: regional\n    specialties: [cardiology]\n    reach: 2\n"
      "    success: 0.25\n    answer: {dist: lognormal, mean: 15min, sd: 5min}\n");
  const auto& rc = *a.policy.remote_consult;
  EXPECT_EQ(rc.from, (std::array<bool, kTierCount>{false, true, false, false}));
  EXPECT_EQ(rc.to, Tier::kRegional);
  EXPECT_EQ(rc.specialties, (std::vector<bool>{false, true}));
  EXPECT_EQ(rc.reach, 2);
  EXPECT_EQ(rc.success, 0.25);
  EXPECT_EQ(rc.answer.kind(), random::DistKind::kLognormal);
  const std::string text = resolved_yaml(a);
  EXPECT_NE(text.find("remote_consult:"), std::string::npos);
  const Scenario b = load_scenario_text(text, "resolved.yaml");
  ASSERT_TRUE(b.policy.remote_consult);
  EXPECT_EQ(b.policy.remote_consult->from, rc.from);
  EXPECT_EQ(b.policy.remote_consult->to, rc.to);
  EXPECT_EQ(b.policy.remote_consult->specialties, rc.specialties);
  EXPECT_EQ(b.policy.remote_consult->reach, rc.reach);
  EXPECT_EQ(b.policy.remote_consult->success, rc.success);
  EXPECT_EQ(b.policy.remote_consult->answer.mean(), rc.answer.mean());
  EXPECT_EQ(resolved_yaml(b), text);
  EXPECT_EQ(resolved_yaml(load("")).find("remote_consult"), std::string::npos);  // off: not written
}

TEST(RemoteConsultDecode, SetAndSweepReachItsValues) {
  const Scenario s = load("  remote_consult: {success: 0.6, answer: 15min}\n",
                          {{"policy.remote_consult.success", "0.9"}, {"policy.remote_consult.reach", "2"}});
  EXPECT_EQ(s.policy.remote_consult->success, 0.9);
  EXPECT_EQ(s.policy.remote_consult->reach, 2);
  // A sweep over the shipped Dianbai scenario's success share.
  const auto dir = std::filesystem::temp_directory_path() / ("tiersim-rc-sweep-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const auto sweep_file = (dir / "sweep.yaml").string();
  std::ofstream(sweep_file) << "sweep:\n  base: " << scenarios_dir() << "dianbai.yaml\n  replications: 2\n  vary:\n"
                            << "    policy.remote_consult.success: [0, 0.5, 1]\n";
  const Sweep sw = load_sweep_file(sweep_file);
  ASSERT_EQ(sw.points().size(), 3u);
  const Scenario p = load_scenario_file(sw.base, sw.points()[1]);
  EXPECT_EQ(p.policy.remote_consult->success, 0.5);
  std::filesystem::remove_all(dir);
  EXPECT_EQ(scenario_error([&] { (void)load("  remote_consult: {success: 0.6, answer: 15min}\n",
                                            {{"policy.remote_consult.success", "2"}}); }),
            "<override>: policy.remote_consult.success: expected a probability 0-1, got 2 (from override policy.remote_consult.success=2)");
}

struct Mistake {
  const char* name;
  const char* policy;
  const char* message;
};

const Mistake kMistakes[] = {
    {"bad_tier", "  remote_consult: {from: [vilage], success: 0.6, answer: 15min}\n",
     "rc.yaml:19:27: policy.remote_consult.from[0]: expected a tier, got \"vilage\" (did you mean 'village'?)"},
    {"to_not_above_from", "  remote_consult: {to: township, success: 0.6, answer: 15min}\n",
     "rc.yaml:19:24: policy.remote_consult.to: expected a tier above every 'from' tier (it answers their consults), got township (and township may consult)"},
    {"unknown_specialty", "  remote_consult: {specialties: [cardiologie], success: 0.6, answer: 15min}\n",
     "rc.yaml:19:34: policy.remote_consult.specialties[0]: expected a specialty, got \"cardiologie\" (did you mean 'cardiology'?)"},
    {"success_above_one", "  remote_consult: {success: 1.5, answer: 15min}\n",
     "rc.yaml:19:29: policy.remote_consult.success: expected a probability 0-1, got 1.5"},
    {"success_negative", "  remote_consult: {success: -0.1, answer: 15min}\n",
     "rc.yaml:19:29: policy.remote_consult.success: expected a probability 0-1, got -0.1"},
    {"negative_reach", "  remote_consult: {reach: -1, success: 0.6, answer: 15min}\n",
     "rc.yaml:19:27: policy.remote_consult.reach: expected a whole number 0-3, got -1"},
    {"bad_distribution", "  remote_consult: {success: 0.6, answer: {dist: lognormal, mean: 15min}}\n",
     "rc.yaml:19:42: policy.remote_consult.answer: expected the required key 'sd', got no such key"},
    {"unknown_distribution", "  remote_consult: {success: 0.6, answer: {dist: lognormel, mean: 15min, sd: 5min}}\n",
     "rc.yaml:19:49: policy.remote_consult.answer.dist: expected a distribution, got \"lognormel\" (did you mean 'lognormal'?)"},
    {"answer_without_unit", "  remote_consult: {success: 0.6, answer: 15}\n",
     "rc.yaml:19:42: policy.remote_consult.answer: expected a duration with a unit (30s, 45min, 2h, 3d, 1w, 1y), got 15 without a unit"},
    {"missing_answer", "  remote_consult: {success: 0.6}\n",
     "rc.yaml:19:19: policy.remote_consult: expected the required key 'answer', got no such key"},
    {"unknown_key", "  remote_consult: {success: 0.6, answer: 15min, reech: 2}\n",
     "rc.yaml:19:49: policy.remote_consult.reech: unknown key \"reech\" (did you mean 'reach'?)"},
};

class RemoteConsultMistake : public ::testing::TestWithParam<Mistake> {};

TEST_P(RemoteConsultMistake, ReportedWhereItIs) {
  const Mistake& m = GetParam();
  EXPECT_EQ(error(m.policy), m.message);
}

INSTANTIATE_TEST_SUITE_P(Decode, RemoteConsultMistake, ::testing::ValuesIn(kMistakes),
                         [](const ::testing::TestParamInfo<Mistake>& param_info) { return std::string(param_info.param.name); });

}  // namespace
}  // namespace tiersim::scenario
