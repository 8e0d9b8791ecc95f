// Every YAML example of docs/SCENARIO.md loads (copied into scenarios/tests/), with the values
// the document gives.
#include <gtest/gtest.h>

#include "test_paths.hpp"
#include "tiersim/scenario/load.hpp"

namespace tiersim::scenario {
namespace {

using tiersim::testing::scenarios_dir;

TEST(DocExamples, MainExampleLoadsWithItsValues) {
  const Scenario s = load_scenario_file(scenarios_dir() + "tests/hengkou-baseline.yaml");
  EXPECT_EQ(s.name, "hengkou-baseline");
  EXPECT_EQ(s.horizon, kYear);
  EXPECT_EQ(s.warmup, 30 * kDay);
  EXPECT_EQ(s.replications, 20);
  EXPECT_EQ(s.seed, 20230101u);
  ASSERT_EQ(s.specialties.size(), 5u);
  // county + meiziwu + 38 generated villages
  ASSERT_EQ(s.facilities.size(), 40u);
  EXPECT_EQ(s.facilities[2].id, "meiziwu.v01");
  EXPECT_EQ(s.facilities[39].id, "meiziwu.v38");
  EXPECT_EQ(s.facilities[39].parent, "meiziwu");
  EXPECT_EQ(s.facilities[39].tier, Tier::kVillage);
  EXPECT_EQ(s.facilities[39].population, 900);
  EXPECT_EQ(s.facilities[39].capability, (std::vector<int>{1, 0, 0, 0, 0}));
  EXPECT_FALSE(s.facilities[39].hours.always);
  EXPECT_EQ(s.facilities[39].hours.open, 8 * 60);
  EXPECT_EQ(s.facilities[39].hours.close, 18 * 60);
  const Facility& m = s.facilities[1];
  EXPECT_EQ(m.capability, (std::vector<int>{2, 2, 1, 1, 2}));  // cardiology raised to 2
  EXPECT_EQ(m.population, 9000);
  EXPECT_EQ(s.facilities[0].servers, 40);
  EXPECT_EQ(s.facilities[0].beds, 300);
  EXPECT_TRUE(s.facilities[0].hours.always);
  // 38 generated links, then the written one
  ASSERT_EQ(s.links.size(), 39u);
  EXPECT_EQ(s.links[38].km, 32);
  EXPECT_EQ(s.links[38].travel.kind(), random::DistKind::kLognormal);
  EXPECT_EQ(s.links[38].travel.params(), (std::vector<double>{40, 10}));
  EXPECT_EQ(s.links[0].travel.params(), (std::vector<double>{25, 10}));
  ASSERT_EQ(s.conditions.size(), 2u);
  const Condition& stemi = s.conditions[1];
  EXPECT_EQ(stemi.severity, Severity::kCritical);
  EXPECT_EQ(stemi.required_level, 3);
  EXPECT_DOUBLE_EQ(stemi.per_1000_per_year, 0.6);
  EXPECT_EQ(stemi.service_at(Tier::kVillage).kind(), random::DistKind::kConstant);
  EXPECT_EQ(stemi.service_at(Tier::kVillage).mean(), 10);
  EXPECT_EQ(stemi.service_at(Tier::kCounty).mean(), 75);
  ASSERT_TRUE(stemi.admission);
  EXPECT_EQ(stemi.admission->probability, 1.0);
  EXPECT_EQ(stemi.step_down, 3 * kDay);
  ASSERT_TRUE(stemi.time_critical);
  EXPECT_EQ(stemi.time_critical->window, 12 * kHour);
  EXPECT_EQ(stemi.time_critical->onset_to_contact.params(), (std::vector<double>{120, 90}));
  EXPECT_EQ(stemi.time_critical->targets.door_to_treatment, 90);
  EXPECT_EQ(stemi.time_critical->targets.fmc_to_ecg, 10);
  EXPECT_EQ(s.arrivals.hourly[8], 1.8);
  EXPECT_EQ(s.arrivals.weekly[6], 0.8);
  const Policy& p = s.policy;
  EXPECT_EQ(p.bypass[3], 0.5);
  EXPECT_EQ(p.out_of_county[3], 0.0);
  EXPECT_EQ(p.misjudge[1], 0.03);
  EXPECT_TRUE(p.step_down);
  EXPECT_EQ(p.when_full, WhenFull::kWait);
  EXPECT_EQ(p.when_closed, WhenClosed::kWait);
  ASSERT_TRUE(p.reneging);
  EXPECT_TRUE(p.reneging->tiers[0] && p.reneging->tiers[1] && !p.reneging->tiers[2]);
  EXPECT_FALSE(p.reneging->go_up);
  EXPECT_TRUE(p.green_channel.enabled);
  EXPECT_EQ(p.green_channel.tele_consult.kind(), random::DistKind::kTriangular);
  ASSERT_EQ(p.expert_visits.size(), 1u);
  const ExpertVisit& v = p.expert_visits[0];
  EXPECT_EQ(v.from, 0u);
  EXPECT_EQ(v.to, 1u);
  EXPECT_EQ(v.every, kWeek);
  EXPECT_EQ(v.duration, 8 * kHour);
  EXPECT_EQ(v.first, 8 * kHour);
  ASSERT_TRUE(v.capacity_building);
  EXPECT_EQ(v.capacity_building->after, 10 * kDay);
  EXPECT_EQ(v.capacity_building->raise_to, 2);
}

TEST(DocExamples, PositionsAreRecorded) {
  const std::string file = scenarios_dir() + "tests/hengkou-baseline.yaml";
  const Scenario s = load_scenario_file(file);
  EXPECT_EQ(s.source_file, file);
  EXPECT_EQ(s.facilities[1].pos.file, file);
  EXPECT_EQ(s.facilities[1].pos.line, 23);    // "- id: meiziwu" (with the copy's header line)
  EXPECT_EQ(s.facilities[1].pos.column, 5);
  EXPECT_EQ(s.facilities[5].pos.line, 32);    // generated: the villages mapping ("count: 38")
  EXPECT_EQ(s.facilities[5].pos.column, 7);
  EXPECT_EQ(s.links[38].pos.line, 39);
  EXPECT_EQ(s.links[0].pos.line, 32);         // generated with the villages
  EXPECT_EQ(s.conditions[1].pos.line, 48);
  EXPECT_EQ(s.policy.expert_visits[0].pos.line, 78);
  EXPECT_EQ(s.policy.expert_visits[0].pos.column, 7);
}

TEST(DocExamples, ExtendsVariantAppliesItsSet) {
  const Scenario s = load_scenario_file(scenarios_dir() + "tests/hengkou-more-visits.yaml");
  EXPECT_EQ(s.name, "hengkou-more-visits");
  EXPECT_EQ(s.policy.expert_visits[0].every, 3 * kDay);
  EXPECT_EQ(s.facilities[1].servers, 8);
  EXPECT_EQ(s.replications, 20);  // from the base
}

TEST(DocExamples, SweepLoadsAndEnumeratesTheGrid) {
  const Sweep sw = load_sweep_file(scenarios_dir() + "tests/hengkou-sweep.yaml");
  EXPECT_EQ(sw.base, scenarios_dir() + "tests/hengkou-baseline.yaml");
  EXPECT_EQ(sw.design, SweepDesign::kGrid);
  EXPECT_EQ(sw.replications, 10);
  ASSERT_EQ(sw.axes.size(), 3u);
  const auto points = sw.points();
  ASSERT_EQ(points.size(), 18u);
  // last axis fastest
  EXPECT_EQ(points[0][0].yaml_value, "1w");
  EXPECT_EQ(points[0][2].yaml_value, "false");
  EXPECT_EQ(points[1][2].yaml_value, "true");
  EXPECT_EQ(points[2][1].yaml_value, "6");
  EXPECT_EQ(points[17][0].yaml_value, "1d");
  EXPECT_EQ(points[17][1].yaml_value, "8");
  const Scenario last = load_scenario_file(sw.base, points[17]);
  EXPECT_EQ(last.policy.expert_visits[0].every, kDay);
  EXPECT_EQ(last.facilities[1].servers, 8);
  EXPECT_TRUE(last.policy.green_channel.enabled);
  EXPECT_TRUE(is_sweep_file(scenarios_dir() + "tests/hengkou-sweep.yaml"));
  EXPECT_FALSE(is_sweep_file(sw.base));
}

TEST(DocExamples, EmbeddedDefaultLoads) {
  const Scenario s = load_default_scenario();
  EXPECT_EQ(s.source_file, "<embedded>/hengkou.yaml");
  EXPECT_FALSE(s.facilities.empty());
}

}  // namespace
}  // namespace tiersim::scenario
