// Remote consultation, outcomes that are certain: with success 1 and enough reach nobody is
// referred up from the consulting tiers; with success 0 every patient is referred exactly as
// without the policy (the same patients, from the same facilities); patients are conserved;
// a scenario without the policy has no remote_consult metrics or facility counts.
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <utility>

#include "scenario_builder.hpp"
#include "tiersim/flow/flow_model.hpp"
#include "tiersim/network/network.hpp"

namespace tiersim::flow {
namespace {

using scenario::Distribution;
using scenario::Severity;
using scenario::Tier;
using testing::ScenarioBuilder;

// Two villages under a township under a county; minor, moderate and severe cases needing
// levels 1, 2 and 3; villages and the township misjudge some cases.
ScenarioBuilder three_tiers() {
  ScenarioBuilder b;
  const auto county = b.facility("county", Tier::kCounty, 4, 40, 0, {3});
  const auto town = b.facility("town", Tier::kTownship, 3, 10, 2000, {2});
  const auto v1 = b.facility("v1", Tier::kVillage, 1, 0, 1500, {1});
  const auto v2 = b.facility("v2", Tier::kVillage, 1, 0, 1500, {1});
  b.link(v1, town, Distribution::constant(20));
  b.link(v2, town, Distribution::constant(30));
  b.link(town, county, Distribution::lognormal(40, 10));
  b.condition("minor", Severity::kMinor, 1, 1500, Distribution::exponential(10));
  b.condition("moderate", Severity::kModerate, 2, 300, Distribution::lognormal(15, 5));
  b.condition("severe", Severity::kSevere, 3, 80, Distribution::gamma(30, 10));
  auto& s = b.scenario();
  s.horizon = 30 * kDay;
  s.warmup = 0;
  s.policy.misjudge = {0.1, 0.05, 0, 0};
  return b;
}

scenario::RemoteConsult consult(double success, int reach) {
  scenario::RemoteConsult rc;
  rc.from = {true, true, false, false};
  rc.to = Tier::kCounty;
  rc.specialties = {true};
  rc.reach = reach;
  rc.success = success;
  rc.answer = Distribution::lognormal(15, 5);
  return rc;
}

stats::ReplicationResult run_one(const scenario::Scenario& s, int rep = 0, TraceSink* trace = nullptr) {
  const auto net = network::Network::build(s);
  ReplicationOptions o;
  o.trace = trace;
  return simulate_replication(s, net, rep, o);
}

// Per patient (creation number): the facilities it was referred up from, and where it was resolved.
struct Paths : TraceSink {
  std::map<std::uint64_t, std::vector<FacilityIndex>> referred;
  std::map<std::uint64_t, FacilityIndex> resolved;
  std::map<std::uint64_t, double> created;
  void on_event(int, double minutes, std::uint64_t patient, FacilityIndex facility, TraceEvent e) override {
    if (e == TraceEvent::kCreated) created[patient] = minutes;
    if (e == TraceEvent::kReferUp) referred[patient].push_back(facility);
    if (e == TraceEvent::kResolved) resolved[patient] = facility;
  }
};

TEST(RemoteConsult, SuccessOneWithEnoughReachRefersNobodyUpFromTheConsultingTiers) {
  auto b = three_tiers();
  b.scenario().policy.remote_consult = consult(1.0, 2);  // village 1 + 2 and township 2 + 2 reach level 3
  for (int rep = 0; rep < 3; ++rep) {
    const auto r = run_one(b.scenario(), rep);
    std::uint64_t asked = 0, avoided = 0, answered = 0;
    for (const auto& f : r.facilities) {
      ASSERT_TRUE(f.remote_consult.has_value()) << f.id;
      asked += f.remote_consult->asked;
      avoided += f.remote_consult->avoided;
      answered += f.remote_consult->answered;
      if (f.tier != "county") {
        EXPECT_EQ(f.referred_up, 0u) << f.id;
      }
      if (f.tier == "county") {
        EXPECT_EQ(f.visits, 0u);  // no patient ever arrives there
        EXPECT_EQ(f.remote_consult->asked, 0u);
      } else {
        EXPECT_EQ(f.remote_consult->answered, 0u) << f.id;
      }
    }
    EXPECT_EQ(r.metric("referrals_up"), 0.0);
    EXPECT_EQ(r.metric("referrals_from.village"), 0.0);
    EXPECT_EQ(r.metric("referrals_from.township"), 0.0);
    EXPECT_EQ(r.metric("misjudged_referred"), 0.0);  // the consult corrects every misjudged referral
    EXPECT_EQ(r.metric("county_retention"), 1.0);
    EXPECT_EQ(r.metric("minor_stays_in_village"), 1.0);
    EXPECT_EQ(r.metric("moderate_stays_in_township"), 1.0);
    // Every severe case and the misjudged ones were consulted: over a hundred a month.
    EXPECT_GT(asked, 100u);
    EXPECT_EQ(r.metric("remote_consult.consults"), static_cast<double>(asked));
    EXPECT_EQ(r.metric("remote_consult.referrals_avoided"), static_cast<double>(avoided));
    // Without warm-up every consult asked is answered and kept, except those still open at the end.
    EXPECT_LE(avoided, asked);
    EXPECT_EQ(avoided, answered);
    EXPECT_LE(asked - avoided, r.patients.in_system);
    EXPECT_GE(r.metric("remote_consult.answer_wait_minutes.mean"), 0.0);  // a number: answers were started
    EXPECT_EQ(r.patients.created, r.patients.resolved + r.patients.left_unseen + r.patients.in_system);
  }
}

TEST(RemoteConsult, BeyondReachIsReferredAsToday) {
  // Reach 0: only misjudged (able) cases are within reach; every case beyond is referred.
  auto b = three_tiers();
  b.scenario().policy.remote_consult = consult(1.0, 0);
  const auto r = run_one(b.scenario());
  EXPECT_GT(r.metric("referrals_from.village"), 50.0);
  EXPECT_GT(r.metric("remote_consult.consults"), 0.0);
  EXPECT_EQ(r.metric("misjudged_referred"), 0.0);
  // Without misjudgement nothing is within reach 0 that would be referred: no consults at all.
  b.scenario().policy.misjudge = {0, 0, 0, 0};
  EXPECT_EQ(run_one(b.scenario()).metric("remote_consult.consults"), 0.0);
}

TEST(RemoteConsult, SuccessZeroRefersTheSamePatientsFromTheSameFacilities) {
  // Arrivals and every patient draw are untouched by the consult (its draws are its own):
  // with success 0 each patient takes the same path, only later. Patients created before the
  // last day are compared whole (later ones may be cut off by the end of the horizon).
  auto b = three_tiers();
  Paths off, on;
  const auto r_off = run_one(b.scenario(), 1, &off);
  b.scenario().policy.remote_consult = consult(0.0, 3);
  const auto r_on = run_one(b.scenario(), 1, &on);
  EXPECT_EQ(r_off.patients.created, r_on.patients.created);
  const double cutoff = b.scenario().horizon - kDay;
  std::size_t compared = 0, referred = 0;
  for (const auto& [id, t] : off.created) {
    if (t >= cutoff) continue;
    ++compared;
    ASSERT_TRUE(on.created.count(id));
    EXPECT_EQ(on.created.at(id), t);
    EXPECT_EQ(off.referred[id], on.referred[id]) << "patient " << id;
    ASSERT_TRUE(off.resolved.count(id) && on.resolved.count(id)) << "patient " << id;
    EXPECT_EQ(off.resolved[id], on.resolved[id]) << "patient " << id;
    referred += off.referred[id].empty() ? 0 : 1;
  }
  EXPECT_GT(compared, 500u);
  EXPECT_GT(referred, 100u);
  EXPECT_EQ(r_on.metric("remote_consult.referrals_avoided"), 0.0);
  EXPECT_GT(r_on.metric("remote_consult.consults"), 100.0);
}

// The trace shows each consult: asked of the answering facility, then answered by it, and
// after the answer the patient is resolved or referred at its own facility, at that moment.
struct ConsultTrace : TraceSink {
  struct Step {
    double minutes;
    FacilityIndex facility;
    TraceEvent event;
  };
  std::map<std::uint64_t, std::vector<Step>> steps;
  void on_event(int, double minutes, std::uint64_t patient, FacilityIndex facility, TraceEvent e) override {
    steps[patient].push_back({minutes, facility, e});
  }
};

TEST(RemoteConsult, TheTraceShowsEachConsultAskedAndAnswered) {
  auto b = three_tiers();
  b.scenario().policy.remote_consult = consult(0.6, 2);
  ConsultTrace trace;
  const auto r = run_one(b.scenario(), 0, &trace);
  const FacilityIndex county = 0;  // the first facility of three_tiers()
  std::uint64_t asked = 0, answered = 0, kept = 0, referred = 0;
  for (const auto& [id, steps] : trace.steps) {
    for (std::size_t i = 0; i < steps.size(); ++i) {
      if (steps[i].event == TraceEvent::kConsultAsked) {
        ++asked;
        EXPECT_EQ(steps[i].facility, county) << "patient " << id;
        ASSERT_GE(i, 1u);
        EXPECT_EQ(steps[i - 1].event, TraceEvent::kServiceEnd) << "patient " << id;
        EXPECT_EQ(steps[i - 1].minutes, steps[i].minutes);
      }
      if (steps[i].event != TraceEvent::kConsultAnswered) continue;
      ++answered;
      ASSERT_GE(i, 2u);
      EXPECT_EQ(steps[i - 1].event, TraceEvent::kConsultAsked) << "patient " << id;
      EXPECT_GE(steps[i].minutes, steps[i - 1].minutes);
      ASSERT_LT(i + 1, steps.size()) << "patient " << id;
      const ConsultTrace::Step& next = steps[i + 1];
      EXPECT_EQ(next.minutes, steps[i].minutes);
      EXPECT_EQ(next.facility, steps[i - 2].facility) << "decided where the patient was served";
      if (next.event == TraceEvent::kResolved) ++kept;
      else if (next.event == TraceEvent::kReferUp) ++referred;
      else ADD_FAILURE() << "patient " << id << ": " << trace_event_name(next.event) << " after an answer";
    }
  }
  EXPECT_EQ(static_cast<double>(asked), r.metric("remote_consult.consults"));  // no warm-up: all counted
  EXPECT_EQ(static_cast<double>(kept), r.metric("remote_consult.referrals_avoided"));
  EXPECT_LE(answered, asked);
  EXPECT_GT(kept, 50u);
  EXPECT_GT(referred, 20u);
}

TEST(RemoteConsult, PatientsAreConservedWithBedsMisjudgementAndReneging) {
  auto b = three_tiers();
  auto& s = b.scenario();
  s.warmup = 2 * kDay;
  s.conditions[1].admission = scenario::Admission{0.3, Distribution::lognormal(2 * kDay, kDay)};
  s.conditions[2].admission = scenario::Admission{0.8, Distribution::lognormal(5 * kDay, 2 * kDay)};
  s.facilities[1].beds = 3;  // the township fills up: blocked admissions after a consult
  s.policy.when_full = scenario::WhenFull::kRefer;
  s.policy.reneging = scenario::Reneging{Distribution::exponential(30), {true, true, false, false}, true};
  s.policy.remote_consult = consult(0.6, 1);
  s.policy.remote_consult->answer = Distribution::exponential(40);
  s.facilities[0].servers = 1;  // answers queue behind the county's patients
  for (int rep = 0; rep < 3; ++rep) {
    const auto r = run_one(s, rep);
    EXPECT_EQ(r.patients.created, r.patients.resolved + r.patients.left_unseen + r.patients.in_system);
    EXPECT_GT(r.metric("remote_consult.consults"), 0.0);
    EXPECT_GT(r.metric("remote_consult.referrals_avoided"), 0.0);
    EXPECT_LT(r.metric("remote_consult.referrals_avoided"), r.metric("remote_consult.consults"));
    EXPECT_GT(r.metric("blocked_admissions"), 0.0);
  }
}

TEST(RemoteConsult, OnlyTheListedSpecialtiesAndTiersConsult) {
  ScenarioBuilder b({"general", "cardiology"});
  const auto county = b.facility("county", Tier::kCounty, 4, 0, 0, {3, 3});
  const auto town = b.facility("town", Tier::kTownship, 3, 0, 2000, {1, 1});
  const auto v1 = b.facility("v1", Tier::kVillage, 1, 0, 1500, {1, 1});
  b.link(v1, town, Distribution::constant(20));
  b.link(town, county, Distribution::constant(40));
  b.condition("general", Severity::kModerate, 2, 500, Distribution::exponential(10), 0);
  b.condition("heart", Severity::kModerate, 2, 500, Distribution::exponential(10), 1);
  auto& s = b.scenario();
  s.horizon = 20 * kDay;
  auto rc = consult(1.0, 1);
  rc.from = {false, true, false, false};  // the township only
  rc.specialties = {false, true};         // cardiology only
  s.policy.remote_consult = rc;
  const auto r = run_one(s);
  // Villages refer everything (no consults); the township keeps heart cases and refers general ones.
  EXPECT_EQ(r.facilities[v1].remote_consult->asked, 0u);
  EXPECT_GT(r.facilities[v1].referred_up, 50u);
  EXPECT_GT(r.facilities[town].remote_consult->avoided, 100u);
  EXPECT_GT(r.facilities[town].referred_up, 50u);
  EXPECT_EQ(r.facilities[county].remote_consult->answered, r.facilities[town].remote_consult->avoided);
}

TEST(RemoteConsult, WithoutThePolicyNoMetricsAndNoFacilityCounts) {
  const auto r = run_one(three_tiers().build());
  for (const auto& m : r.metrics) EXPECT_EQ(m.name.rfind("remote_consult.", 0), std::string::npos) << m.name;
  for (const auto& f : r.facilities) EXPECT_FALSE(f.remote_consult.has_value());
}

}  // namespace
}  // namespace tiersim::flow
