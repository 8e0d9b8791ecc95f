// ScenarioBase: a scenario file parsed and merged once, then loaded with many sets of
// overrides (sweep points, optimiser candidates). Loading from it must give what loading the
// file gives, value for value and message for message, must never parse the file again, and
// must leave the base as it was whatever a point overrides.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "scenario/test_paths.hpp"
#include "scenario/yaml/load_impl.hpp"
#include "tiersim/scenario/load.hpp"

namespace tiersim::scenario {
namespace {

namespace fs = std::filesystem;
using tiersim::testing::scenario_error;
using tiersim::testing::scenarios_dir;

// Everything a load produces that the outputs show: the resolved YAML, and what was written
// over the base file (comparison.html) and where.
std::string fingerprint(const Scenario& s) {
  std::string out = resolved_yaml(s) + "\nsource: " + s.source_file + "\nroot: " + s.root_file + "\n";
  for (const auto& w : s.written) out += w.path + " = " + w.value + " @ " + w.where + "\n";
  return out;
}

class ScenarioBaseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("tiersim_base_" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string write(const std::string& name, const std::string& text) const {
    const std::string path = (dir_ / name).string();
    std::ofstream(path) << text;
    return path;
  }
  fs::path dir_;
};

TEST_F(ScenarioBaseTest, LoadsWhatTheFileLoadsWithAndWithoutOverrides) {
  const std::vector<Override> none;
  const std::vector<Override> some = {{"facilities[meiziwu].servers", "7"}, {"seed", "42"}, {"horizon", "20d"}};
  for (const char* name : {"hengkou.yaml", "tests/hengkou-more-visits.yaml", "tests/sweep_base.yaml"}) {
    const std::string path = scenarios_dir() + name;
    const ScenarioBase base = ScenarioBase::from_file(path);
    EXPECT_EQ(base.name(), path);
    EXPECT_EQ(fingerprint(load_scenario(base)), fingerprint(load_scenario_file(path))) << name;
    if (std::string(name) != "tests/sweep_base.yaml") {
      EXPECT_EQ(fingerprint(load_scenario(base, some)), fingerprint(load_scenario_file(path, some))) << name;
    }
  }
  EXPECT_EQ(fingerprint(load_scenario(ScenarioBase::embedded_default(), some)), fingerprint(load_default_scenario(some)));
}

TEST_F(ScenarioBaseTest, APointsOverridesDoNotReachTheBaseOrTheNextPoint) {
  const std::string path = scenarios_dir() + "hengkou.yaml";
  const ScenarioBase base = ScenarioBase::from_file(path);
  const std::string plain = fingerprint(load_scenario(base));
  // Replace a whole list, change inside it, and add a key under a mapping.
  (void)load_scenario(base, {{"facilities[meiziwu].servers", "9"}});
  EXPECT_FALSE(scenario_error([&] { (void)load_scenario(base, {{"conditions", "[]"}}); }).empty());
  (void)load_scenario(base, {{"policy.green_channel.enabled", "true"}});
  EXPECT_EQ(fingerprint(load_scenario(base)), plain);
  EXPECT_EQ(fingerprint(load_scenario(base, {{"seed", "5"}})), fingerprint(load_scenario_file(path, {{"seed", "5"}})));
}

TEST_F(ScenarioBaseTest, PointsLoadFromTheParsedCopyAfterTheFileIsGone) {
  const std::string base_file = write("base.yaml", "extends: " + scenarios_dir() + "tests/sweep_base.yaml\nname: gone\n");
  const Scenario expected = load_scenario_file(base_file, {{"seed", "3"}});
  const ScenarioBase base = ScenarioBase::from_file(base_file);
  fs::remove(base_file);
  EXPECT_EQ(fingerprint(load_scenario(base, {{"seed", "3"}})), fingerprint(expected));
}

TEST_F(ScenarioBaseTest, ParsesTheFileOnceHoweverManyLoads) {
  const std::string path = scenarios_dir() + "tests/sweep_base.yaml";
  const auto before = yaml::documents_merged();
  const ScenarioBase base = ScenarioBase::from_file(path);
  for (int servers = 1; servers <= 20; ++servers) {
    (void)load_scenario(base, {{"facilities[east].servers", std::to_string(servers)}});
  }
  EXPECT_EQ(yaml::documents_merged() - before, 1u);
}

TEST_F(ScenarioBaseTest, ASweepParsesItsBaseOnceNotOncePerPoint) {
  const std::string sweep = scenarios_dir() + "tests/sweep_small.yaml";  // 6 points
  const auto before = yaml::documents_merged();
  const Sweep s = load_sweep_file(sweep);
  ASSERT_TRUE(s.base_scenario.has_value());
  EXPECT_EQ(yaml::documents_merged() - before, 1u);
  for (const auto& point : s.points()) {
    EXPECT_EQ(fingerprint(load_scenario(*s.base_scenario, point)), fingerprint(load_scenario_file(s.base, point)));
  }
}

TEST_F(ScenarioBaseTest, MessagesAreThoseOfTheFileAtTheSamePlaces) {
  const std::string path = scenarios_dir() + "hengkou.yaml";
  const ScenarioBase base = ScenarioBase::from_file(path);
  const std::vector<std::vector<Override>> bad = {
      {{"facilities[meiziwu].servers", "six"}},                    // a bad value, at the override
      {{"facilities[nowhere].servers", "6"}},                      // a path that does not lead anywhere
      {{"conditions[0].service", "{dist: exponential}"}},          // a problem inside the value
      {{"horizon", "[1, 2"}},                                      // not YAML
      {{"conditions[0].severity", "minor"}, {"specialties", "[x]"}}, // problems in the base's own nodes
  };
  for (const auto& overrides : bad) {
    const std::string from_file = scenario_error([&] { (void)load_scenario_file(path, overrides); });
    EXPECT_FALSE(from_file.empty()) << overrides.back().path;
    EXPECT_EQ(scenario_error([&] { (void)load_scenario(base, overrides); }), from_file);
  }
  // A base whose own problems only the decoder finds: reported at the base file's line and
  // column by every load, as by the file's.
  const std::string broken = write("broken.yaml", "extends: " + path + "\nhorizon: forever\n");
  const ScenarioBase b = ScenarioBase::from_file(broken);
  const std::string expected = scenario_error([&] { (void)load_scenario_file(broken); });
  EXPECT_NE(expected.find("broken.yaml:2:10"), std::string::npos) << expected;
  EXPECT_EQ(scenario_error([&] { (void)load_scenario(b); }), expected);
  EXPECT_EQ(scenario_error([&] { (void)load_scenario(b, {{"seed", "2"}}); }), expected);
  // ... and one an override sets right loads.
  EXPECT_EQ(fingerprint(load_scenario(b, {{"horizon", "30d"}})), fingerprint(load_scenario_file(broken, {{"horizon", "30d"}})));
}

TEST_F(ScenarioBaseTest, FileProblemsAreThrownWhenTheBaseIsMade) {
  const std::string missing = (dir_ / "missing.yaml").string();
  EXPECT_EQ(scenario_error([&] { (void)ScenarioBase::from_file(missing); }),
            scenario_error([&] { (void)load_scenario_file(missing); }));
  const std::string bad_set = write("bad_set.yaml", "extends: " + scenarios_dir() + "hengkou.yaml\nset:\n  facilities[nowhere].servers: 2\n");
  const std::string expected = scenario_error([&] { (void)load_scenario_file(bad_set); });
  EXPECT_NE(expected.find("bad_set.yaml:3:3"), std::string::npos) << expected;
  EXPECT_EQ(scenario_error([&] { (void)ScenarioBase::from_file(bad_set); }), expected);
}

// YAML aliases share one node: an override through one place shows at the other, as it does
// when the file is loaded; the copy must keep that sharing.
TEST_F(ScenarioBaseTest, AliasesStaySharedInTheCopy) {
  const std::string text = R"(format: 1
name: aliases
horizon: 2d
replications: 1
seed: 1
specialties: [general]
tiers:
  county: {general: 1}
facilities:
  - {id: a, tier: county, servers: 1, beds: 0, population: 10000}
  - {id: b, tier: county, servers: 1, beds: 0, population: 10000}
conditions:
  - name: visit
    specialty: general
    severity: minor
    required_level: 1
    per_1000_per_year: 1500
    service: &svc {dist: exponential, mean: 10min}
  - name: check
    specialty: general
    severity: minor
    required_level: 1
    per_1000_per_year: 500
    service: *svc
)";
  const std::string file = write("aliases.yaml", text);
  const ScenarioBase base = ScenarioBase::from_file(file);
  for (const std::vector<Override>& o : std::vector<std::vector<Override>>{
           {{"conditions[0].service.mean", "20min"}},
           {{"conditions[1].service", "{dist: exponential, mean: 5min}"}},
           {{"conditions[visit].service.mean", "30min"}, {"conditions[check].service.mean", "40min"}}}) {
    EXPECT_EQ(fingerprint(load_scenario(base, o)), fingerprint(load_scenario_file(file, o)));
  }
}

}  // namespace
}  // namespace tiersim::scenario
