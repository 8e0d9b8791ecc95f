// The analytic model on small networks whose Jackson rates are worked out by hand here
// (villages -> township -> county): routing by level, misjudgement, bypass, green channel,
// beds, expert visits and capacity building, opening hours; dense and sparse solves agree.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "flow/scenario_builder.hpp"
#include "tiersim/analytic/analytic.hpp"
#include "tiersim/network/network.hpp"

namespace tiersim::analytic {
namespace {

using scenario::Distribution;
using scenario::Severity;
using scenario::Tier;
using testing::ScenarioBuilder;

constexpr int kVillages = 4;
constexpr double kRel = 1e-6;

// Independent M/M/c wait: textbook series for P(wait).
double mmc_wait_series(double lambda, double mean, int c) {
  const double a = lambda * mean;
  long double term = 1, sum = 0;
  for (int k = 0; k < c; ++k) {
    sum += term;
    term *= static_cast<long double>(a) / (k + 1);
  }
  const long double last = term * c / (c - a);
  return static_cast<double>(last / (sum + last)) * mean / (c - a);
}

double per_minute(double population, double per_1000) { return population * per_1000 / 1000.0 / kYear; }

const FacilityEstimate& find(const Analysis& a, const std::string& id) {
  for (const auto& e : a.facilities) {
    if (e.id == id) return e;
  }
  throw std::runtime_error("no facility " + id);
}

void expect_rel(double actual, double expected, const std::string& what) {
  EXPECT_NEAR(actual, expected, kRel * std::abs(expected)) << what;
}

// Villages (level 1, 1 server) -> township (level 2) -> county (level 3).
struct Tree {
  ScenarioBuilder b;
  FacilityIndex county, town;
  Tree(double population, int town_servers = 2, int county_servers = 8, std::vector<std::string> sp = {"general"})
      : b(std::move(sp)) {
    county = b.facility("county", Tier::kCounty, county_servers, 0, 0, {3});
    town = b.facility("town", Tier::kTownship, town_servers, 0, 0, {2});
    for (int v = 0; v < kVillages; ++v) {
      const auto f = b.facility("v" + std::to_string(v), Tier::kVillage, 1, 0, population, {1});
      b.link(f, town, Distribution::constant(15));
    }
    b.link(town, county, Distribution::constant(40));
  }
  Analysis analyze(const AnalyzeOptions& o = {}) {
    const auto s = b.build();
    return analytic::analyze(s, network::Network::build(s), o);
  }
};

TEST(AnalyticNetwork, AllCasesNeedingLevel3GoThroughEveryTier) {
  const double pop = 20000, inc = 500;
  Tree t(pop);
  t.b.condition("x", Severity::kSevere, 3, inc, Distribution::exponential(10));
  const Analysis a = t.analyze();
  const double lv = per_minute(pop, inc);
  for (int v = 0; v < kVillages; ++v) {
    const auto& e = find(a, "v" + std::to_string(v));
    expect_rel(e.arrival_rate_per_min, lv, e.id);
    EXPECT_EQ(e.method, "erlang-c");
    expect_rel(e.expected_wait_minutes, mmc_wait_series(lv, 10, 1), e.id + " wait");
  }
  for (const char* id : {"town", "county"}) {
    const auto& e = find(a, id);
    const int c = std::string(id) == "town" ? 2 : 8;
    expect_rel(e.arrival_rate_per_min, kVillages * lv, id);
    expect_rel(e.offered_load, kVillages * lv * 10, id);
    expect_rel(e.utilisation, kVillages * lv * 10 / c, id);
    EXPECT_EQ(e.method, "erlang-c") << id;
    expect_rel(e.expected_wait_minutes, mmc_wait_series(kVillages * lv, 10, c), std::string(id) + " wait");
  }
  EXPECT_TRUE(a.warnings.empty());
  EXPECT_EQ(a.solver, "dense LU");
}

TEST(AnalyticNetwork, MixedLevelsMisjudgementAndBypass) {
  const double pop = 15000, ia = 900, ib = 400, ic = 150;
  Tree t(pop);
  auto& s = t.b.scenario();
  s.policy.misjudge = {0.1, 0.05, 0.02, 0};
  s.policy.bypass[static_cast<int>(Severity::kModerate)] = 0.2;
  s.policy.bypass[static_cast<int>(Severity::kSevere)] = 0.5;
  for (auto [name, sev, level, inc] : {std::tuple{"a", Severity::kMinor, 1, ia}, {"b", Severity::kModerate, 2, ib},
                                       {"c", Severity::kSevere, 3, ic}}) {
    auto& c = t.b.condition(name, sev, level, inc, Distribution::exponential(10));
    c.service_by_tier[static_cast<int>(Tier::kCounty)] = Distribution::exponential(30);
  }
  const Analysis a = t.analyze();
  const double ra = per_minute(pop, ia), rb = per_minute(pop, ib), rc = per_minute(pop, ic);
  // Village: a stays (misjudged up 10%), b and c mostly referred (90%); bypass skips it.
  const double village = ra + 0.8 * rb + 0.5 * rc;
  const double town = kVillages * (0.1 * ra + 0.8 * rb * 0.9 + 0.5 * rc * 0.9);
  const double county =
      kVillages * (0.1 * ra * 0.05 + (0.2 * rb + 0.8 * rb * 0.9 * 0.05) + (0.5 * rc + 0.5 * rc * 0.9 * 0.95));
  expect_rel(find(a, "v2").arrival_rate_per_min, village, "village");
  expect_rel(find(a, "town").arrival_rate_per_min, town, "town");
  expect_rel(find(a, "county").arrival_rate_per_min, county, "county");
  // One exponential mean per facility: exact Erlang-C everywhere.
  expect_rel(find(a, "town").expected_wait_minutes, mmc_wait_series(town, 10, 2), "town wait");
  expect_rel(find(a, "county").expected_wait_minutes, mmc_wait_series(county, 30, 8), "county wait");
  EXPECT_EQ(find(a, "county").method, "erlang-c");

  // The same network solved by the sparse path gives the same numbers.
  const Analysis sparse = t.analyze(AnalyzeOptions{0});
  EXPECT_EQ(sparse.solver, "sparse LU");
  for (std::size_t i = 0; i < a.facilities.size(); ++i) {
    expect_rel(sparse.facilities[i].arrival_rate_per_min, a.facilities[i].arrival_rate_per_min, a.facilities[i].id);
  }
}

TEST(AnalyticNetwork, MixtureOfMeansUsesAllenCunneen) {
  const double pop = 15000, ib = 400, ic = 200;
  Tree t(pop);
  t.b.condition("b", Severity::kModerate, 2, ib, Distribution::exponential(10));
  t.b.condition("c", Severity::kSevere, 3, ic, Distribution::exponential(25));
  const Analysis a = t.analyze();
  const double lb = kVillages * per_minute(pop, ib), lc = kVillages * per_minute(pop, ic);
  const double lambda = lb + lc;
  const double mean = (lb * 10 + lc * 25) / lambda;
  const double second = (lb * 2 * 100 + lc * 2 * 625) / lambda;
  const double scv = second / (mean * mean) - 1;
  const auto& town = find(a, "town");
  EXPECT_EQ(town.method, "allen-cunneen");
  expect_rel(town.mean_service_minutes, mean, "mean");
  expect_rel(town.service_scv, scv, "scv");
  expect_rel(town.expected_wait_minutes, (1 + scv) / 2 * mmc_wait_series(lambda, mean, 2), "wait");
  EXPECT_EQ(find(a, "county").method, "erlang-c");  // only c reaches the county
}

TEST(AnalyticNetwork, UnstableFacilityIsWarnedAbout) {
  // County: 2 servers, 60-minute service, 2.5 erlangs offered.
  const double lambda = 2.5 / 60;
  const double inc = 500, pop = lambda / kVillages * kYear * 1000 / inc;
  Tree t(pop, 2, 2);
  auto& c = t.b.condition("x", Severity::kSevere, 3, inc, Distribution::exponential(5));
  c.service_by_tier[static_cast<int>(Tier::kCounty)] = Distribution::exponential(60);
  const Analysis a = t.analyze();
  const auto& county = find(a, "county");
  EXPECT_EQ(county.method, "unstable");
  EXPECT_TRUE(std::isinf(county.expected_wait_minutes));
  expect_rel(county.utilisation, 1.25, "utilisation");
  ASSERT_EQ(a.warnings.size(), 1u);
  EXPECT_EQ(a.warnings[0], "county: utilisation 1.25 (offered load 2.5 erlangs on 2 servers): unstable, queues grow without bound");
}

TEST(AnalyticNetwork, GreenChannelGoesStraightToTheAbleFacility) {
  const double pop = 40000, inc = 100;
  Tree t(pop);
  auto& s = t.b.scenario();
  s.policy.green_channel.enabled = true;
  s.policy.green_channel.activation = Distribution::constant(30);
  auto& c = t.b.condition("stemi", Severity::kCritical, 3, inc, Distribution::exponential(10));
  c.time_critical = scenario::TimeCritical{};
  Analysis a = t.analyze();
  const double total = kVillages * per_minute(pop, inc);
  EXPECT_EQ(find(a, "v0").arrival_rate_per_min, 0.0);
  EXPECT_EQ(find(a, "town").arrival_rate_per_min, 0.0);
  expect_rel(find(a, "county").arrival_rate_per_min, total, "county");
  expect_rel(find(a, "county").mean_service_minutes, 10, "activation happens before service on the channel");

  // Channel off: through every tier, and the county's server holds the patient through the
  // team's activation (30 min) as well.
  s.policy.green_channel.enabled = false;
  a = t.analyze();
  expect_rel(find(a, "town").arrival_rate_per_min, total, "town");
  expect_rel(find(a, "county").mean_service_minutes, 40, "county service + activation");
  expect_rel(find(a, "town").mean_service_minutes, 10, "town: not able, no activation");
  EXPECT_EQ(find(a, "county").method, "allen-cunneen");
}

TEST(AnalyticNetwork, BedsAdmissionsAndErlangB) {
  const double pop = 50000, inc = 300, p = 0.3, stay = 3 * kDay;
  Tree t(pop);
  auto& s = t.b.scenario();
  s.facilities[t.county].beds = 60;
  auto& c = t.b.condition("pneumonia", Severity::kModerate, 2, inc, Distribution::exponential(15));
  c.admission = scenario::Admission{p, Distribution::exponential(stay)};
  const Analysis a = t.analyze();
  const double total = kVillages * per_minute(pop, inc);
  // The township is able by level but has no bed: the admitted share goes on to the county.
  expect_rel(find(a, "town").arrival_rate_per_min, total, "town");
  expect_rel(find(a, "county").arrival_rate_per_min, p * total, "county");
  const auto& county = find(a, "county");
  expect_rel(county.admissions_per_min, p * total, "admissions");
  expect_rel(county.bed_offered_load, p * total * stay, "bed load");
  expect_rel(county.bed_blocking_probability, erlang_b(60, p * total * stay), "blocking");
  EXPECT_EQ(find(a, "town").bed_offered_load, 0.0);
}

TEST(AnalyticNetwork, ExpertVisitsAndCapacityBuilding) {
  const double pop = 20000, inc = 600;
  Tree t(pop, 2, 8, {"cardiology"});
  auto& s = t.b.scenario();
  s.horizon = kYear;
  scenario::ExpertVisit v;
  v.from = t.county;
  v.to = t.town;
  v.experts = 1;
  v.every = kWeek;
  v.duration = 8 * kHour;
  v.first = 8 * kHour;
  s.policy.expert_visits.push_back(v);
  t.b.condition("af", Severity::kSevere, 3, inc, Distribution::exponential(20));
  Analysis a = t.analyze();
  const double total = kVillages * per_minute(pop, inc);
  const double share = 8 * kHour / kWeek;  // 1/21 of the time a level-3 expert is there
  expect_rel(find(a, "town").effective_servers, 2 + share, "host servers");
  expect_rel(find(a, "county").effective_servers, 8 - (8 * kHour + 2 * 40) / kWeek, "home servers");
  expect_rel(find(a, "county").arrival_rate_per_min, total * (1 - share), "county");
  expect_rel(find(a, "town").utilisation, total * 20 / (2 + share), "host utilisation");

  // Capacity building: after 4 visits (32 hours on site) the township is level 3 for good,
  // from the end of the 4th visit: 8h + 3 weeks + 40 min travel + 8h.
  s.policy.expert_visits[0].capacity_building = scenario::CapacityBuilding{4 * 8 * kHour, 3};
  a = t.analyze();
  const double built = 8 * kHour + 3 * kWeek + 40 + 8 * kHour;
  const double after = (kYear - built) / kYear;
  const double able = after + (1 - after) * share;
  expect_rel(find(a, "county").arrival_rate_per_min, total * (1 - able), "county after building");
}

TEST(AnalyticNetwork, OpeningHoursWithReferWhenClosed) {
  const double pop = 30000, inc = 800;
  Tree t(pop);
  auto& s = t.b.scenario();
  s.policy.when_closed = scenario::WhenClosed::kRefer;
  for (auto& f : s.facilities) {
    if (f.tier != Tier::kVillage) continue;
    f.hours.always = false;
    f.hours.open = 8 * kHour;
    f.hours.close = 16 * kHour;
  }
  t.b.condition("cold", Severity::kMinor, 1, inc, Distribution::exponential(10));
  const Analysis a = t.analyze();
  const double lv = per_minute(pop, inc);
  const auto& v = find(a, "v1");
  // Flat profile: a third of the patients find the clinic open; the rest go up unseen.
  expect_rel(v.arrival_rate_per_min, lv / 3, "village");
  expect_rel(v.open_share, 1.0 / 3, "open share");
  expect_rel(v.utilisation, lv * 10, "utilisation per open hour");
  expect_rel(find(a, "town").arrival_rate_per_min, kVillages * lv * 2 / 3, "town");
  EXPECT_EQ(find(a, "county").arrival_rate_per_min, 0.0);
}

}  // namespace
}  // namespace tiersim::analytic
