// The wait for a remote consult's answer against Erlang-C. Village clinics that can treat
// nothing (exponential service, M/M/1 each) consult the county hospital about every patient
// and keep them all (success 1): by Burke's theorem each clinic's departures, and so its
// consults, are Poisson, and their sum is Poisson. The county sees no patient, only consults
// with exponential answer times: an M/M/c queue, whose mean wait must match Erlang-C.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "flow/scenario_builder.hpp"
#include "tiersim/analytic/analytic.hpp"
#include "tiersim/flow/flow_model.hpp"
#include "tiersim/network/network.hpp"
#include "tiersim/stats/results.hpp"

namespace tiersim::flow {
namespace {

using scenario::Distribution;
using scenario::Severity;
using scenario::Tier;

struct Param {
  std::string name;
  int county_servers;
  double answer_mean;   // minutes
  int villages;
};

class ConsultErlangC : public ::testing::TestWithParam<Param> {};

TEST_P(ConsultErlangC, AnswerWaitMatchesMMc) {
  const Param& p = GetParam();
  constexpr double kVillageService = 10, kVillageRho = 0.5;
  const double village_lambda = kVillageRho / kVillageService;  // per minute
  const double per_1000 = 500;
  const double population = village_lambda * kYear * 1000.0 / per_1000;

  testing::ScenarioBuilder b;
  const auto county = b.facility("county", Tier::kCounty, p.county_servers, 0, 0, {3});
  for (int v = 0; v < p.villages; ++v) {
    const auto f = b.facility("v" + std::to_string(v), Tier::kVillage, 1, 0, population, {0});
    b.link(f, county, Distribution::constant(30));
  }
  b.condition("a", Severity::kModerate, 1, per_1000, Distribution::exponential(kVillageService));
  auto& s = b.scenario();
  s.horizon = 60 * kDay;
  s.warmup = 5 * kDay;
  scenario::RemoteConsult rc;
  rc.from = {true, false, false, false};
  rc.to = Tier::kCounty;
  rc.specialties = {true};
  rc.reach = 1;
  rc.success = 1;
  rc.answer = Distribution::exponential(p.answer_mean);
  s.policy.remote_consult = rc;
  const auto net = network::Network::build(s);

  const double lambda = p.villages * village_lambda;
  const double expected = analytic::mmc_mean_wait(lambda, p.answer_mean, p.county_servers);

  constexpr int kReps = 10;
  std::vector<double> waits, util, consults;
  for (int r = 0; r < kReps; ++r) {
    const auto res = simulate_replication(s, net, r);
    EXPECT_EQ(res.metric("referrals_up"), 0.0);
    EXPECT_EQ(res.facilities[county].visits, 0u);
    waits.push_back(res.metric("remote_consult.answer_wait_minutes.mean"));
    util.push_back(res.metric("utilisation.county"));
    consults.push_back(res.metric("remote_consult.consults"));
  }
  // 99% intervals over 10 replications with fixed seeds (deterministic); a 5% bias in the
  // answer wait would fail these cases.
  const auto sm = stats::summarise("wait", waits);
  const double half99 =
      (sm.hi - sm.mean) * stats::student_t_quantile(0.99, kReps - 1) / stats::student_t_quantile(0.95, kReps - 1);
  EXPECT_NEAR(sm.mean, expected, half99) << "Erlang-C wait " << expected;
  const auto u = stats::summarise("u", util);
  EXPECT_NEAR(u.mean, lambda * p.answer_mean / p.county_servers, 3 * (u.hi - u.mean));
  // Every village visit is consulted: consults per replication = lambda x horizon.
  const auto c = stats::summarise("c", consults);
  EXPECT_NEAR(c.mean, lambda * s.horizon, 3 * (c.hi - c.mean));
}

INSTANTIATE_TEST_SUITE_P(Flow, ConsultErlangC,
                         ::testing::Values(Param{"c4_rho0_75", 4, 15, 4}, Param{"c2_rho0_8", 2, 4, 8},
                                           Param{"c1_rho0_6", 1, 6, 2}),
                         [](const ::testing::TestParamInfo<Param>& param_info) { return param_info.param.name; });

}  // namespace
}  // namespace tiersim::flow
