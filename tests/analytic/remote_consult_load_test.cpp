// tiersim analyze with remote consultation: the answering facility carries the consults'
// answer time in its load (utilisation and wait), and a successful consult's share of the
// referrals does not reach it; the expected values are worked out here by hand.
#include <gtest/gtest.h>

#include <string>

#include "flow/scenario_builder.hpp"
#include "tiersim/analytic/analytic.hpp"
#include "tiersim/network/network.hpp"

namespace tiersim::analytic {
namespace {

using scenario::Distribution;
using scenario::Severity;
using scenario::Tier;

constexpr double kRel = 1e-9;

const FacilityEstimate& find(const Analysis& a, const std::string& id) {
  for (const auto& e : a.facilities) {
    if (e.id == id) return e;
  }
  throw std::runtime_error("no estimate for " + id);
}

// Villages that can treat nothing refer every patient to the county (no township between).
testing::ScenarioBuilder villages_under_county(int villages, double population) {
  testing::ScenarioBuilder b;
  const auto county = b.facility("county", Tier::kCounty, 6, 0, 0, {3});
  for (int v = 0; v < villages; ++v) {
    const auto f = b.facility("v" + std::to_string(v), Tier::kVillage, 1, 0, population, {0});
    b.link(f, county, Distribution::constant(30));
  }
  b.condition("a", Severity::kModerate, 1, 500, Distribution::exponential(10)).service_by_tier[2] =
      Distribution::exponential(20);
  return b;
}

scenario::RemoteConsult consult(double success, int reach, Distribution answer) {
  scenario::RemoteConsult rc;
  rc.from = {true, false, false, false};
  rc.specialties = {true};
  rc.reach = reach;
  rc.success = success;
  rc.answer = std::move(answer);
  return rc;
}

TEST(AnalyzeRemoteConsult, AnswerTimeLoadsTheCountyAndSuccessesStayInTheVillage) {
  constexpr int kVillages = 4;
  constexpr double kPopulation = 20000;
  auto b = villages_under_county(kVillages, kPopulation);
  const double lambda = kVillages * kPopulation * 500 / 1000.0 / kYear;  // village visits per minute
  {
    const auto net = network::Network::build(b.scenario());
    const auto analysis = analyze(b.scenario(), net);  // held: find() returns a reference into it
    const auto& c = find(analysis, "county");
    EXPECT_NEAR(c.offered_load, lambda * 20, kRel * lambda * 20);  // every patient referred
  }
  b.scenario().policy.remote_consult = consult(0.6, 1, Distribution::exponential(15));
  const auto net = network::Network::build(b.scenario());
  const auto a = analyze(b.scenario(), net);
  const auto& c = find(a, "county");
  // Patients: the 40% whose consult fails, 20 min each; consults: every village visit, 15 min.
  const double patients = lambda * 0.4, consults = lambda;
  EXPECT_NEAR(c.arrival_rate_per_min, patients + consults, kRel * lambda);
  EXPECT_NEAR(c.offered_load, patients * 20 + consults * 15, kRel * lambda * 20);
  EXPECT_NEAR(c.utilisation, (patients * 20 + consults * 15) / 6, kRel);
  EXPECT_EQ(c.method, "allen-cunneen");  // two exponential means: not one exponential
  const auto& v = find(a, "v0");
  EXPECT_NEAR(v.offered_load, lambda / kVillages * 10, kRel);  // the asking doctor's work is unchanged
}

TEST(AnalyzeRemoteConsult, OnlyConsultsGiveTheErlangCWait) {
  auto b = villages_under_county(2, 20000);
  b.scenario().policy.remote_consult = consult(1.0, 1, Distribution::exponential(15));
  const double lambda = 2 * 20000 * 500 / 1000.0 / kYear;
  const auto net = network::Network::build(b.scenario());
  const auto analysis = analyze(b.scenario(), net);  // held: find() returns a reference into it
  const auto& c = find(analysis, "county");
  EXPECT_EQ(c.method, "erlang-c");
  EXPECT_NEAR(c.arrival_rate_per_min, lambda, kRel * lambda);
  EXPECT_NEAR(c.expected_wait_minutes, mmc_mean_wait(lambda, 15, 6), 1e-9);
}

TEST(AnalyzeRemoteConsult, BeyondReachNoConsults) {
  auto b = villages_under_county(2, 20000);
  b.scenario().conditions[0].required_level = 3;  // village level 0 + reach 1 < 3
  b.scenario().policy.remote_consult = consult(1.0, 1, Distribution::exponential(15));
  const double lambda = 2 * 20000 * 500 / 1000.0 / kYear;
  const auto net = network::Network::build(b.scenario());
  const auto analysis = analyze(b.scenario(), net);  // held: find() returns a reference into it
  const auto& c = find(analysis, "county");
  EXPECT_NEAR(c.offered_load, lambda * 20, kRel * lambda * 20);
  EXPECT_EQ(c.method, "erlang-c");
}

}  // namespace
}  // namespace tiersim::analytic
