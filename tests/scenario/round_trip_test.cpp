// resolved_yaml() loads again to an equal scenario; the JSON Schema is JSON and lists every
// top-level key; durations, overrides, extends and sweep designs behave as documented.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "test_paths.hpp"
#include "tiersim/scenario/load.hpp"

namespace tiersim::scenario {
namespace {

using tiersim::testing::scenario_error;
using tiersim::testing::scenarios_dir;

bool same(const Distribution& a, const Distribution& b) {
  return a.kind() == b.kind() && a.params() == b.params() && a.values() == b.values() && a.weights() == b.weights();
}

bool same(const std::optional<Distribution>& a, const std::optional<Distribution>& b) {
  return a.has_value() == b.has_value() && (!a || same(*a, *b));
}

// Every field except positions and source_file.
void expect_equal(const Scenario& a, const Scenario& b) {
  EXPECT_EQ(a.name, b.name);
  EXPECT_EQ(a.description, b.description);
  EXPECT_EQ(a.horizon, b.horizon);
  EXPECT_EQ(a.warmup, b.warmup);
  EXPECT_EQ(a.replications, b.replications);
  EXPECT_EQ(a.seed, b.seed);
  EXPECT_EQ(a.specialties, b.specialties);
  EXPECT_EQ(a.tier_defaults, b.tier_defaults);
  ASSERT_EQ(a.facilities.size(), b.facilities.size());
  for (std::size_t i = 0; i < a.facilities.size(); ++i) {
    const auto &x = a.facilities[i], &y = b.facilities[i];
    EXPECT_EQ(x.id, y.id);
    EXPECT_EQ(x.name, y.name);
    EXPECT_EQ(x.tier, y.tier);
    EXPECT_EQ(x.servers, y.servers);
    EXPECT_EQ(x.beds, y.beds);
    EXPECT_EQ(x.population, y.population);
    EXPECT_EQ(x.capability, y.capability);
    EXPECT_EQ(x.hours.always, y.hours.always);
    EXPECT_EQ(x.hours.open, y.hours.open);
    EXPECT_EQ(x.hours.close, y.hours.close);
    EXPECT_EQ(x.parent, y.parent);
    EXPECT_EQ(x.refer_to, y.refer_to);
  }
  ASSERT_EQ(a.links.size(), b.links.size());
  for (std::size_t i = 0; i < a.links.size(); ++i) {
    EXPECT_EQ(a.links[i].from, b.links[i].from);
    EXPECT_EQ(a.links[i].to, b.links[i].to);
    EXPECT_TRUE(same(a.links[i].travel, b.links[i].travel)) << i;
    EXPECT_EQ(a.links[i].km, b.links[i].km);
  }
  ASSERT_EQ(a.conditions.size(), b.conditions.size());
  for (std::size_t i = 0; i < a.conditions.size(); ++i) {
    const auto &x = a.conditions[i], &y = b.conditions[i];
    EXPECT_EQ(x.name, y.name);
    EXPECT_EQ(x.specialty, y.specialty);
    EXPECT_EQ(x.severity, y.severity);
    EXPECT_EQ(x.required_level, y.required_level);
    EXPECT_EQ(x.per_1000_per_year, y.per_1000_per_year);
    EXPECT_TRUE(same(x.service, y.service));
    for (int t = 0; t < kTierCount; ++t) EXPECT_TRUE(same(x.service_by_tier[t], y.service_by_tier[t]));
    ASSERT_EQ(x.admission.has_value(), y.admission.has_value());
    if (x.admission) {
      EXPECT_EQ(x.admission->probability, y.admission->probability);
      EXPECT_TRUE(same(x.admission->stay, y.admission->stay));
    }
    EXPECT_EQ(x.step_down, y.step_down);
    ASSERT_EQ(x.time_critical.has_value(), y.time_critical.has_value());
    if (x.time_critical) {
      EXPECT_EQ(x.time_critical->window, y.time_critical->window);
      EXPECT_TRUE(same(x.time_critical->onset_to_contact, y.time_critical->onset_to_contact));
      EXPECT_EQ(x.time_critical->targets.fmc_to_ecg, y.time_critical->targets.fmc_to_ecg);
      EXPECT_EQ(x.time_critical->targets.door_to_treatment, y.time_critical->targets.door_to_treatment);
      EXPECT_EQ(x.time_critical->targets.door_in_door_out, y.time_critical->targets.door_in_door_out);
      EXPECT_EQ(x.time_critical->targets.fmc_to_treatment, y.time_critical->targets.fmc_to_treatment);
    }
  }
  EXPECT_EQ(a.arrivals.hourly, b.arrivals.hourly);
  EXPECT_EQ(a.arrivals.weekly, b.arrivals.weekly);
  const Policy &p = a.policy, &q = b.policy;
  EXPECT_EQ(p.bypass, q.bypass);
  EXPECT_EQ(p.out_of_county, q.out_of_county);
  EXPECT_EQ(p.misjudge, q.misjudge);
  EXPECT_EQ(p.step_down, q.step_down);
  EXPECT_EQ(p.when_full, q.when_full);
  EXPECT_EQ(p.when_closed, q.when_closed);
  ASSERT_EQ(p.reneging.has_value(), q.reneging.has_value());
  if (p.reneging) {
    EXPECT_TRUE(same(p.reneging->patience, q.reneging->patience));
    EXPECT_EQ(p.reneging->tiers, q.reneging->tiers);
    EXPECT_EQ(p.reneging->go_up, q.reneging->go_up);
  }
  EXPECT_EQ(p.green_channel.enabled, q.green_channel.enabled);
  EXPECT_TRUE(same(p.green_channel.tele_consult, q.green_channel.tele_consult));
  EXPECT_TRUE(same(p.green_channel.activation, q.green_channel.activation));
  ASSERT_EQ(p.expert_visits.size(), q.expert_visits.size());
  for (std::size_t i = 0; i < p.expert_visits.size(); ++i) {
    const auto &x = p.expert_visits[i], &y = q.expert_visits[i];
    EXPECT_EQ(x.from, y.from);
    EXPECT_EQ(x.to, y.to);
    EXPECT_EQ(x.specialty, y.specialty);
    EXPECT_EQ(x.experts, y.experts);
    EXPECT_EQ(x.every, y.every);
    EXPECT_EQ(x.duration, y.duration);
    EXPECT_EQ(x.first, y.first);
    ASSERT_EQ(x.capacity_building.has_value(), y.capacity_building.has_value());
    if (x.capacity_building) {
      EXPECT_EQ(x.capacity_building->after, y.capacity_building->after);
      EXPECT_EQ(x.capacity_building->raise_to, y.capacity_building->raise_to);
    }
  }
  ASSERT_EQ(p.outreach.size(), q.outreach.size());
  for (std::size_t i = 0; i < p.outreach.size(); ++i) {
    const auto &x = p.outreach[i], &y = q.outreach[i];
    EXPECT_EQ(x.from, y.from);
    EXPECT_EQ(x.to, y.to);
    EXPECT_EQ(x.specialty, y.specialty);
    EXPECT_EQ(x.level, y.level);
    EXPECT_EQ(x.staff, y.staff);
    EXPECT_EQ(x.every, y.every);
    EXPECT_EQ(x.first, y.first);
    EXPECT_EQ(x.duration, y.duration);
    EXPECT_EQ(x.per_event, y.per_event);
    ASSERT_EQ(x.conditions.size(), y.conditions.size());
    for (std::size_t k = 0; k < x.conditions.size(); ++k) {
      EXPECT_EQ(x.conditions[k].condition, y.conditions[k].condition);
      EXPECT_EQ(x.conditions[k].share, y.conditions[k].share);
    }
  }
}

// Every distribution, odd durations (seconds, fractions), closed hours across midnight.
const char* kEverything = R"(format: 1
name: everything
horizon: 2w
warmup: 90s
seed: 18446744073709551615
specialties: [general, cardiology]
tiers: {village: {general: 1}, township: {general: 2}, county: {general: 3, cardiology: 3}, regional: {cardiology: 3}}
facilities:
  - {id: prov, tier: regional, servers: 3, refer_to: county}
  - {id: county, tier: county, servers: 4, beds: 20, hours: "20:00-06:00"}
  - id: town
    tier: township
    population: 12345.5
    villages: {count: 100, population: 10, travel: {dist: uniform, min: 1min, max: 0.1min}, km: 2.5}
links:
  - {from: town, to: county, travel: {dist: triangular, min: 5min, mode: 10min, max: 20min}}
  - {from: prov, to: county, travel: {dist: gamma, mean: 2h, sd: 0.5h}, km: 120}
conditions:
  - name: a
    specialty: general
    severity: moderate
    required_level: 2
    per_1000_per_year: 0.125
    service: {dist: erlang, k: 3, mean: 17.5min}
    service_by_tier: {village: {dist: weibull, shape: 1.5, scale: 7s}, county: {dist: normal, mean: 20min, sd: 5min}}
    admission: {probability: 0.3, stay: {dist: empirical, values: [1d, 2d, 36h], weights: [1, 2, 0.5]}}
    step_down: 1.5d
  - name: b
    specialty: cardiology
    severity: severe
    required_level: 3
    per_1000_per_year: 1
    service: {dist: exponential, mean: 1y}
    time_critical: {onset_to_contact: {dist: constant, value: 3min}, targets: {door_in_door_out: 30min}}
arrivals: {weekly: [1, 1, 1, 1, 1, 0.5, 0.25]}
policy:
  out_of_county: {severe: 0.25}
  bypass: {severe: 0.75}
  when_closed: refer
  when_full: refer
  reneging: {patience: 4h, then: go_up}
  green_channel: {enabled: false}
  expert_visits:
    - {from: county, to: town, specialty: cardiology, every: 3d, first: 0min}
  outreach:
    - {from: county, to: [town, prov, town], specialty: general, staff: 3, every: 10d, duration: 5.5h,
       attendance: {per_event: 77, conditions: {a: 0.125, b: 0.875}}}
    - {from: prov, to: county, specialty: cardiology, level: 2, every: 3w, first: 2d, duration: 1d,
       attendance: {per_event: 0, conditions: {b: 1}}}
)";

TEST(RoundTrip, ResolvedYamlLoadsToAnEqualScenario) {
  for (const std::string name : {"tests/hengkou-baseline.yaml", "tests/hengkou-more-visits.yaml"}) {
    const Scenario a = load_scenario_file(scenarios_dir() + name);
    const std::string text = resolved_yaml(a);
    const Scenario b = load_scenario_text(text, "resolved.yaml");
    expect_equal(a, b);
    EXPECT_EQ(resolved_yaml(b), text);
  }
}

TEST(RoundTrip, EveryDistributionAndOddValuesSurvive) {
  // The villages' travel has max < min: fix it here so the file is valid.
  std::string text = kEverything;
  text.replace(text.find("max: 0.1min"), 11, "max: 1.5min");
  const Scenario a = load_scenario_text(text, "everything.yaml");
  ASSERT_EQ(a.facilities.size(), 103u);
  EXPECT_EQ(a.facilities[3].id, "town.v001");  // three digits from 100 villages
  EXPECT_EQ(a.facilities[102].id, "town.v100");
  EXPECT_EQ(a.warmup, 1.5);
  EXPECT_EQ(a.seed, 18446744073709551615u);
  EXPECT_EQ(a.facilities[1].hours.open, 20 * 60);
  EXPECT_EQ(a.facilities[1].hours.close, 6 * 60);
  EXPECT_EQ(a.policy.expert_visits[0].duration, 8 * kHour);
  EXPECT_EQ(a.policy.expert_visits[0].first, 0);
  EXPECT_TRUE(a.policy.reneging->go_up);
  EXPECT_TRUE(a.policy.reneging->tiers[3]);  // default: every tier
  ASSERT_EQ(a.policy.outreach.size(), 2u);
  EXPECT_EQ(a.policy.outreach[0].to, (std::vector<FacilityIndex>{2, 0, 2}));
  EXPECT_EQ(a.policy.outreach[0].level, 3);   // default: home's own level for the specialty
  EXPECT_EQ(a.policy.outreach[0].first, 8 * kHour);
  EXPECT_EQ(a.policy.outreach[1].to, (std::vector<FacilityIndex>{1}));  // one id alone is a list of one
  EXPECT_EQ(a.policy.outreach[1].staff, 1);
  EXPECT_EQ(a.policy.outreach[1].conditions[0].condition, 1u);
  const Scenario b = load_scenario_text(resolved_yaml(a), "resolved.yaml");
  expect_equal(a, b);
  // and the mistake we fixed is reported where it is
  EXPECT_EQ(scenario_error([] { (void)load_scenario_text(kEverything, "e.yaml"); }),
            "e.yaml:14:84: facilities[town].villages.travel.max: expected a duration >= min (1min), got 0.1min");
}

TEST(Schema, IsJsonListingEveryTopLevelKey) {
  const auto schema = nlohmann::json::parse(json_schema());
  EXPECT_EQ(schema["$schema"], "https://json-schema.org/draft/2020-12/schema");
  for (const char* key : {"format", "name", "description", "horizon", "warmup", "replications", "seed", "specialties",
                          "tiers", "facilities", "links", "conditions", "arrivals", "policy", "extends", "set", "observed"}) {
    EXPECT_TRUE(schema["properties"].contains(key)) << key;
  }
  EXPECT_EQ(schema["properties"].size(), 17u);
  EXPECT_EQ(schema["else"]["required"].size(), 7u);
  const auto& facility = schema["properties"]["facilities"]["items"]["properties"];
  EXPECT_TRUE(facility.contains("villages"));
  EXPECT_TRUE(facility.contains("refer_to"));
  EXPECT_EQ(schema["$defs"]["distribution"]["oneOf"].size(), 11u);  // shorthand + 10 kinds
}

TEST(Overrides, ByIdByNameByIndexAndCreatingKeys) {
  const std::string file = scenarios_dir() + "tests/hengkou-baseline.yaml";
  const Scenario s = load_scenario_file(
      file, {{"facilities[county].beds", "12"},
             {"conditions[stemi].admission.stay", "{dist: exponential, mean: 5d}"},
             {"policy.expert_visits[0].first", "1d"},
             {"policy.when_closed", "refer"},
             {"facilities[1].capability", "{neurology: 3}"}});
  EXPECT_EQ(s.facilities[0].beds, 12);
  EXPECT_EQ(s.conditions[1].admission->stay.kind(), random::DistKind::kExponential);
  EXPECT_EQ(s.policy.expert_visits[0].first, kDay);
  EXPECT_EQ(s.policy.when_closed, WhenClosed::kRefer);
  EXPECT_EQ(s.facilities[1].capability, (std::vector<int>{2, 1, 3, 1, 2}));  // replaced whole
}

TEST(Overrides, OutreachKeysCanBeSetLikeAnyOther) {
  // As a sweep's `vary:` or a file's `set:` would: the paths reach into policy.outreach.
  std::string text = kEverything;
  text.replace(text.find("max: 0.1min"), 11, "max: 1.5min");
  const Scenario s = load_scenario_text(text, "everything.yaml",
                                        {{"policy.outreach[0].every", "2w"},
                                         {"policy.outreach[0].attendance.per_event", "120"},
                                         {"policy.outreach[1].to", "[town]"}});
  EXPECT_EQ(s.policy.outreach[0].every, 2 * kWeek);
  EXPECT_EQ(s.policy.outreach[0].per_event, 120);
  EXPECT_EQ(s.policy.outreach[1].to, (std::vector<FacilityIndex>{2}));
  EXPECT_EQ(scenario_error([&] { (void)load_scenario_text(text, "e.yaml", {{"policy.outreach[0].every", "5h"}}); }),
            "e.yaml:46:98: policy.outreach[0].duration: expected a duration shorter than every (5h), got 5.5h");
}

TEST(Overrides, ExtendsReplacesTopLevelKeysWhole) {
  const std::string text = "extends: tests/hengkou-baseline.yaml\nname: other\narrivals: {weekly: [1, 1, 1, 1, 1, 1, 2]}\n";
  const Scenario s = load_scenario_text(text, scenarios_dir() + "variant.yaml");
  EXPECT_EQ(s.name, "other");
  EXPECT_EQ(s.arrivals.hourly[0], 1.0);  // the base's hourly profile went with its arrivals block
  EXPECT_EQ(s.arrivals.weekly[6], 2.0);
}

std::vector<std::string> flat(const std::vector<std::vector<Override>>& points) {
  std::vector<std::string> out;
  for (const auto& point : points) {
    for (const auto& o : point) out.push_back(o.path + "=" + o.yaml_value);
  }
  return out;
}

TEST(SweepDesign, RandomPointsAreFixedByTheSeed) {
  Sweep s;
  s.design = SweepDesign::kRandom;
  s.random_points = 50;
  s.random_seed = 7;
  s.axes = {{"a", {"1", "2", "3"}}, {"b", {"x", "y"}}};
  const auto p = s.points();
  ASSERT_EQ(p.size(), 50u);
  EXPECT_EQ(flat(p), flat(s.points()));
  // Independent computation of the documented rule: one stream, axis by axis.
  random::RandomStream rng(7);
  int count_3 = 0;
  for (const auto& point : p) {
    EXPECT_EQ(point[0].yaml_value, s.axes[0].values[rng.below(3)]);
    EXPECT_EQ(point[1].yaml_value, s.axes[1].values[rng.below(2)]);
    count_3 += point[0].yaml_value == "3";
  }
  // Uniform choice: 50 draws with p = 1/3 give 3..30 with probability > 0.9999.
  EXPECT_GT(count_3, 3);
  EXPECT_LT(count_3, 30);
  s.random_seed = 8;
  EXPECT_NE(flat(p), flat(s.points()));
}

TEST(Durations, UnitsAndRefusals) {
  const auto horizon = [](const std::string& h) {
    const std::string text = "format: 1\nname: d\nhorizon: " + h +
                             "\nspecialties: [g]\ntiers: {county: {g: 3}}\nfacilities: [{id: c, tier: county}]\n"
                             "conditions: [{name: x, specialty: g, severity: minor, required_level: 1, "
                             "per_1000_per_year: 1, service: 1min}]\n";
    return load_scenario_text(text, "d.yaml").horizon;
  };
  EXPECT_EQ(horizon("30s"), 0.5);
  EXPECT_EQ(horizon("45min"), 45);
  EXPECT_EQ(horizon("2h"), 120);
  EXPECT_EQ(horizon("3d"), 3 * kDay);
  EXPECT_EQ(horizon("1w"), kWeek);
  EXPECT_EQ(horizon("1y"), 365 * kDay);
  EXPECT_EQ(horizon("1.5h"), 90);
  EXPECT_THROW((void)horizon("2 hours"), ScenarioError);
  EXPECT_THROW((void)horizon("-1d"), ScenarioError);
  EXPECT_THROW((void)horizon("0d"), ScenarioError);  // a horizon must be > 0
  EXPECT_THROW((void)horizon(".nan"), ScenarioError);
}

}  // namespace
}  // namespace tiersim::scenario

namespace tiersim::scenario {
namespace {

TEST(Observed, DecodesAndRoundTrips) {
  const std::string base = std::string(TIERSIM_SOURCE_DIR) + "/scenarios/tests/sweep_base.yaml";
  const auto s = load_scenario_text("extends: " + base + "\nobserved:\n  patients.created: {value: 2000, sd: 40, source: county}\n  "
                                    "referrals_from.township: {value: 130}\n",
                                    "observed.yaml");
  ASSERT_EQ(s.observed.size(), 2u);
  EXPECT_EQ(s.observed[0].metric, "patients.created");
  EXPECT_EQ(s.observed[0].sd, 40);
  EXPECT_EQ(s.observed[0].source, "county");
  EXPECT_EQ(s.observed[1].sd, 0);  // not given
  const auto again = load_scenario_text(resolved_yaml(s), "resolved.yaml");
  ASSERT_EQ(again.observed.size(), 2u);
  EXPECT_EQ(again.observed[1].value, 130);
  try {
    (void)load_scenario_text("extends: " + base + "\nobserved:\n  patients.created: {value: 2000, sd: 0}\n", "bad.yaml");
    ADD_FAILURE() << "sd 0 accepted";
  } catch (const ScenarioError& e) {
    EXPECT_NE(std::string(e.what()).find("bad.yaml:3:39: observed.patients.created.sd: expected a standard deviation > 0, got 0"),
              std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace tiersim::scenario
