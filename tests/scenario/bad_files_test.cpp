// Each file of scenarios/bad/ holds exactly one mistake; loading it throws a ScenarioError with
// exactly one message, naming the file, line and column, the path, what was expected and what
// was found. The messages are the user interface, so they are compared whole.
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

struct BadFile {
  const char* name;      // scenarios/bad/<name>.yaml
  const char* message;   // relative to scenarios/
};

// Loading extends_cycle_a reports the cycle where it closes: at the `extends:` of _b.
// `{dir}` stands for the scenarios folder.
const BadFile kBadFiles[] = {
    {"bad_hours", "bad/bad_hours.yaml:18:12: facilities[town].hours: expected opening hours \"HH:MM-HH:MM\" (e.g. \"08:00-20:00\"), got \"8-20\""},
    {"bad_triangular", "bad/bad_triangular.yaml:19:38: links[0].travel: expected min <= mode <= max and min < max, got min 5min, mode 50min, max 40min"},
    {"bare_duration", "bad/bare_duration.yaml:4:10: horizon: expected a duration with a unit (30s, 45min, 2h, 3d, 1w, 1y), got 30 without a unit"},
    {"binary", "bad/binary.yaml:2:1: expected YAML text (UTF-8), got binary data (byte 0x00 at offset 46)"},
    {"deep", "bad/deep.yaml:27:1: expected mappings and lists nested at most 64 deep, got deeper nesting"},
    {"duplicate_condition", "bad/duplicate_condition.yaml:27:12: conditions[minor].name: expected a unique condition name, got \"minor\" again (first at line 21)"},
    {"duplicate_id", "bad/duplicate_id.yaml:18:10: facilities[town].id: expected a unique facility id, got \"town\" again (first at line 14)"},
    {"duplicate_key", "bad/duplicate_key.yaml:17:5: facilities[1].servers: expected each key once in a mapping, got \"servers\" a second time"},
    {"empty", "bad/empty.yaml:1:1: expected a mapping of scenario keys, got an empty file"},
    {"extends_cycle_a", "bad/extends_cycle_b.yaml:2:10: extends: expected a chain of extends without a cycle, got extends_cycle_a.yaml -> extends_cycle_b.yaml -> extends_cycle_a.yaml"},
    {"extends_cycle_b", "bad/extends_cycle_a.yaml:2:10: extends: expected a chain of extends without a cycle, got extends_cycle_b.yaml -> extends_cycle_a.yaml -> extends_cycle_b.yaml"},
    {"extends_not_scenario", "bad/extends_not_scenario.yaml:2:10: extends: expected a scenario file to extend, got \"{dir}bad/not_a_scenario.txt\", which holds a single text value (\"root:x:0:0:root:/root:/bin/bash daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\"), not a mapping of scenario keys"},
    {"extends_plain_mapping", "bad/extends_plain_mapping.yaml:2:10: extends: expected a scenario file to extend, got \"{dir}bad/plain_mapping.txt\", which holds a mapping without any scenario key (format, name, facilities, conditions, ...)"},
    {"extends_sweep", "bad/extends_sweep.yaml:2:10: extends: expected a scenario file to extend, got \"{dir}tests/hengkou-sweep.yaml\", which holds a sweep (a sweep's base is a scenario; a scenario cannot extend a sweep)"},
    {"extends_missing", "bad/extends_missing.yaml:2:10: extends: expected an existing file, got \"{dir}bad/no-such-base.yaml\" (not found)"},
    {"infinite", "bad/infinite.yaml:25:24: conditions[0].per_1000_per_year: expected a finite number, got .inf"},
    {"level_range", "bad/level_range.yaml:24:21: conditions[minor].required_level: expected a capability level 0-3, got 4"},
    {"missing_required", "bad/missing_required.yaml:2:1: expected the required key 'horizon', got no such key"},
    {"nan", "bad/nan.yaml:17:17: facilities[1].population: expected a finite number, got .nan"},
    {"negative_beds", "bad/negative_beds.yaml:13:11: facilities[county].beds: expected a whole number 0-1000000, got -2"},
    {"negative_rate", "bad/negative_rate.yaml:25:24: conditions[minor].per_1000_per_year: expected an incidence per 1000 people per year 0-1000000, got -5"},
    {"negative_servers", "bad/negative_servers.yaml:16:14: facilities[town].servers: expected a whole number 0-100000, got -1"},
    {"out_of_county", "bad/out_of_county.yaml:28:18: policy.out_of_county: expected a facility of tier regional to send patients out of the county to, got none"},
    {"outreach_bad_duration", "bad/outreach_bad_duration.yaml:30:17: policy.outreach[0].duration: expected a duration with a unit (30s, 45min, 2h, 3d, 1w, 1y), got 6 without a unit"},
    {"outreach_duration_every", "bad/outreach_duration_every.yaml:30:17: policy.outreach[0].duration: expected a duration shorter than every (1w), got 7d"},
    {"outreach_negative_share", "bad/outreach_negative_share.yaml:31:67: policy.outreach[0].attendance.conditions.cardiac: expected a share 0-1 of the attendees, got -0.5"},
    {"outreach_shares_sum", "bad/outreach_shares_sum.yaml:31:47: policy.outreach[0].attendance.conditions: expected shares adding up to 1, got 0.8 in all"},
    {"outreach_staff", "bad/outreach_staff.yaml:28:14: policy.outreach[0].staff: expected at most the 10 servers of \"county\", got 12"},
    {"outreach_tier_from", "bad/outreach_tier_from.yaml:25:13: policy.outreach[0].from: expected a facility id (a team leaves one facility, which loses its servers), got the tier \"township\": name the facility"},
    {"outreach_unknown_condition", "bad/outreach_unknown_condition.yaml:31:60: policy.outreach[0].attendance.conditions.flu: unknown key \"flu\" (expected one of: minor, cardiac)"},
    {"outreach_unknown_host", "bad/outreach_unknown_host.yaml:26:18: policy.outreach[0].to[1]: expected a facility id, got \"twon\" (did you mean 'town'?)"},
    {"population_range", "bad/population_range.yaml:17:17: facilities[town].population: expected a number of people 0-1e10, got 2e10"},
    {"probability_range", "bad/probability_range.yaml:28:19: policy.bypass.minor: expected a probability 0-1, got 1.5"},
    {"set_bad_value", "bad/set_bad_value.yaml:5:32: facilities[meiziwu].servers: expected a whole number 0-100000, got \"six\" (from set: facilities[meiziwu].servers)"},
    {"set_unknown_id", "bad/set_unknown_id.yaml:5:3: facilities[meiziwo].servers: expected the id or name of an element of 'facilities', got \"meiziwo\" (did you mean 'meiziwu'?) (from set: facilities[meiziwo].servers)"},
    {"set_unknown_key", "bad/set_unknown_key.yaml:5:3: policy.when_ful: unknown key \"when_ful\" (did you mean 'when_full'?) (from set: policy.when_ful)"},
    {"sweep_bad_value", "bad/sweep_bad_value.yaml:5:41: policy.expert_visits[0].every: expected a duration with a unit (30s, 45min, 2h, 3d, 1w, 1y), got 3 without a unit (from vary: policy.expert_visits[0].every = 3)"},
    {"syntax", "bad/syntax.yaml:6:6: expected valid YAML, got a syntax error: end of sequence flow not found"},
    {"unknown_distribution", "bad/unknown_distribution.yaml:19:45: links[0].travel.dist: expected a distribution, got \"lognormel\" (did you mean 'lognormal'?)"},
    {"unknown_enum", "bad/unknown_enum.yaml:28:14: policy.when_full: expected a choice (wait or refer), got \"wiat\" (did you mean 'wait'?)"},
    {"unknown_facility", "bad/unknown_facility.yaml:19:22: links[0].to: expected a facility id, got \"conty\" (did you mean 'county'?)"},
    {"unknown_key", "bad/unknown_key.yaml:16:5: facilities[town].sevrers: unknown key \"sevrers\" (did you mean 'servers'?)"},
    {"unknown_severity", "bad/unknown_severity.yaml:23:15: conditions[minor].severity: expected a severity, got \"minro\" (did you mean 'minor'?)"},
    {"unknown_specialty", "bad/unknown_specialty.yaml:22:16: conditions[minor].specialty: expected a specialty, got \"generl\" (did you mean 'general'?)"},
    {"unknown_tier", "bad/unknown_tier.yaml:15:11: facilities[town].tier: expected a tier, got \"twonship\" (did you mean 'township'?)"},
    {"wrong_type", "bad/wrong_type.yaml:16:14: facilities[town].servers: expected a whole number 0-100000, got \"six\""},
};

class BadScenario : public ::testing::TestWithParam<BadFile> {};

TEST_P(BadScenario, ReportsExactlyItsOneMistake) {
  const BadFile& b = GetParam();
  const std::string file = scenarios_dir() + "bad/" + b.name + ".yaml";
  const std::string msg = scenario_error([&] {
    if (is_sweep_file(file)) (void)load_sweep_file(file);
    else (void)load_scenario_file(file);
  });
  std::string expected = scenarios_dir() + b.message;
  if (const auto at = expected.find("{dir}"); at != std::string::npos) expected.replace(at, 5, scenarios_dir());
  EXPECT_EQ(msg, expected);
}

INSTANTIATE_TEST_SUITE_P(Files, BadScenario, ::testing::ValuesIn(kBadFiles),
                         [](const ::testing::TestParamInfo<BadFile>& i) { return std::string(i.param.name); });

TEST(BadScenario, EveryFileInTheFolderIsCovered) {
  std::size_t files = 0;
  for (const auto& e : std::filesystem::directory_iterator(scenarios_dir() + "bad")) {
    if (e.path().extension() != ".yaml") continue;
    const std::string stem = e.path().stem().string();
    if (stem == "unreachable") continue;  // found by the network check: tests/cli/validate_cli_test.cpp
    ++files;
    bool listed = false;
    for (const auto& b : kBadFiles) listed = listed || stem == b.name;
    EXPECT_TRUE(listed) << stem;
  }
  EXPECT_EQ(files, std::size(kBadFiles));
}

TEST(BadScenario, FileOver16MiBIsRefusedBeforeReading) {
  const auto path = std::filesystem::temp_directory_path() / "tiersim_loader_too_big.yaml";
  {
    std::ofstream out(path, std::ios::binary);
    std::string line = "# padding padding padding padding padding padding padding padding padding padding\n";
    for (std::size_t written = 0; written <= (16u << 20); written += line.size()) out << line;
  }
  const std::string msg = scenario_error([&] { (void)load_scenario_file(path.string()); });
  std::filesystem::remove(path);
  EXPECT_NE(msg.find("expected a scenario of at most 16 MiB"), std::string::npos) << msg;
  EXPECT_EQ(msg.rfind(path.string() + ": ", 0), 0u) << msg;
}

TEST(BadScenario, TextOver16MiBIsRefused) {
  const std::string big((16u << 20) + 1, '#');
  const std::string msg = scenario_error([&] { (void)load_scenario_text(big, "big.yaml"); });
  EXPECT_EQ(msg, "big.yaml: expected a scenario of at most 16 MiB, got 16777217 bytes");
}

// Issue #18: `extends: /etc/passwd` said only "could not be loaded"; now the entry's
// file:line:col and what the file holds. (/etc/passwd is on every Linux machine.)
TEST(BadScenario, ExtendsASystemFileSaysWhereAndWhy) {
  if (!std::filesystem::exists("/etc/passwd")) GTEST_SKIP() << "no /etc/passwd here";
  const std::string msg = scenario_error([&] { (void)load_scenario_text("name: x\nextends: /etc/passwd\n", "mine.yaml"); });
  EXPECT_EQ(msg.rfind("mine.yaml:2:10: extends: expected a scenario file to extend, got \"/etc/passwd\", which holds ", 0), 0u)
      << msg;
  EXPECT_EQ(msg.find("could not be loaded"), std::string::npos) << msg;
}

// An unreadable base: the entry's position and the system's reason. Root reads everything,
// so the case can only be made as another user.
TEST(BadScenario, ExtendsAnUnreadableFileSaysPermissionDenied) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("tiersim_unreadable_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  { std::ofstream(dir / "base.yaml") << "format: 1\n"; }
  fs::permissions(dir / "base.yaml", fs::perms::none);
  const bool readable = std::ifstream(dir / "base.yaml").good();
  std::string msg;
  if (!readable) {
    msg = scenario_error([&] { (void)load_scenario_text("extends: base.yaml\nname: x\n", (dir / "mine.yaml").string()); });
  }
  fs::permissions(dir / "base.yaml", fs::perms::owner_all);
  fs::remove_all(dir);
  if (readable) GTEST_SKIP() << "running as root: permissions are not enforced";
  EXPECT_EQ(msg, (dir / "mine.yaml").string() + ":1:10: extends: expected a readable file, got \"" +
                     (dir / "base.yaml").string() + "\" (Permission denied)");
}

TEST(BadScenario, MissingFile) {
  const std::string msg = scenario_error([&] { (void)load_scenario_file("no/such/file.yaml"); });
  EXPECT_EQ(msg, "no/such/file.yaml: expected an existing file, got \"no/such/file.yaml\" (not found)");
}

TEST(BadScenario, EveryProblemIsReportedNotOnlyTheFirst) {
  const std::string text = R"(format: 2
name: x
horizon: 10
specialties: [general]
tiers: {township: {general: 2}}
facilities:
  - {id: t, tier: township, servers: -3, population: 100}
conditions:
  - {name: c, specialty: genral, severity: minor, required_level: 1, per_1000_per_year: 1, service: 5min}
)";
  const std::string msg = scenario_error([&] { (void)load_scenario_text(text, "many.yaml"); });
  EXPECT_EQ(msg,
            "many.yaml:1:9: format: expected 1 (the only format this tiersim reads), got 2\n"
            "many.yaml:3:10: horizon: expected a duration with a unit (30s, 45min, 2h, 3d, 1w, 1y), got 10 without a unit\n"
            "many.yaml:7:38: facilities[t].servers: expected a whole number 0-100000, got -3\n"
            "many.yaml:9:26: conditions[c].specialty: expected a specialty, got \"genral\" (did you mean 'general'?)");
}

TEST(BadScenario, ProgrammaticOverrideErrorsNameTheOverride) {
  const std::string file = scenarios_dir() + "tests/hengkou-baseline.yaml";
  const std::string msg = scenario_error(
      [&] { (void)load_scenario_file(file, {{"facilities[meiziwu].beds", "lots"}}); });
  EXPECT_EQ(msg, "<override>: facilities[meiziwu].beds: expected a whole number 0-1000000, got \"lots\" "
                 "(from override facilities[meiziwu].beds=lots)");
  const std::string path_msg = scenario_error([&] { (void)load_scenario_file(file, {{"conditions[9].name", "x"}}); });
  EXPECT_EQ(path_msg, "<override>: conditions[9].name: expected an index below 2 (the length of 'conditions'), got 9 "
                      "(from override conditions[9].name=x)");
  const std::string key_msg = scenario_error([&] { (void)load_scenario_file(file, {{"policy.when_ful", "refer"}}); });
  EXPECT_EQ(key_msg, "<override>: policy.when_ful: unknown key \"when_ful\" (did you mean 'when_full'?) "
                     "(from override policy.when_ful=refer)");
}

}  // namespace
}  // namespace tiersim::scenario
