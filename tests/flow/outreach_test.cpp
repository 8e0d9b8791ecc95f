// Outreach events (sim/flow/README.md, "Outreach events"), checked against what is certain:
// event counts from the schedule, attendees and conservation counted exactly, home's
// server-hours from the schedule and travel, and the waits of a free clinic with deterministic
// arrivals and service against the D/D/c recursion worked out by hand.
#include <gtest/gtest.h>

#include <cmath>

#include "scenario_builder.hpp"
#include "tiersim/flow/flow_model.hpp"
#include "tiersim/network/network.hpp"

namespace tiersim::flow {
namespace {

using scenario::Distribution;
using scenario::Severity;
using scenario::Tier;

constexpr FacilityIndex kCounty = 0, kTown = 1, kTown2 = 2;
constexpr std::uint32_t kUri = 0, kSerious = 1;

// A county hospital (10 servers) and two townships an hour away; nobody falls ill on their
// own (incidence 0), so everyone in the run is an attendee. The team: 2 paediatric staff at
// level 2, every week from Monday 08:00, 6 hours on site at `town`.
scenario::Scenario outreach_scenario(int town_servers, int per_event, double service_minutes) {
  testing::ScenarioBuilder b({"general", "paediatrics"});
  b.facility("county", Tier::kCounty, 10, 0, 0, {3, 3});
  b.facility("town", Tier::kTownship, town_servers, 0, 0, {2, 1});
  b.facility("town2", Tier::kTownship, town_servers, 0, 0, {2, 1});
  b.link(kTown, kCounty, Distribution::constant(60));
  b.link(kTown2, kCounty, Distribution::constant(60));
  b.condition("uri", Severity::kMinor, 0, 0, Distribution::constant(service_minutes), 1);
  b.condition("serious", Severity::kModerate, 3, 0, Distribution::constant(10), 1);  // beyond the team: referred
  auto& s = b.scenario();
  s.horizon = 4 * kWeek;
  scenario::Outreach o;
  o.from = kCounty;
  o.to = {kTown};
  o.specialty = 1;
  o.level = 2;
  o.staff = 2;
  o.every = kWeek;
  o.first = 8 * kHour;
  o.duration = 6 * kHour;
  o.per_event = per_event;
  o.conditions = {{kUri, 1.0}};
  s.policy.outreach.push_back(o);
  return s;
}

stats::ReplicationResult run(const scenario::Scenario& s, int replication = 0) {
  const auto net = network::Network::build(s);
  return simulate_replication(s, net, replication);
}

TEST(Outreach, EventsAreTheDeparturesInTheMeasuredWindow) {
  struct Case {
    double warmup, first, horizon, events;
  };
  // Departures at first + k x every while before the end; counted from the end of warm-up.
  const Case cases[] = {
      {0, 0, 8 * kWeek, 8},                  // horizon / every
      {2 * kWeek, 0, 8 * kWeek, 8},          // 10 departures, the 2 in warm-up not counted
      {2 * kWeek, 3 * kDay, 8 * kWeek, 8},   // 3d, 10d, ... 66d: the two before 14d not counted
      {kWeek, 2 * kWeek, 8 * kWeek, 7},      // none in the first measured week
  };
  for (const Case& c : cases) {
    auto s = outreach_scenario(2, 0, 10);
    s.warmup = c.warmup;
    s.horizon = c.horizon;
    s.policy.outreach[0].first = c.first;
    const auto r = run(s);
    EXPECT_EQ(r.metric("outreach.events"), c.events) << "warmup " << c.warmup << ", first " << c.first;
  }
}

TEST(Outreach, HostsTakeTurnsOneEventEach) {
  auto s = outreach_scenario(2, 0, 10);
  s.horizon = 8 * kWeek;
  s.policy.outreach[0].first = 0;
  s.policy.outreach[0].to = {kTown, kTown2};
  const auto r = run(s);
  EXPECT_EQ(r.metric("outreach.events"), 8.0);
  ASSERT_TRUE(r.facilities[kTown].outreach.has_value());
  EXPECT_EQ(r.facilities[kTown].outreach->events, 4u);
  EXPECT_EQ(r.facilities[kTown2].outreach->events, 4u);
  EXPECT_EQ(r.facilities[kCounty].outreach->events, 0u);
}

TEST(Outreach, EveryAttendeeIsServedAndAccountedFor) {
  auto s = outreach_scenario(2, 40, 10);
  s.policy.outreach[0].conditions = {{kUri, 0.7}, {kSerious, 0.3}};
  for (int rep = 0; rep < 5; ++rep) {
    const auto r = run(s, rep);
    constexpr std::uint64_t kAttendees = 4 * 40;  // four events of 40, all long over by the end
    EXPECT_EQ(r.metric("outreach.events"), 4.0);
    EXPECT_EQ(r.metric("outreach.people_served"), static_cast<double>(kAttendees));
    EXPECT_EQ(r.patients.created, kAttendees);
    EXPECT_EQ(r.patients.resolved, kAttendees);
    EXPECT_EQ(r.patients.left_unseen + r.patients.in_system, 0u);
    // The serious ones need level 3 (team 2, town 1): each is seen, then referred to the county.
    const double referred = r.metric("outreach.referred");
    EXPECT_GT(referred, 0.0);
    EXPECT_LT(referred, static_cast<double>(kAttendees));
    EXPECT_EQ(referred, r.metric("referrals_up"));
    EXPECT_EQ(static_cast<double>(r.facilities[kTown].resolved) + referred, static_cast<double>(kAttendees));
    EXPECT_EQ(static_cast<double>(r.facilities[kCounty].resolved), referred);
    EXPECT_EQ(r.facilities[kTown].outreach->served, kAttendees);
    EXPECT_EQ(static_cast<double>(r.facilities[kTown].outreach->referred), referred);
    EXPECT_EQ(r.facilities[kTown].visits, kAttendees);
  }
}

TEST(Outreach, HomeLosesTheStaffFromScheduledDepartureToReturn) {
  auto s = outreach_scenario(2, 0, 10);
  s.policy.outreach[0].staff = 3;
  const auto r = run(s);
  const double hours = s.horizon / kHour;
  constexpr int kEvents = 4;
  // 6 h on site and 1 h of travel each way.
  EXPECT_DOUBLE_EQ(r.metric("outreach.home_server_hours_lost"), 3.0 * 8.0 * kEvents);
  EXPECT_DOUBLE_EQ(r.facilities[kCounty].outreach->home_hours_lost, 3.0 * 8.0 * kEvents);
  EXPECT_DOUBLE_EQ(r.facilities[kCounty].server_hours, 10.0 * hours - 3.0 * 8.0 * kEvents);
  EXPECT_DOUBLE_EQ(r.facilities[kTown].server_hours, 2.0 * hours + 3.0 * 6.0 * kEvents);
  EXPECT_EQ(r.metric("expert_visits.home_server_hours_lost"), 0.0);  // the visits' account is apart
}

TEST(Outreach, HomeServerHoursAreClippedToTheMeasuredWindow) {
  auto s = outreach_scenario(2, 0, 10);
  s.policy.outreach[0].staff = 3;
  s.warmup = 11 * kHour;  // the first team left at 08:00 and is away until 16:00
  const auto r = run(s);
  // Departures at 8h + k weeks, k = 0..4 (the fifth 3 h before the end, still away then):
  // 5 h of the first trip, three whole 8 h trips, 3 h of the last.
  EXPECT_DOUBLE_EQ(r.metric("outreach.home_server_hours_lost"), 3.0 * (5 + 3 * 8 + 3));
  EXPECT_EQ(r.metric("outreach.events"), 4.0);
}

TEST(Outreach, FreeClinicWaitsFollowTheDDcRecursion) {
  // Town's own server and the team's two: c = 3 alike servers (same service at the host).
  // 31 attendees 12 min apart (372 min / 31), service exactly 37 min > c x 12, so a queue
  // builds: FCFS, start_k = max(12k, start_{k-3} + 37) = 37 floor(k/3) + 12 (k mod 3), all
  // before the team leaves (start_30 = 370 < 372). Wait_k = floor(k/3) minutes.
  auto s = outreach_scenario(1, 31, 37);
  s.horizon = kWeek;
  s.policy.outreach[0].duration = 372;
  const auto r = run(s);
  double waits = 0;
  for (int k = 0; k < 31; ++k) waits += 37.0 * (k / 3) + 12.0 * (k % 3) - 12.0 * k;
  EXPECT_DOUBLE_EQ(waits, 145.0);
  EXPECT_NEAR(r.facilities[kTown].mean_wait, waits / 31, 1e-9);
  // Utilisation: 31 x 37 busy minutes over the town's own week and the team's 372 minutes.
  EXPECT_NEAR(r.facilities[kTown].utilisation, 31.0 * 37.0 / (kWeek + 2.0 * 372.0), 1e-12);
  EXPECT_EQ(r.metric("outreach.people_served"), 31.0);
}

TEST(Outreach, WithoutItNoMetricsAndNoColumns) {
  auto s = outreach_scenario(2, 10, 10);
  s.policy.outreach.clear();
  const auto r = run(s);
  EXPECT_TRUE(std::isnan(r.metric("outreach.events")));
  EXPECT_FALSE(r.facilities[kTown].outreach.has_value());
  EXPECT_EQ(r.patients.created, 0u);
}

}  // namespace
}  // namespace tiersim::flow
